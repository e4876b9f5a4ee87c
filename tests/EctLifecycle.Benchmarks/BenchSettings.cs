using EctLifecycle.TestSupport;
namespace EctLifecycle.Benchmarks;

/// <summary>What one run measures and where: the database, the app's own schema, the built app and the size.</summary>
public sealed record BenchSettings(string Connection, string Schema, string AppDll, Size Size, int Seed, bool Smoke, string Command)
{
    /// <summary>The measures of this run beside the import (which every run needs): all when null.</summary>
    public IReadOnlySet<string>? Only { get; init; }

    public static readonly string[] Measures = ["import", "bulkinsert", "logging", "rebuild", "project", "portfolio", "drifts", "durability", "figure", "analyses", "together"];

    public bool Runs(string measure) => Only is null || Only.Contains(measure);

    /// <summary>
    /// The portfolio a previous run of the same size and seed imported is measured again as it is: no import, no raw
    /// insert (at L the import alone takes twenty minutes or more). The logging measure adds to it.
    /// </summary>
    public bool ReuseData { get; init; }

}
