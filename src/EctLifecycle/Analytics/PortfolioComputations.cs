namespace EctLifecycle.Analytics;

/// <summary>
/// The computations that read every project's periods at once, the durability report of the portfolio (the route, the
/// command and the reports' page), the day's watch list, the heaviest analyses (<see cref="Analyses"/>, their routes and
/// the analyses page) and the portfolio's export (its routes), taken one at a time in an app instance (the setting
/// <c>Reports:PortfolioComputationsAtOnce</c>, 1 by default): the others wait their turn. A turn covers the computation,
/// not the writing of its answer (the report's JSON is written after its turn is given back). At L (100,000 projects) a report held 1.2 GB at its peak and the list 0.85 GB;
/// the two at once, a report asked right after a start while the start's list was computed, 1.73 GB, past the memory's
/// target of 1.5 GB, and no sooner on the two cores (48 s for the report, against 21 s for the list then 27 s for the
/// report one after the other: docs/benchmarks.md).
/// </summary>
public sealed class PortfolioComputations
{
    public const string Setting = "Reports:PortfolioComputationsAtOnce";

    private readonly SemaphoreSlim _turns;
    private int _waiting;

    public PortfolioComputations(int atOnce = 1)
    {
        if (atOnce < 1)
            throw new InvalidOperationException($"Réglage Reports__PortfolioComputationsAtOnce : {atOnce} refusé, au moins 1 calcul à la fois.");
        AtOnce = atOnce;
        _turns = new SemaphoreSlim(atOnce, atOnce);
    }

    public int AtOnce { get; }

    /// <summary>
    /// The analyses (their routes' and pages' names) that read every project at once and take their turn too: at L the
    /// entrepreneurial figure held 1.1 GB, what projects produce 0.79 GB, the lineage 0.76 GB, and at M the network 1.4 GB
    /// (docs/benchmarks.md); the typology's clustering and the pillars' persistence read every project's periods and arcs as
    /// the report does, and the hub's events fold every project's timeline. The others (portfolio, distribution, sample,
    /// drifts, grids' comparison, territory) read the index of the dates (2 s at most at L) and do not wait behind a report
    /// of 25 s.
    /// </summary>
    public static readonly IReadOnlySet<string> Analyses = new HashSet<string>(
        ["entrepreneurial-figure", "outputs", "lineage", "network", "typology", "persistence", "hub-events"], StringComparer.Ordinal);

    /// <summary><paramref name="compute"/> in its turn if the analysis <paramref name="name"/> takes turns (<see cref="Analyses"/>), else at once.</summary>
    public Task<T> AnalysisAsync<T>(string name, Func<Task<T>> compute, CancellationToken ct) =>
        Analyses.Contains(name) ? RunAsync(compute, ct) : compute();

    /// <summary>The computations waiting for their turn now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>The computations running now.</summary>
    public int Running => AtOnce - _turns.CurrentCount;

    /// <summary><paramref name="work"/> once its turn has come (a cancelled caller leaves the queue).</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        Interlocked.Increment(ref _waiting);
        try { await _turns.WaitAsync(ct); }
        finally { Interlocked.Decrement(ref _waiting); }
        try { return await work(); }
        finally
        {
            // The next one waiting starts on a heap compacted of this one's garbage, rather than growing it further: at L,
            // the durability report then the entrepreneurial figure one after the other peaked at 1,533 MB without this
            // (docs/benchmarks.md, measure 10). One blocking collection per portfolio-wide computation, none when nobody waits.
            if (Volatile.Read(ref _waiting) > 0) GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            _turns.Release();
        }
    }

    public async Task RunAsync(Func<Task> work, CancellationToken ct) =>
        await RunAsync(async () => { await work(); return true; }, ct);

    public static void Register(IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton(new PortfolioComputations(configuration.GetValue(Setting, 1)));
}
