using System.Text.RegularExpressions;

namespace EctLifecycle.Communes;

/// <summary>A commune a stored text may mean, and why, in French.</summary>
public sealed record CommuneMatch(Commune Commune, string Why);

/// <summary>
/// The communes a free text typed before the code existed may mean (the demo's, an import's): the same name, exactly or
/// once accents, case, hyphens and « St »/« Saint » are set aside; homonyms all listed, those of the preferred
/// département first (<see cref="TerritorySettings.Departement"/>), a « (39) » after the name choosing the département.
/// Only proposals: staff confirm one (a <c>communePlaced</c> milestone), nothing is linked by itself.
/// </summary>
public static partial class CommuneMatching
{
    [GeneratedRegex(@"^(?<name>.*?)\s*\((?<dep>\d[\dAB]|\d{3})\)\s*$")]
    private static partial Regex WithDepartement();

    public static IReadOnlyList<CommuneMatch> Propose(CommuneCatalog catalog, string text, string preferredDepartement)
    {
        var name = text.Trim();
        string? departement = null;
        if (WithDepartement().Match(name) is { Success: true } m) (name, departement) = (m.Groups["name"].Value, m.Groups["dep"].Value);
        var named = catalog.Named(name).Where(c => departement is null || c.Departement == departement).ToList();
        if (named.Count == 0) return [];
        var homonyms = named.Count > 1
            ? $" ; {named.Count} communes portent ce nom, celles du département {preferredDepartement} d'abord (réglage Territory:Departement)"
            : "";
        return named
            .OrderBy(c => c.Departement == preferredDepartement ? 0 : 1).ThenByDescending(c => c.Population).ThenBy(c => c.Code, StringComparer.Ordinal)
            .Select(c => new CommuneMatch(c, (string.Equals(c.Name, name, StringComparison.Ordinal)
                ? "nom exact" : "même nom aux accents, majuscules, tirets et « St »/« Saint » près")
                + (departement is not null ? $", département {departement} indiqué" : "") + homonyms))
            .ToList();
    }
}
