using EctLifecycle.Projects;

namespace EctLifecycle.Portfolio;

/// <summary>
/// What an import needs of the stored lineage to check a <c>bornOf</c> as the API does (<see cref="BornOfKind.CheckAcrossAsync"/>):
/// the stored projects the milestone sheet names as sources (the cell as typed, normalized → the key the API stores,
/// <see cref="ProjectKey.Of"/>), and each stored project's sources (key → keys).
/// </summary>
public sealed record ImportLineage(
    IReadOnlyDictionary<string, string> StoredSources,
    IReadOnlyDictionary<string, List<(string Source, DateOnly On)>> Sources)
{
    public static readonly ImportLineage None = new(new Dictionary<string, string>(), new Dictionary<string, List<(string, DateOnly)>>());

    /// <summary>The cells of the milestone sheet's <c>sourceProject</c> column, normalized.</summary>
    public static IReadOnlyList<string> SourceCells(PortfolioFile file) =>
        file.Milestones.Select(r => r["sourceProject"]).OfType<string>().Where(k => ProjectKey.Problem(k) is null)
            .Select(ProjectKey.Normalize).Distinct().ToList();

    /// <summary>Whether a milestone row is a <c>bornOf</c> (its type as the wire name or the French label).</summary>
    public static bool IsBornOf(PortfolioRow row) =>
        row["type"] is { } type && (FrenchLabels.MilestoneTypeOf(type) ?? type.Trim()) == "bornOf";
}
