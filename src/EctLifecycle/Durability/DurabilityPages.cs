using EctLifecycle.Actors;
using EctLifecycle.Analytics;
using EctLifecycle.EventStore;
using EctLifecycle.Persistence;
using EctLifecycle.Scoring;
using EctLifecycle.ScoreHistory;
using Marten;
using Wolverine;
using Wolverine.Attributes;

namespace EctLifecycle.Durability;

/// <summary>The reports' page's report at <paramref name="AsOf"/> under the grid <paramref name="Grid"/> to compute and keep, asked by its first view.</summary>
public sealed record DurabilityPageDue(DateOnly AsOf, string Grid);

/// <summary>
/// What the reports' page (<c>/rapports</c>) shows of a portfolio report: the report, its pillars' persistence cut to the
/// projects the page lists (<see cref="DurabilityPages.PersistenceListed"/> of each trend) and without every project's arcs,
/// which the downloads give; the trends' counts; when it was computed and how long it took.
/// </summary>
public sealed record DurabilityPageView(PortfolioReport Report, int DriftedAway, int CameCloser, DateTimeOffset ComputedAt, TimeSpan Took)
{
    public static DurabilityPageView Of(PortfolioReport report, DateTimeOffset computedAt, TimeSpan took) => new(
        report with
        {
            Persistence = report.Persistence with
            {
                Projects = [],
                DriftedAway = [.. report.Persistence.DriftedAway.Take(DurabilityPages.PersistenceListed)],
                CameCloser = [.. report.Persistence.CameCloser.Take(DurabilityPages.PersistenceListed)],
            },
        },
        report.Persistence.DriftedAway.Count, report.Persistence.CameCloser.Count, computedAt, took);
}

/// <summary>
/// How a view of the reports' page found its report: <see cref="View"/> when computed (kept, or within the view's wait);
/// otherwise being computed for <see cref="For"/>, <see cref="WaitingForTurn"/> behind another portfolio-wide computation
/// (<see cref="PortfolioComputations"/>), the last one having taken <see cref="LastTook"/>; or <see cref="Failed"/>.
/// </summary>
public sealed record DurabilityPageRead(DurabilityPageView? View, TimeSpan For, bool WaitingForTurn, TimeSpan? LastTook, bool Failed);

/// <summary>
/// The reports' page's reports, computed by Wolverine (<see cref="DurabilityPageDue"/>) in their turn among the instance's
/// portfolio-wide computations and kept in the instance's memory, each with the mark of the data it was computed from
/// (<see cref="DataMark"/>: every stream's version, the erasures, the grid's rules and its periods' rebuild). At L (100,000
/// projects) a report takes 20-30 s: before, each view computed it in its request, the next page of a list as much as the
/// first, and the page said nothing meanwhile (docs/benchmarks.md).
/// </summary>
/// <remarks>
/// A view never shows a report older than its own data: one kept whose mark differs (a milestone, a retraction, a new
/// project, an erasure, a changed grid file since) is computed again. A view waits for the report up to the setting
/// <c>Reports:WaitAtView</c> (3 s by default: a report at M comes within it); past it, the page says it is being computed
/// and reloads itself. <c>Reports:PagesKept</c> reports are kept at most (4 by default), the least recently viewed dropped
/// first: the page's lists without every project's arcs, some 100 MB at L. Each instance keeps its own.
/// </remarks>
public sealed class DurabilityPages(TimeSpan wait, int kept)
{
    public const string WaitSetting = "Reports:WaitAtView", KeptSetting = "Reports:PagesKept";

    /// <summary>How many projects of each trend of the pillars' persistence the page lists (all of them in the downloads).</summary>
    public const int PersistenceListed = 25;

    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(3);

    private readonly Lock _gate = new();
    private readonly Dictionary<(DateOnly, string), Kept> _kept = [];
    private readonly Dictionary<(DateOnly, string), Pending> _pending = [];
    private long _marks;
    private TimeSpan? _lastTook;

    /// <summary>How long a view waits for a report being computed (the setting; a test of the page's wait shortens it).</summary>
    public TimeSpan Wait { get; set; } = wait;

    /// <summary>The reports kept now.</summary>
    public int KeptCount { get { lock (_gate) return _kept.Count; } }

    /// <summary>The reports computed since the start.</summary>
    public int Computations => Volatile.Read(ref _computations);

    private int _computations;

    /// <summary>
    /// The report at <paramref name="asOf"/> under <paramref name="grid"/> for a view: the one kept if its data has not moved
    /// since; else the one being computed, or one asked of Wolverine, awaited up to <see cref="Wait"/>.
    /// </summary>
    public async Task<DurabilityPageRead> ReadAsync(IDocumentStore store, IMessageBus bus, DateOnly asOf, Grid grid, CancellationToken ct)
    {
        var key = (asOf, grid.Version);
        var mark = await MarkAsync(store, grid, ct);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            Pending pending;
            var ask = false;
            lock (_gate)
            {
                if (_kept.TryGetValue(key, out var kept) && kept.Mark.Same(mark))
                {
                    kept.Viewed = System.Diagnostics.Stopwatch.GetTimestamp();
                    return new(kept.View, TimeSpan.Zero, false, _lastTook, false);
                }
                if (!_pending.TryGetValue(key, out pending!)) (_pending[key], ask) = (pending = new Pending(), true);
            }
            if (ask) await bus.PublishAsync(new DurabilityPageDue(asOf, grid.Version));
            var left = Wait - System.Diagnostics.Stopwatch.GetElapsedTime(started);
            if (left > TimeSpan.Zero) await Task.WhenAny(pending.Done.Task, Task.Delay(left, ct));
            ct.ThrowIfCancellationRequested();
            if (!pending.Done.Task.IsCompleted)
                return new(null, System.Diagnostics.Stopwatch.GetElapsedTime(pending.Since), !pending.Running, _lastTook, false);
            if (pending.Done.Task.IsFaulted) return new(null, TimeSpan.Zero, false, _lastTook, true);
            // A report from data read after this view's (its own writes included), or from the same data: shown. One from
            // data read before (its computation began earlier): asked again, while the wait lasts.
            var (view, computedFrom) = pending.Done.Task.Result;
            if (computedFrom.Same(mark) || computedFrom.Order > mark.Order) return new(view, TimeSpan.Zero, false, _lastTook, false);
        }
    }

    /// <summary>
    /// Computes the report asked (<see cref="ComputeAsync"/>) in its turn, keeps it and hands it to the views waiting for
    /// it; a failure is handed to them too (their page says so, and a reload asks again).
    /// </summary>
    internal async Task ComputeAndKeepAsync(DurabilityPageDue due, Grid grid, Func<Task<PortfolioReport>> compute, IDocumentStore store,
        PortfolioComputations computations, TimeProvider time, CancellationToken ct)
    {
        var key = (due.AsOf, grid.Version);
        Pending pending;
        lock (_gate) if (!_pending.TryGetValue(key, out pending!)) _pending[key] = pending = new Pending();
        try
        {
            var (view, mark) = await computations.RunAsync(async () =>
            {
                pending.Running = true;
                var began = System.Diagnostics.Stopwatch.GetTimestamp();
                // The mark first: a write committed meanwhile makes the report kept differ from the data, and computed again.
                var mark = await MarkAsync(store, grid, ct);
                var report = await compute();
                Interlocked.Increment(ref _computations);
                return (DurabilityPageView.Of(report, time.GetUtcNow(), System.Diagnostics.Stopwatch.GetElapsedTime(began)), mark);
            }, ct);
            lock (_gate)
            {
                _kept[key] = new Kept(view, mark) { Viewed = System.Diagnostics.Stopwatch.GetTimestamp() };
                foreach (var old in _kept.OrderByDescending(x => x.Value.Viewed).Skip(kept).Select(x => x.Key).ToList()) _kept.Remove(old);
                _lastTook = view.Took;
                _pending.Remove(key);
            }
            pending.Done.TrySetResult((view, mark));
        }
        catch (Exception e)
        {
            lock (_gate) _pending.Remove(key);
            pending.Done.TrySetException(e);
            throw;
        }
    }

    private async Task<DataMark> MarkAsync(IDocumentStore store, Grid grid, CancellationToken ct)
    {
        var order = Interlocked.Increment(ref _marks);
        var (versions, erasures) = await store.EventRows().ReadVersionsAsync(ct);
        long sum = 0, mixed = 0;
        foreach (var (id, version) in versions) unchecked { sum += version; mixed += HashCode.Combine(id, version); }
        await using var session = store.QuerySession();
        var rebuilt = (await session.LoadAsync<ScoreHistoryGrid>(grid.Version, ct))?.Fingerprint;
        return new DataMark(versions.Count, sum, mixed, erasures, ScorePeriods.Fingerprint(grid), rebuilt, order);
    }

    /// <summary>
    /// The data a report was computed from: every live stream's version (their count, sum and a sum of each pair's hash:
    /// a stream appended to, added or archived moves it), the erasures' mark, the grid's rules and those its periods were
    /// last rebuilt with; <see cref="Order"/>, when it was read among this instance's marks.
    /// </summary>
    private sealed record DataMark(int Streams, long Versions, long Mixed, ErasureMark Erasures, string Rules, string? Rebuilt, long Order)
    {
        public bool Same(DataMark other) => this with { Order = 0 } == other with { Order = 0 };
    }

    private sealed class Kept(DurabilityPageView view, DataMark mark)
    {
        public DurabilityPageView View { get; } = view;
        public DataMark Mark { get; } = mark;
        public long Viewed { get; set; }
    }

    private sealed class Pending
    {
        public long Since { get; } = System.Diagnostics.Stopwatch.GetTimestamp();
        public volatile bool Running;
        public TaskCompletionSource<(DurabilityPageView, DataMark)> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public static void Register(IServiceCollection services, IConfiguration configuration)
    {
        var wait = configuration.GetValue(WaitSetting, DefaultWait);
        var kept = configuration.GetValue(KeptSetting, 4);
        if (kept < 1) throw new InvalidOperationException($"Réglage Reports__PagesKept : {kept} refusé, au moins 1 rapport gardé.");
        if (wait < TimeSpan.Zero) throw new InvalidOperationException($"Réglage Reports__WaitAtView : {wait} refusé, une attente ne peut pas être négative.");
        services.AddSingleton(new DurabilityPages(wait, kept));
    }
}

public static class DurabilityPageDueHandler
{
    /// <summary>
    /// Computes the reports' page's report (the portfolio's durability and the actors who went on) and keeps it
    /// (<see cref="DurabilityPages"/>), in its turn among the instance's portfolio-wide computations: its timeout counts the
    /// wait for that turn too (the day's watch list's).
    /// </summary>
    [MessageTimeout(WatchListDueHandler.TimeoutSeconds)]
    public static async Task Handle(
        DurabilityPageDue due, DurabilityPages pages, IDocumentStore store, GridCatalog grids, PersistenceRules persistence,
        IActorIdentities identities, PortfolioComputations computations, BusinessCalendar calendar, ILogger<DurabilityPages> log, CancellationToken ct)
    {
        if (grids.Find(due.Grid) is not { } grid) return;
        var p = new AnalyticsParameters(due.AsOf, grid, null);
        await pages.ComputeAndKeepAsync(due, grid, async () =>
        {
            await using var session = store.QuerySession();
            return await PortfolioReport.OfAsync(await PortfolioHistory.LoadAsync(session, p, ct), p, ct, persistence) with
            {
                ActorsWentOn = await ActorsAfterStop.OfAsync(session, p, identities, ct),
            };
        }, store, computations, calendar.Time, ct);
        log.LogInformation("Rapport de durabilité du {Jour:dd/MM/yyyy} (grille {Grille}) calculé pour la page des rapports.", due.AsOf, grid.Version);
    }
}
