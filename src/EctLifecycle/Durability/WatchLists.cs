using EctLifecycle.Analytics;
using EctLifecycle.EventStore;
using EctLifecycle.Plans;
using EctLifecycle.Scoring;
using EctLifecycle.ScoreHistory;
using Marten;
using Microsoft.Extensions.Hosting;
using Wolverine;
using Wolverine.Attributes;

namespace EctLifecycle.Durability;

/// <summary>
/// The watch list of a Paris day under a grid, every live project's entry with enough signals (<see cref="WatchRules"/>),
/// computed by Wolverine (<see cref="WatchListDue"/>) and kept as a Marten document, with each stream's version and the
/// erasures' mark read before the periods it was computed from. The staff's portfolio page reads it instead of every
/// project's whole period at the day and two years before: at L (100,000 projects) that took 4.2-4.6 s of each view warm,
/// and half a minute after a start (docs/benchmarks.md).
/// </summary>
/// <remarks>
/// A reader never sees it stale: a project whose stream moved since (a milestone, a retraction, a new project) is computed
/// again from its periods, which the inline projection wrote with its events; an erasure since, a new build of the app or
/// another grid file set it aside whole (<see cref="WatchLists.ForAsync"/>).
/// </remarks>
public sealed class WatchListSnapshot
{
    /// <summary>"{grid version}:{day, yyyy-MM-dd}".</summary>
    public string Id { get; set; } = "";
    public string Grid { get; set; } = "";
    public DateOnly Day { get; set; }
    /// <summary>The grid's rules it was computed with (<see cref="ScorePeriods.Fingerprint"/>).</summary>
    public string GridFingerprint { get; set; } = "";
    /// <summary>The build of the app that computed it: another build may read the signals otherwise.</summary>
    public Guid Build { get; set; }
    public DateTimeOffset ComputedAt { get; set; }
    /// <summary>The completed erasures when it was computed (<see cref="IEventRows.ReadVersionsAsync"/>).</summary>
    public ErasureMark Erasures { get; set; } = new(0, null);
    /// <summary>Every live stream's version, read before the periods.</summary>
    public Dictionary<Guid, long> Versions { get; set; } = [];
    /// <summary>The projects listed, those with the most signals first, then by key.</summary>
    public List<WatchEntry> Entries { get; set; } = [];

    public static string IdOf(Grid grid, DateOnly day) => $"{grid.Version}:{day:yyyy-MM-dd}";

    /// <summary>Whether this build, with this grid file, would have computed the same entries.</summary>
    public bool Holds(Grid grid) => Build == WatchLists.Build && Grid == grid.Version && GridFingerprint == ScorePeriods.Fingerprint(grid);
}

/// <summary>
/// The watch list of <paramref name="Day"/> under the grid <paramref name="Grid"/> to compute and keep, asked at
/// <paramref name="RequestedAt"/>: by the day's job at Paris midnight, and by a reader that found none it could use.
/// </summary>
public sealed record WatchListDue(DateOnly Day, string Grid, DateTimeOffset RequestedAt);

public static class WatchLists
{
    /// <summary>
    /// Beyond this many streams moved since the kept list was computed (an import), the reader computes the whole list
    /// again and asks for a new one: each project moved costs a read of its period; the whole list, one read of every period.
    /// </summary>
    public const int MostMovedStreams = 2_000;

    /// <summary>This build of the app (<see cref="WatchListSnapshot.Build"/>).</summary>
    public static Guid Build { get; } = typeof(WatchLists).Assembly.ManifestModule.ModuleVersionId;

    /// <summary>How a watch list was read, for the page's readers and the tests.</summary>
    public enum Source { Kept, ComputedWhole }

    /// <summary>
    /// The entries of the projects <paramref name="shown"/> (their periods holding at <paramref name="day"/>; their facts are
    /// enough) at <paramref name="day"/>, in the watch list's order, as <see cref="WatchRules.OfAsync"/> computes them: from
    /// the kept list, the projects moved since computed again, or computed whole when no kept list can be used, in which
    /// case a new one is asked of Wolverine.
    /// </summary>
    public static async Task<(IReadOnlyList<WatchEntry> Entries, Source Source)> ForAsync(
        IQuerySession session, PortfolioHistory history, IReadOnlyList<ScorePeriod> shown, DateOnly day, Grid grid,
        IMessageBus bus, TimeProvider time, CancellationToken ct)
    {
        var ids = shown.Select(s => s.ProjectId).ToHashSet();
        if (await session.LoadAsync<WatchListSnapshot>(WatchListSnapshot.IdOf(grid, day), ct) is { } kept && kept.Holds(grid))
        {
            var (versions, erasures) = await session.DocumentStore.EventRows().ReadVersionsAsync(ct);
            var moved = versions.Where(v => !kept.Versions.TryGetValue(v.Key, out var seen) || seen != v.Value).Select(v => v.Key).ToHashSet();
            if (erasures == kept.Erasures && moved.Count <= MostMovedStreams)
            {
                var again = await history.WholeAtAsync(shown.Where(s => moved.Contains(s.ProjectId)).Select(s => s.ProjectId).ToList(), day, grid, ct);
                var entries = kept.Entries.Where(e => ids.Contains(e.Id) && !moved.Contains(e.Id))
                    .Concat(await WatchRules.OfAsync(history, again, day, grid, ct));
                return (InOrder(entries), Source.Kept);
            }
        }
        await bus.PublishAsync(new WatchListDue(day, grid.Version, time.GetUtcNow()));
        var whole = (await history.AtAsync(day, grid, ct)).Where(s => ids.Contains(s.ProjectId)).ToList();
        return (await WatchRules.OfAsync(history, whole, day, grid, ct), Source.ComputedWhole);
    }

    /// <summary>The watch list's order (<see cref="WatchRules.OfAsync"/>'s): the most signals first, then by key.</summary>
    public static List<WatchEntry> InOrder(IEnumerable<WatchEntry> entries) =>
        entries.OrderByDescending(w => w.Signals.Count).ThenBy(w => w.Key, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Every live project's entry at <paramref name="day"/>: the streams' versions and the erasures' mark read first, so
    /// that a write committed meanwhile shows as moved to the readers, who compute its project again.
    /// </summary>
    public static async Task<WatchListSnapshot> ComputeAsync(IQuerySession session, Grid grid, DateOnly day, DateTimeOffset now, CancellationToken ct)
    {
        var (versions, erasures) = await session.DocumentStore.EventRows().ReadVersionsAsync(ct);
        var history = await PortfolioHistory.LoadAsync(session, new AnalyticsParameters(day, grid, null), ct);
        var entries = await WatchRules.OfAsync(history, await history.AtAsync(day, grid, ct), day, grid, ct);
        return new WatchListSnapshot
        {
            Id = WatchListSnapshot.IdOf(grid, day), Grid = grid.Version, Day = day, GridFingerprint = ScorePeriods.Fingerprint(grid),
            Build = Build, ComputedAt = now, Erasures = erasures, Versions = versions, Entries = [.. entries],
        };
    }
}

public static class WatchListDueHandler
{
    /// <summary>
    /// Computes and keeps the day's watch list, unless one computed since it was asked holds (a reader asks at each view
    /// that finds none, until the first is kept); the earlier days' lists of the grid are dropped. At L the whole list
    /// takes half a minute on a cold cache, past Wolverine's default minute on a busy machine: ten minutes are allowed.
    /// </summary>
    [MessageTimeout(600)]
    public static async Task Handle(
        WatchListDue due, IDocumentSession session, GridCatalog grids, BusinessCalendar calendar, ILogger<WatchListSnapshot> log, CancellationToken ct)
    {
        if (grids.Find(due.Grid) is not { } grid) return;
        if (await session.LoadAsync<WatchListSnapshot>(WatchListSnapshot.IdOf(grid, due.Day), ct) is { } kept
            && kept.Holds(grid) && kept.ComputedAt > due.RequestedAt) return;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var list = await WatchLists.ComputeAsync(session, grid, due.Day, calendar.Time.GetUtcNow(), ct);
        session.Store(list);
        session.DeleteWhere<WatchListSnapshot>(x => x.Grid == grid.Version && x.Day < due.Day);
        await session.SaveChangesAsync(ct);
        log.LogInformation("Liste de surveillance du {Jour:dd/MM/yyyy} (grille {Grille}) : {Projets} projet(s) à surveiller, calculée en {Secondes:0.0} s.",
            due.Day, grid.Version, list.Entries.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}

/// <summary>
/// Once the start's check of the score history is done (its indexes, its rebuild after a grid change), asks for the day's
/// watch list when none kept can be used (a new build of the app, a first start that day), so that the staff's first view
/// of the portfolio after a start reads it instead of computing it whole.
/// </summary>
/// <remarks>
/// The setting <c>WatchList:AskAtStart</c> (true by default) turns it off: the tests' host, whose clock stands still and whose
/// database each test empties, asks for its lists itself.
/// </remarks>
public sealed class WatchListAtStart(
    ScoreHistoryCheck check, IDocumentStore store, GridCatalog grids, BusinessCalendar calendar, IServiceProvider services,
    IHostApplicationLifetime lifetime, IConfiguration configuration, ILogger<WatchListAtStart> log) : BackgroundService
{
    public const string Setting = "WatchList:AskAtStart";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue(Setting, true)) return;
        await Task.Yield();
        try
        {
            // Wolverine takes no message before the host has started.
            var started = new TaskCompletionSource();
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult())) await started.Task.WaitAsync(stoppingToken);
            if (check.ExecuteTask is { } checking) await checking.WaitAsync(stoppingToken);
            var (grid, day) = (grids.Default, calendar.Today);
            await using (var session = store.QuerySession())
                if (await session.LoadAsync<WatchListSnapshot>(WatchListSnapshot.IdOf(grid, day), stoppingToken) is { } kept && kept.Holds(grid)) return;
            using var scope = services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().PublishAsync(new WatchListDue(day, grid.Version, calendar.Time.GetUtcNow()));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not fatal: the first view computes the list whole and asks for it again.
            log.LogWarning(e, "Liste de surveillance du jour : la demande au démarrage a échoué");
        }
    }
}
