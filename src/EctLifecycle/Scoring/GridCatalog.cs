using EctLifecycle.Projects;

namespace EctLifecycle.Scoring;

/// <summary>The grids shipped as data files, loaded and checked once at start-up.</summary>
public sealed class GridCatalog : IAssessmentGrids
{
    public const string DefaultVersion = "v1";

    private readonly Dictionary<string, Grid> _grids;

    public GridCatalog(IEnumerable<Grid> grids)
    {
        _grids = grids.ToDictionary(g => g.Version, StringComparer.OrdinalIgnoreCase);
        if (!_grids.ContainsKey(DefaultVersion))
            throw new InvalidOperationException($"the default ECT grid {DefaultVersion} is missing");
    }

    public Grid Default => _grids[DefaultVersion];

    public IEnumerable<Grid> All => _grids.Values.OrderBy(g => g.Version, StringComparer.Ordinal);

    public IReadOnlyList<string> Versions => All.Select(g => g.Version).ToList();

    public Grid? Find(string? version) =>
        version is not null && _grids.TryGetValue(version, out var grid) ? grid : null;

    public string? Known(string version) => Find(version)?.Version;

    public bool? IsAssessed(string version, string criterionId) =>
        Find(version)?.Find(criterionId) is { } criterion ? criterion.Source == CriterionSource.Assessed : null;

    public static GridCatalog LoadFrom(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"ECT grid folder not found: {folder}");
        return new GridCatalog(Directory.GetFiles(folder, "*.json").Order()
            .Select(f => Grid.Parse(File.ReadAllText(f), Path.GetFileName(f))));
    }

    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "Scoring", "Grids");
}
