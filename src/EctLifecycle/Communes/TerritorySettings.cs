using System.Globalization;

namespace EctLifecycle.Communes;

/// <summary>A population class: communes under <see cref="Below"/> inhabitants (null: no upper bound), with its French label.</summary>
public sealed class PopulationClass
{
    public string Label { get; set; } = "";
    public int? Below { get; set; }
}

/// <summary>
/// What the territory's questions mean, section <c>Territory</c> of appsettings.json (or <c>Territory__…</c> variables).
/// Every value is the tool's default, not the study's: the study asks « Pourquoi peu d'initiatives semblent émerger
/// ailleurs qu'autour de Lons le-Saunier ? » and says neither what « autour » covers nor what is rural.
/// </summary>
public sealed class TerritorySettings
{
    /// <summary>The département preferred among homonyms (the matching's proposals, the commune field's list): the Jura.</summary>
    public string Departement { get; set; } = "39";

    /// <summary>
    /// « Autour de Lons-le-Saunier »: the communes of this EPCI (its SIREN code). Default 200071116, « CA ECLA  (Espace
    /// Communautaire Lons Agglomération) » as the official code writes it.
    /// </summary>
    public string Agglomeration { get; set; } = "200071116";

    /// <summary>INSEE codes that replace the EPCI's communes when given (another reading of « autour de »).</summary>
    public List<string> AgglomerationCommunes { get; set; } = [];

    /// <summary>
    /// Population classes, increasing; the last has no bound. Default: under 2,000 inhabitants (the population INSEE's
    /// urban units start at), 2,000 to 10,000, 10,000 and more: our default, to change here.
    /// </summary>
    public List<PopulationClass> PopulationClasses { get; set; } = [];

    public static readonly IReadOnlyList<PopulationClass> DefaultClasses =
    [
        new() { Label = "moins de 2 000 habitants", Below = 2000 },
        new() { Label = "de 2 000 à 10 000 habitants", Below = 10000 },
        new() { Label = "10 000 habitants et plus" },
    ];

    /// <summary>The classes in force: the configured ones, else the defaults.</summary>
    public IReadOnlyList<PopulationClass> Classes => PopulationClasses.Count > 0 ? PopulationClasses : DefaultClasses;

    /// <summary>What is wrong with the settings, in French (empty when nothing is).</summary>
    public IReadOnlyList<string> Problems(CommuneCatalog catalog)
    {
        var problems = new List<string>();
        var classes = Classes;
        for (var i = 0; i < classes.Count; i++)
        {
            var c = classes[i];
            if (string.IsNullOrWhiteSpace(c.Label)) problems.Add($"Territory:PopulationClasses:{i}:Label est vide");
            if (i < classes.Count - 1 && c.Below is null) problems.Add($"Territory:PopulationClasses:{i}:Below manque (seule la dernière classe n'a pas de borne)");
            if (i == classes.Count - 1 && c.Below is not null) problems.Add($"Territory:PopulationClasses:{i}:Below doit être vide : la dernière classe n'a pas de borne");
            if (i > 0 && c.Below is { } b && classes[i - 1].Below is { } a && b <= a) problems.Add($"Territory:PopulationClasses:{i}:Below ({b}) doit dépasser la borne précédente ({a})");
        }
        if (catalog.Missing is null)
        {
            if (AgglomerationCommunes.Count == 0 && !catalog.EpciNames.ContainsKey(Agglomeration))
                problems.Add($"Territory:Agglomeration « {Agglomeration} » n'est le code SIREN d'aucun EPCI du code officiel géographique");
            foreach (var code in AgglomerationCommunes.Where(c => catalog.Find(c) is null))
                problems.Add($"Territory:AgglomerationCommunes : « {code} » n'est le code INSEE d'aucune commune");
        }
        return problems;
    }

    /// <summary>A class's wire value in French, from its bounds alone: « moins de 2000 habitants ».</summary>
    public static string WireLabel(string wire) => wire switch
    {
        TerritoryValues.Unplaced => "non placé",
        ['<', .. var b] => $"moins de {b} habitants",
        ['>', '=', .. var a] => $"{a} habitants et plus",
        _ when wire.Split('-') is [var a, var b] => $"de {a} à {b} habitants",
        _ => wire,
    };

    /// <summary>A class's wire value, from its bounds: "<2000", "2000-9999", ">=10000".</summary>
    public static string Wire(IReadOnlyList<PopulationClass> classes, int index)
    {
        var from = index == 0 ? (int?)null : classes[index - 1].Below;
        var below = classes[index].Below;
        string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        return (from, below) switch
        {
            (null, { } b) => $"<{N(b)}",
            ({ } a, { } b) => $"{N(a)}-{N(b - 1)}",
            ({ } a, null) => $">={N(a)}",
            _ => "all",
        };
    }
}
