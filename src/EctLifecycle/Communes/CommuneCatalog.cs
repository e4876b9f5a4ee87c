using System.Collections.Frozen;
using System.Text.Json;

namespace EctLifecycle.Communes;

/// <summary>A commune of the official geographic code: its INSEE code, name, département, EPCI and population.</summary>
public sealed record Commune(
    string Code, string Name, string Departement, string DepartementName, string? EpciCode, string? EpciName, int Population)
{
    /// <summary>« Poligny (39) »: the name with its département, which tells homonyms apart.</summary>
    public string Label => $"{Name} ({Departement})";
}

/// <summary>
/// The communes of France as the package @etalab/decoupage-administratif ships them (INSEE's geographic code, the DGCL's
/// EPCI, INSEE's legal populations), read once from the files the build copied (<c>Communes/data/</c>); the current
/// communes only (not the delegated or associated ones, nor Paris', Lyon's and Marseille's arrondissements). The package
/// has no coordinates and no boundaries: the territory is shown in tables and charts, not on a map.
/// </summary>
public sealed class CommuneCatalog
{
    /// <summary>The package and version the build installs (deploy/lib/communes.sh).</summary>
    public const string Source = "@etalab/decoupage-administratif 6.0.0 (code officiel géographique 2026)";

    private readonly FrozenDictionary<string, Commune> _byCode;
    private readonly ILookup<string, Commune> _byKey;
    private readonly IReadOnlyList<(string Key, Commune Commune)> _keyed;

    public CommuneCatalog(IEnumerable<Commune> communes, IReadOnlyDictionary<string, string>? epciNames = null, string? missing = null)
    {
        var all = communes.OrderBy(c => c.Code, StringComparer.Ordinal).ToList();
        _byCode = all.ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);
        _keyed = all.Select(c => (CommuneNames.Key(c.Name), c)).ToList();
        _byKey = _keyed.ToLookup(x => x.Key, x => x.Commune, StringComparer.Ordinal);
        EpciNames = epciNames ?? all.Where(c => c.EpciCode is not null).GroupBy(c => c.EpciCode!).ToDictionary(g => g.Key, g => g.First().EpciName ?? g.Key);
        Missing = missing;
    }

    public IReadOnlyCollection<Commune> All => _byCode.Values;

    public IReadOnlyDictionary<string, string> EpciNames { get; }

    /// <summary>Why the catalog is empty (the data was not installed), in French; null when it was read.</summary>
    public string? Missing { get; }

    public Commune? Find(string code) => _byCode.GetValueOrDefault(code.Trim());

    /// <summary>The communes whose name is this one once accents, case, hyphens and « St » are set aside.</summary>
    public IReadOnlyList<Commune> Named(string text) => _byKey[CommuneNames.Key(text)].ToList();

    /// <summary>
    /// The communes a typed text may mean, best first: the <paramref name="preferredDepartement"/>'s first (« lons » is
    /// Lons-le-Saunier before Lons, Pyrénées-Atlantiques), then the same name, names starting with the text, names with a
    /// word starting with it, then the most populous.
    /// </summary>
    public IReadOnlyList<Commune> Search(string text, string preferredDepartement, int limit = 20)
    {
        var key = CommuneNames.Key(text);
        if (key.Length == 0) return [];
        return _keyed
            .Select(x => (x.Commune, Rank: x.Key == key ? 0 : x.Key.StartsWith(key, StringComparison.Ordinal) ? 1
                : x.Key.Contains(" " + key, StringComparison.Ordinal) ? 2 : -1))
            .Where(x => x.Rank >= 0)
            .OrderBy(x => x.Commune.Departement == preferredDepartement ? 0 : 1).ThenBy(x => x.Rank)
            .ThenByDescending(x => x.Commune.Population).ThenBy(x => x.Commune.Code, StringComparer.Ordinal)
            .Take(limit).Select(x => x.Commune).ToList();
    }

    /// <summary>The catalog of the files in <paramref name="folder"/>, or an empty one saying what is missing.</summary>
    public static CommuneCatalog Load(string folder)
    {
        string File(string name) => Path.Combine(folder, name);
        if (!System.IO.File.Exists(File("communes.json")))
            return new CommuneCatalog([], new Dictionary<string, string>(),
                $"le code officiel géographique n'est pas installé ({File("communes.json")} absent) : la compilation l'installe avec npm (deploy/lib/communes.sh)");
        using var communes = JsonDocument.Parse(System.IO.File.ReadAllBytes(File("communes.json")));
        using var epcis = JsonDocument.Parse(System.IO.File.ReadAllBytes(File("epci.json")));
        using var departements = JsonDocument.Parse(System.IO.File.ReadAllBytes(File("departements.json")));
        var departementNames = departements.RootElement.EnumerateArray().ToDictionary(d => Text(d, "code")!, d => Text(d, "nom")!);
        var epciOf = new Dictionary<string, (string Code, string Name)>();
        var epciNames = new Dictionary<string, string>();
        foreach (var e in epcis.RootElement.EnumerateArray())
        {
            var code = Text(e, "code")!;
            epciNames[code] = Text(e, "nom")!;
            foreach (var m in e.GetProperty("membres").EnumerateArray()) epciOf[Text(m, "code")!] = (code, epciNames[code]);
        }
        var list = new List<Commune>();
        foreach (var c in communes.RootElement.EnumerateArray())
        {
            if (Text(c, "type") != "commune-actuelle") continue;
            var code = Text(c, "code")!;
            var departement = Text(c, "departement")!;
            var epci = epciOf.TryGetValue(code, out var x) ? x : ((string Code, string Name)?)null;
            var population = c.TryGetProperty("population", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : 0;
            list.Add(new Commune(code, Text(c, "nom")!, departement, departementNames.GetValueOrDefault(departement, departement),
                epci?.Code, epci?.Name, population));
        }
        return new CommuneCatalog(list, epciNames);
    }

    /// <summary>The files the build copied beside the app.</summary>
    public static string ShippedFolder => Path.Combine(AppContext.BaseDirectory, "Communes", "data");

    private static readonly Lazy<CommuneCatalog> LazyShipped = new(() => Load(ShippedFolder));

    /// <summary>The shipped catalog, read once per process (about 35,000 communes).</summary>
    public static CommuneCatalog Shipped => LazyShipped.Value;

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() : null;
}
