namespace EctLifecycle.Benchmarks;

/// <summary>
/// A run's size: how many synthetic projects (about 50 events each), and how many times each measure is repeated.
/// XS is the CI smoke size; S, M and L are the sizes. <see cref="ImportRuns"/>: how many times the whole portfolio
/// is imported into an emptied store by the same app (the first run pays the JIT of the import's code; L's ten files
/// already spread it).
/// </summary>
public sealed record Size(
    string Name, int Projects, int Milestones, int ProjectReads, int PortfolioReads, TimeSpan RawLoop, int RawRepeats, TimeSpan WarmUp,
    int ImportRuns)
{
    public static readonly Size XS = new("XS", 40, 160, 20, 2, TimeSpan.FromSeconds(1), 1, TimeSpan.FromSeconds(1), 2);
    public static readonly Size S = new("S", 1_000, 4_000, 300, 10, TimeSpan.FromSeconds(5), 3, TimeSpan.FromSeconds(20), 5);
    public static readonly Size M = new("M", 10_000, 20_000, 500, 5, TimeSpan.FromSeconds(10), 3, TimeSpan.FromSeconds(30), 5);
    public static readonly Size L = new("L", 100_000, 20_000, 500, 3, TimeSpan.FromSeconds(10), 2, TimeSpan.FromSeconds(30), 1);

    public static Size Parse(string name) => name.Trim().ToUpperInvariant() switch
    {
        "XS" => XS, "S" => S, "M" => M, "L" => L,
        _ => throw new ArgumentException($"unknown size {name}: XS, S, M or L"),
    };

    /// <summary>Targets are stated for the M size (and L for portfolio questions); smaller runs only show them.</summary>
    public bool JudgesTargets => Name is "M" or "L";
}
