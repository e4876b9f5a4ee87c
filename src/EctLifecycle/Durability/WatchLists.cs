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
    /// <summary>A new value at each computation (two may share their instant on a clock that stands still): how a waiting reader sees a list replaced.</summary>
    public Guid Computation { get; set; }
    /// <summary>The completed erasures when it was computed (<see cref="IEventRows.ReadVersionsAsync"/>).</summary>
    public ErasureMark Erasures { get; set; } = new(0, null);
    /// <summary>Every live stream's version, read before the periods.</summary>
    public Dictionary<Guid, long> Versions { get; set; } = [];
    /// <summary>The projects listed, those with the most signals first, then by key.</summary>
    public List<WatchEntry> Entries { get; set; } = [];

    public static string IdOf(Grid grid, DateOnly day) => $"{grid.Version}:{day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Whether this build, with this grid file, would have computed the same entries.</summary>
    public bool Holds(Grid grid) => Build == WatchLists.Build && Grid == grid.Version && GridFingerprint == ScorePeriods.Fingerprint(grid);
}

/// <summary>
/// The watch list of <paramref name="Day"/> under the grid <paramref name="Grid"/> to compute and keep, unless one kept can
/// serve: asked by the day's job at Paris midnight, by a start, and by a reader that found none it could use.
/// </summary>
public sealed record WatchListDue(DateOnly Day, string Grid);

public static class WatchLists
{
    /// <summary>
    /// Beyond this many streams moved since the kept list was computed (an import), the reader asks for a new list: each
    /// project moved costs the reader a read of its period; the whole list, one read of every period.
    /// </summary>
    public const int MostMovedStreams = 2_000;

    /// <summary>This build of the app (<see cref="WatchListSnapshot.Build"/>).</summary>
    public static Guid Build { get; } = typeof(WatchLists).Assembly.ManifestModule.ModuleVersionId;

    /// <summary>How a watch list was read, for the page's readers and the tests.</summary>
    public enum Source
    {
        /// <summary>From the list kept for the day, the projects moved since computed again.</summary>
        Kept,
        /// <summary>No list kept could serve: one was asked, and kept within the wait; then read as <see cref="Kept"/>.</summary>
        Asked,
        /// <summary>No list kept could serve, and the one asked was not kept within the wait: no entries (the page says so).</summary>
        Computing,
    }

    /// <summary>
    /// The entries of the projects <paramref name="shown"/> (their periods holding at <paramref name="day"/>; their facts are
    /// enough) at <paramref name="day"/>, in the watch list's order, as <see cref="WatchRules.OfAsync"/> computes them over
    /// every project's whole period: from the list kept for the day, the projects moved since computed again from their
    /// periods. When no list kept can serve, one is asked of Wolverine and awaited up to <paramref name="wait"/>; past it,
    /// null (<see cref="Source.Computing"/>): computed whole in the request instead, the list took a whole read of every
    /// period at each such view, several at once after a start at L, past 1.9 GB of memory (docs/benchmarks.md).
    /// </summary>
    public static async Task<(IReadOnlyList<WatchEntry>? Entries, Source Source)> ForAsync(
        IQuerySession session, PortfolioHistory history, IReadOnlyList<ScorePeriod> shown, DateOnly day, Grid grid,
        IMessageBus bus, TimeSpan wait, CancellationToken ct)
    {
        // A list that cannot serve now never will (its build, grid file and erasures are fixed, its moved streams only grow):
        // the wait reads the list whole again only once another has replaced the one seen first, not at each look (at L,
        // 10 MB each).
        var id = WatchListSnapshot.IdOf(grid, day);
        async Task<Guid> ComputationAsync(IQuerySession read) =>
            (await read.Query<WatchListSnapshot>().Where(x => x.Id == id).Select(x => x.Computation).ToListAsync(ct)).SingleOrDefault();
        var before = await ComputationAsync(session);
        if (await FromKeptAsync(session, history, shown, day, grid, ct) is { } kept) return (kept, Source.Kept);
        await bus.PublishAsync(new WatchListDue(day, grid.Version));
        var waiting = System.Diagnostics.Stopwatch.GetTimestamp();
        while (System.Diagnostics.Stopwatch.GetElapsedTime(waiting) < wait)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
            await using var again = session.DocumentStore.QuerySession();
            if (await ComputationAsync(again) is var computation && computation != Guid.Empty && computation != before
                && await FromKeptAsync(again, history, shown, day, grid, ct) is { } entries) return (entries, Source.Asked);
        }
        return (null, Source.Computing);
    }

    /// <summary>
    /// The list kept for the day, if it can serve, and the streams moved since it was computed: a list of this build, of
    /// this grid file, computed with the same erasures, and at most <see cref="MostMovedStreams"/> streams moved since. The
    /// readers and the handler ask the same (the handler computes no list while one can serve).
    /// </summary>
    public static async Task<(WatchListSnapshot Kept, HashSet<Guid> Moved)?> ServingAsync(IQuerySession session, Grid grid, DateOnly day, CancellationToken ct)
    {
        if (await session.LoadAsync<WatchListSnapshot>(WatchListSnapshot.IdOf(grid, day), ct) is not { } kept || !kept.Holds(grid)) return null;
        var (versions, erasures) = await session.DocumentStore.EventRows().ReadVersionsAsync(ct);
        if (erasures != kept.Erasures) return null;
        var moved = versions.Where(v => !kept.Versions.TryGetValue(v.Key, out var seen) || seen != v.Value).Select(v => v.Key).ToHashSet();
        return moved.Count > MostMovedStreams ? null : (kept, moved);
    }

    // The entries from the list kept, if it can serve, the projects moved since computed again from their periods.
    private static async Task<IReadOnlyList<WatchEntry>?> FromKeptAsync(
        IQuerySession session, PortfolioHistory history, IReadOnlyList<ScorePeriod> shown, DateOnly day, Grid grid, CancellationToken ct)
    {
        if (await ServingAsync(session, grid, day, ct) is not var (kept, moved)) return null;
        var ids = shown.Select(s => s.ProjectId).ToHashSet();
        var again = await history.WholeAtAsync(shown.Where(s => moved.Contains(s.ProjectId)).Select(s => s.ProjectId).ToList(), day, grid, ct);
        return InOrder(kept.Entries.Where(e => ids.Contains(e.Id) && !moved.Contains(e.Id)).Concat(await WatchRules.OfAsync(history, again, day, grid, ct)));
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
            Build = Build, ComputedAt = now, Computation = Guid.NewGuid(), Erasures = erasures, Versions = versions, Entries = [.. entries],
        };
    }
}

public static class WatchListDueHandler
{
    /// <summary>
    /// Wolverine's limit on one computation: at L the whole list takes half a minute, more on a cold cache and a busy
    /// machine, past Wolverine's default minute.
    /// </summary>
    public const int TimeoutSeconds = 600;

    /// <summary>
    /// Computes and keeps the day's watch list, unless one kept can serve (<see cref="WatchLists.ServingAsync"/>: the
    /// requests that came while it was computed find it kept), one computation at a time in the instance; the earlier
    /// days' lists of the grid are dropped. No list is kept while the grid's periods are not all computed from its file (a
    /// rebuild after the file changed): one computed from them would be trusted all day. Its turn is taken among the
    /// instance's portfolio-wide computations (<see cref="PortfolioComputations"/>): not alongside a durability report. The
    /// message's timeout counts the wait for that turn too.
    /// </summary>
    [MessageTimeout(TimeoutSeconds)]
    public static async Task Handle(
        WatchListDue due, IDocumentSession session, GridCatalog grids, BusinessCalendar calendar, PortfolioComputations computations,
        ILogger<WatchListSnapshot> log, CancellationToken ct)
    {
        if (grids.Find(due.Grid) is not { } grid) return;
        await Computing.WaitAsync(ct);
        try
        {
            // Whether a list is needed is asked before the turn (two reads): a list kept already does not wait behind a report.
            await using (var read = session.DocumentStore.QuerySession())
            {
                if (await WatchLists.ServingAsync(read, grid, due.Day, ct) is not null)
                {
                    log.LogInformation("Liste de surveillance du {Jour:dd/MM/yyyy} (grille {Grille}) déjà calculée : gardée.", due.Day, grid.Version);
                    return;
                }
                if (await read.LoadAsync<ScoreHistoryGrid>(grid.Version, ct) is { } mark && mark.Fingerprint != ScorePeriods.Fingerprint(grid))
                {
                    log.LogInformation("Liste de surveillance du {Jour:dd/MM/yyyy} non calculée : l'historique des scores de la grille {Grille} est en reconstruction.", due.Day, grid.Version);
                    return;
                }
            }
            await computations.RunAsync(() => ComputeAndKeepAsync(due, grid, session, calendar, log, ct), ct);
        }
        finally { Computing.Release(); }
    }

    private static readonly SemaphoreSlim Computing = new(1, 1);

    private static async Task ComputeAndKeepAsync(
        WatchListDue due, Grid grid, IDocumentSession session, BusinessCalendar calendar, ILogger<WatchListSnapshot> log, CancellationToken ct)
    {
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
/// watch list, which the handler computes when none kept can be used (a new build of the app, a first start that day), so
/// that the staff's first view of the portfolio after a start reads it.
/// </summary>
/// <remarks>
/// The setting <c>WatchList:AskAtStart</c> (true by default) turns it off: the tests' host, whose clock stands still and whose
/// database each test empties, asks for its lists itself.
/// </remarks>
public sealed class WatchListAtStart(
    ScoreHistoryCheck check, GridCatalog grids, BusinessCalendar calendar, IServiceProvider services,
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
            using var scope = services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().PublishAsync(new WatchListDue(calendar.Today, grids.Default.Version));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not fatal: the first view computes the list whole and asks for it again.
            log.LogWarning(e, "Liste de surveillance du jour : la demande au démarrage a échoué");
        }
    }
}
