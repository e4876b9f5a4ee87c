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
/// otherwise being computed for <see cref="For"/> (since it began, or since it was asked while <see cref="WaitingForTurn"/>
/// behind another portfolio-wide computation, <see cref="PortfolioComputations"/>), the last one having taken
/// <see cref="LastTook"/>; or <see cref="Failed"/>. <see cref="Since"/>: what the page's reloads and links carry
/// (<c>calcul</c>), so that they accept a report computed from data read since (<see cref="DurabilityPages.ReadAsync"/>).
/// </summary>
public sealed record DurabilityPageRead(DurabilityPageView? View, TimeSpan For, bool WaitingForTurn, TimeSpan? LastTook, bool Failed, long Since);

/// <summary>
/// The reports' page's reports, computed by Wolverine (<see cref="DurabilityPageDue"/>) in their turn among the instance's
/// portfolio-wide computations and kept in the instance's memory, each with the mark of the data it was computed from
/// (<see cref="DataMark"/>: every stream's version, the erasures, the grid's rules and its periods' last rebuild). At L
/// (100,000 projects) a report takes 20-30 s: before, each view computed it in its request, the next page of a list as
/// much as the first, and the page said nothing meanwhile (docs/benchmarks.md).
/// </summary>
/// <remarks>
/// <para>A first view (no <c>calcul</c> in its address) shows a report computed from its own data: a report kept whose
/// mark differs (a milestone, a retraction, a new project, an erasure, a changed grid file or a rebuild since) is computed
/// again, so the page is never behind a write its reader made before. The page's reloads while it waits and the links to
/// the other pages of its lists carry <c>calcul</c>, the order of the mark the first view read (or of the report shown):
/// they accept any report computed from data read since, with the same erasures and grid, so that a portfolio written to
/// every minute still shows its report at L, and the pages of a list come from one report.</para>
/// <para>A view waits up to the setting <c>Reports:WaitAtView</c> (3 s by default); past it, the page says the report is
/// being computed, and its script asks each second where it stands (<see cref="StateOf"/>, from memory alone) to show it
/// once ready. A report nobody asked for during <see cref="Unasked"/> when its turn comes (its page was left, another
/// date chosen) is not computed. <c>Reports:PagesKept</c> reports are kept at most (4 by default), the least recently
/// viewed dropped first; those an erasure or a grid change made unusable are dropped at the next view, and an erasure done
/// by this instance drops them all (<see cref="Forget"/>). At L the whole managed heap, one report kept, was 134 MB after a
/// full collection. Each instance keeps its own.</para>
/// </remarks>
public sealed class DurabilityPages(TimeSpan wait, int kept)
{
    public const string WaitSetting = "Reports:WaitAtView", KeptSetting = "Reports:PagesKept";

    /// <summary>How many projects of each trend of the pillars' persistence the page lists (all of them in the downloads).</summary>
    public const int PersistenceListed = 25;

    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(3);

    /// <summary>
    /// A report not asked for this long when its turn comes is not computed: its waiting page asks each second (every 5 s
    /// without its script).
    /// </summary>
    public static readonly TimeSpan Unasked = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<(DateOnly, string), Kept> _kept = [];
    private readonly Dictionary<(DateOnly, string), Pending> _pending = [];
    private long _marks;
    private TimeSpan? _lastTook;
    private int _computations;

    /// <summary>How long a view waits for a report being computed (the setting; a test of the page's wait shortens it).</summary>
    public TimeSpan Wait { get; set; } = wait;

    /// <summary>The reports kept now.</summary>
    public int KeptCount { get { lock (_gate) return _kept.Count; } }

    /// <summary>The reports computed since the start.</summary>
    public int Computations => Volatile.Read(ref _computations);

    /// <summary>
    /// The report at <paramref name="asOf"/> under <paramref name="grid"/> for a view: the one kept if it serves (its data
    /// has not moved since, or it was computed from data read after <paramref name="since"/>); else the one being computed,
    /// or one asked of Wolverine, awaited up to <see cref="Wait"/>.
    /// </summary>
    public async Task<DurabilityPageRead> ReadAsync(IDocumentStore store, IMessageBus bus, DateOnly asOf, Grid grid, long? since, CancellationToken ct)
    {
        var key = (asOf, grid.Version);
        var mark = await MarkAsync(store, grid, ct);
        // An order from before a start (the orders start again with the instance) stands for nothing.
        if (since is { } s && (s < 1 || s > mark.Order)) since = null;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            Pending pending;
            var ask = false;
            lock (_gate)
            {
                DropUnusable(mark, grid);
                if (_kept.TryGetValue(key, out var kept) && (kept.WhileRebuilt ? ServesItsReloads(kept.Mark, mark, since) : Serves(kept.Mark, mark, since)))
                {
                    kept.Viewed = System.Diagnostics.Stopwatch.GetTimestamp();
                    return new(kept.View, TimeSpan.Zero, false, _lastTook, false, kept.Mark.Order);
                }
                if (!_pending.TryGetValue(key, out pending!)) (_pending[key], ask) = (pending = new Pending(), true);
                pending.Ask();
            }
            if (ask)
            {
                try { await bus.PublishAsync(new DurabilityPageDue(asOf, grid.Version)); }
                catch (Exception e)
                {
                    Settle(key, pending, () => pending.Done.TrySetException(e));
                    throw;
                }
            }
            var left = Wait - System.Diagnostics.Stopwatch.GetElapsedTime(started);
            if (left > TimeSpan.Zero) await Task.WhenAny(pending.Done.Task, Task.Delay(left, ct));
            ct.ThrowIfCancellationRequested();
            if (!pending.Done.Task.IsCompleted)
            {
                lock (_gate) return new(null, pending.For, !pending.Running, _lastTook, false, since ?? mark.Order);
            }
            if (pending.Done.Task.IsFaulted) lock (_gate) return new(null, TimeSpan.Zero, false, _lastTook, true, since ?? mark.Order);
            // Not computed (nobody asked for it when its turn came, or its time ran out): asked again.
            if (pending.Done.Task.IsCanceled) continue;
            var (view, computedFrom) = pending.Done.Task.Result;
            if (Serves(computedFrom, mark, since)) return new(view, TimeSpan.Zero, false, _lastTook, false, computedFrom.Order);
            // One from data read before this view's (its computation began earlier): asked again, while the wait lasts.
        }
    }

    /// <summary>
    /// Whether a report computed from <paramref name="from"/> serves a view that read <paramref name="now"/>: computed from
    /// the same data, or from data read after the view's, or (a reload, a link) after <paramref name="since"/> with the
    /// same erasures and grid.
    /// </summary>
    private static bool Serves(DataMark from, DataMark now, long? since) =>
        from.Same(now) || from.Order > now.Order || ServesItsReloads(from, now, since);

    /// <summary>
    /// A reload or a link (<paramref name="since"/>) accepts a report computed from data read after it, with the same erasures
    /// and grid: the one way a report computed while the grid's periods were rebuilt from a changed file serves, so that the
    /// page that asked for it shows it (a first view computes its own, from the periods rebuilt so far).
    /// </summary>
    private static bool ServesItsReloads(DataMark from, DataMark now, long? since) =>
        since is { } s && from.Order >= s && from.SameErasuresAndGrid(now);

    // Under the lock: the reports no view can use any more (an erasure since, another grid file or a rebuild), dropped.
    private void DropUnusable(DataMark now, Grid grid)
    {
        foreach (var (key, k) in _kept.ToList())
            if (k.Mark.Erasures != now.Erasures || (key.Item2 == grid.Version && !k.Mark.SameErasuresAndGrid(now))) _kept.Remove(key);
    }

    /// <summary>Drops every report kept: an erasure done by this instance (the names it masked must not stay in memory).</summary>
    public void Forget()
    {
        lock (_gate) _kept.Clear();
    }

    /// <summary>How the report at <paramref name="asOf"/> stands for a page waiting for it, from this instance's memory alone (no read of the data).</summary>
    public enum State
    {
        /// <summary>Being computed, or waiting for its turn.</summary>
        Computing,
        /// <summary>Computed and kept: the page's reload shows it (or, if data moved meanwhile, asks again).</summary>
        Ready,
        /// <summary>Neither (its computation failed, or another instance took it): the page's reload says so or asks again.</summary>
        None,
    }

    /// <summary>
    /// Where the report at <paramref name="asOf"/> under <paramref name="grid"/> stands, for how long it has been computed
    /// (or has waited for its turn): what the waiting page's script asks each second, which counts as asking for it. At L, a
    /// read of every stream's version each second for each waiting reader would cost more than the wait.
    /// </summary>
    public (State State, TimeSpan For, bool WaitingForTurn) StateOf(DateOnly asOf, Grid grid)
    {
        lock (_gate)
        {
            if (_pending.TryGetValue((asOf, grid.Version), out var pending))
            {
                pending.Ask();
                return (State.Computing, pending.For, !pending.Running);
            }
            return (_kept.ContainsKey((asOf, grid.Version)) ? State.Ready : State.None, TimeSpan.Zero, false);
        }
    }

    /// <summary>
    /// Computes the report asked (<paramref name="compute"/>) in its turn, unless no view of this instance waits for it,
    /// nobody asked for it lately or one kept serves the data read then; keeps it (while the grid's periods are rebuilt from
    /// a changed file, for the reloads of the pages that asked for it only: <see cref="ServesItsReloads"/>) and hands it to
    /// the views waiting for it. A failure is handed to them too (their page says so, a reload asks again). Whether it was
    /// computed (false: not needed, or one kept served).
    /// </summary>
    internal async Task<bool> ComputeAndKeepAsync(DurabilityPageDue due, Grid grid, Func<Task<PortfolioReport>> compute, IDocumentStore store,
        PortfolioComputations computations, TimeProvider time, CancellationToken ct)
    {
        var key = (due.AsOf, grid.Version);
        Pending? pending;
        // No view of this instance waits for it (a message delivered again after a start, or once its views were settled).
        lock (_gate)
            if (!_pending.TryGetValue(key, out pending)) return false;
        var computed = false;
        try
        {
            var done = await computations.RunAsync(async () =>
            {
                if (pending.Unasked) return null;
                pending.Run();
                var began = System.Diagnostics.Stopwatch.GetTimestamp();
                // The mark first: a write committed meanwhile makes the report kept differ from the data, and computed again.
                var mark = await MarkAsync(store, grid, ct);
                lock (_gate)
                    if (_kept.TryGetValue(key, out var fresh) && !fresh.WhileRebuilt && fresh.Mark.Same(mark)) return ((DurabilityPageView, DataMark)?)(fresh.View, fresh.Mark);
                var report = await compute();
                Interlocked.Increment(ref _computations);
                computed = true;
                return (DurabilityPageView.Of(report, time.GetUtcNow(), System.Diagnostics.Stopwatch.GetElapsedTime(began)), mark);
            }, ct);
            if (done is not var (view, mark))
            {
                Settle(key, pending, () => pending.Done.TrySetCanceled());
                return false;
            }
            Settle(key, pending, () =>
            {
                _kept[key] = new Kept(view, mark) { Viewed = pending.Asked, WhileRebuilt = mark.Rebuilt is not null && mark.Rebuilt != mark.Rules };
                foreach (var old in _kept.OrderByDescending(x => x.Value.Viewed).Skip(kept).Select(x => x.Key).ToList()) _kept.Remove(old);
                _lastTook = view.Took;
                pending.Done.TrySetResult((view, mark));
            });
            return computed;
        }
        catch (OperationCanceledException)
        {
            Settle(key, pending, () => pending.Done.TrySetCanceled());
            throw;
        }
        catch (Exception e)
        {
            Settle(key, pending, () => pending.Done.TrySetException(e));
            throw;
        }
    }

    /// <summary>A report asked that will not be computed (its grid gone): the views waiting for it ask again.</summary>
    internal void Abandon(DurabilityPageDue due)
    {
        lock (_gate)
            if (_pending.Remove((due.AsOf, due.Grid), out var pending)) pending.Done.TrySetCanceled();
    }

    // Under the lock: the computation's end, and its entry removed if it is still this one (a message handled twice leaves the
    // other's alone). A failure nobody waits for is observed here (no unobserved task's exception).
    private void Settle((DateOnly, string) key, Pending pending, Action end)
    {
        lock (_gate)
        {
            end();
            if (_pending.TryGetValue(key, out var current) && ReferenceEquals(current, pending)) _pending.Remove(key);
        }
        _ = pending.Done.Task.Exception;
    }

    private async Task<DataMark> MarkAsync(IDocumentStore store, Grid grid, CancellationToken ct)
    {
        var order = Interlocked.Increment(ref _marks);
        var (versions, erasures) = await store.EventRows().ReadVersionsAsync(ct);
        long sum = 0, mixed = 0;
        foreach (var (id, version) in versions) unchecked { sum += version; mixed += HashCode.Combine(id, version); }
        await using var session = store.QuerySession();
        var rebuilt = await session.LoadAsync<ScoreHistoryGrid>(grid.Version, ct);
        return new DataMark(versions.Count, sum, mixed, erasures, ScorePeriods.Fingerprint(grid), rebuilt?.Fingerprint, rebuilt?.Marked, order);
    }

    /// <summary>
    /// The data a report was computed from: every live stream's version (their count, sum and a sum of each pair's hash:
    /// a stream appended to, added or archived moves it), the erasures' mark, the grid's rules and those its periods were
    /// last rebuilt with, and that rebuild's mark (<see cref="ScoreHistoryGrid.Marked"/>: a rebuild asked by an administrator
    /// moves no stream); <see cref="Order"/>, when it was read among this instance's marks.
    /// </summary>
    private sealed record DataMark(int Streams, long Versions, long Mixed, ErasureMark Erasures, string Rules, string? Rebuilt, Guid? Marked, long Order)
    {
        public bool Same(DataMark other) => this with { Order = 0 } == other with { Order = 0 };

        public bool SameErasuresAndGrid(DataMark other) => Erasures == other.Erasures && Rules == other.Rules && Rebuilt == other.Rebuilt && Marked == other.Marked;
    }

    private sealed class Kept(DurabilityPageView view, DataMark mark)
    {
        public DurabilityPageView View { get; } = view;
        public DataMark Mark { get; } = mark;
        public long Viewed { get; set; }
        /// <summary>Computed while the grid's periods were rebuilt from a changed file: serves its page's reloads only.</summary>
        public bool WhileRebuilt { get; init; }
    }

    private sealed class Pending
    {
        private long _asked, _running;
        public long Since { get; } = System.Diagnostics.Stopwatch.GetTimestamp();
        public long Asked => Volatile.Read(ref _asked);
        public bool Running => Volatile.Read(ref _running) != 0;
        public bool Unasked => System.Diagnostics.Stopwatch.GetElapsedTime(Asked) > DurabilityPages.Unasked;
        /// <summary>Since the computation began; before, since it was first asked.</summary>
        public TimeSpan For => System.Diagnostics.Stopwatch.GetElapsedTime(Running ? Volatile.Read(ref _running) : Since);
        public void Ask() => Volatile.Write(ref _asked, System.Diagnostics.Stopwatch.GetTimestamp());
        public void Run() => Volatile.Write(ref _running, System.Diagnostics.Stopwatch.GetTimestamp());
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
        if (grids.Find(due.Grid) is not { } grid)
        {
            pages.Abandon(due);
            return;
        }
        var p = new AnalyticsParameters(due.AsOf, grid, null);
        var computed = await pages.ComputeAndKeepAsync(due, grid, async () =>
        {
            await using var session = store.QuerySession();
            return await PortfolioReport.OfAsync(await PortfolioHistory.LoadAsync(session, p, ct), p, ct, persistence) with
            {
                ActorsWentOn = await ActorsAfterStop.OfAsync(session, p, identities, ct),
            };
        }, store, computations, calendar.Time, ct);
        if (computed) log.LogInformation("Rapport de durabilité du {Jour:dd/MM/yyyy} (grille {Grille}) calculé pour la page des rapports.", due.AsOf, grid.Version);
        else log.LogInformation("Rapport de durabilité du {Jour:dd/MM/yyyy} (grille {Grille}) non calculé : aucune page ne l'attend, ou un rapport gardé sert.", due.AsOf, grid.Version);
    }
}
