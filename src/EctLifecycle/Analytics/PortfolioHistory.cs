using EctLifecycle.Timelines;
using System.Collections.Concurrent;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.ScoreHistory;
using Marten;

namespace EctLifecycle.Analytics;

/// <summary>
/// The portfolio's score history, where its questions read it: the periods over which each project's state held under a
/// grid (<see cref="ScorePeriod"/>), and, for the few projects whose detail a question needs, their timelines.
/// </summary>
public abstract class PortfolioHistory
{
    /// <summary>Every project's period of <paramref name="grid"/> holding at <paramref name="date"/>, in registration order.</summary>
    public abstract Task<IReadOnlyList<ScorePeriod>> AtAsync(DateOnly date, Grid grid, CancellationToken ct = default);

    /// <summary>The score of every project's period of <paramref name="grid"/> holding at <paramref name="date"/> (the distribution reads no more).</summary>
    public virtual async Task<IReadOnlyList<int>> ScoresAtAsync(DateOnly date, Grid grid, CancellationToken ct = default) =>
        (await AtAsync(date, grid, ct)).Select(x => x.Score).ToList();

    /// <summary>
    /// Every project's period of <paramref name="grid"/> holding at <paramref name="date"/>, in registration order, with only
    /// its project, first day, registration sequence, score, pillars and the facts the portfolio's figures, the order of its
    /// pages and the qualitative sample read (<see cref="ScorePeriod.FactColumns"/>) sure to be read.
    /// </summary>
    public virtual Task<IReadOnlyList<ScorePeriod>> FactsAtAsync(DateOnly date, Grid grid, CancellationToken ct = default) => AtAsync(date, grid, ct);

    /// <summary>
    /// Every project's period of <paramref name="grid"/> holding at <paramref name="date"/>, in registration order, with only
    /// its project, registration sequence, key, name, score, stage, path, emergence, stop, carrier's type, status and time
    /// given and grid fingerprint sure to be read: what the entrepreneurial figure reads of a member.
    /// </summary>
    public virtual Task<IReadOnlyList<ScorePeriod>> FigureFactsAtAsync(DateOnly date, Grid grid, CancellationToken ct = default) => AtAsync(date, grid, ct);

    /// <summary>
    /// Every project's period of <paramref name="grid"/> holding at <paramref name="date"/>, in registration order, with only
    /// its project, registration sequence, key, name, stop, latest outputs and grid fingerprint sure to be read: what the
    /// outputs' analysis reads of a project.
    /// </summary>
    public virtual Task<IReadOnlyList<ScorePeriod>> OutputFactsAtAsync(DateOnly date, Grid grid, CancellationToken ct = default) => AtAsync(date, grid, ct);

    /// <summary>
    /// Every project's period of <paramref name="grid"/> holding at <paramref name="date"/>, in registration order, with only
    /// its project, registration sequence, key, name, score, ECT potential, stage, origins, carriers so far and grid
    /// fingerprint sure to be read: what the lineage reads of a member.
    /// </summary>
    public virtual Task<IReadOnlyList<ScorePeriod>> LineageFactsAtAsync(DateOnly date, Grid grid, CancellationToken ct = default) => AtAsync(date, grid, ct);

    /// <summary>
    /// Every period of <paramref name="grid"/> starting by <paramref name="until"/>, in no order, to <paramref name="each"/>:
    /// its project, dates, score, pillars' means (in the order of <see cref="Grid.PillarIds"/>) and the place of its stage in
    /// <paramref name="stages"/> (wire names; -1 when not there). False, with nothing read, when the periods cannot be read
    /// so (stored rows of an older version of the app not filled yet).
    /// </summary>
    public abstract Task<bool> EachPeriodStageAsync(Grid grid, DateOnly until, IReadOnlyList<string> stages, EventStore.PeriodStageReader each, CancellationToken ct = default);

    /// <summary>Each project's summary at a date (<see cref="FactsAtAsync"/>'s periods do not carry it).</summary>
    public virtual async Task<IReadOnlyDictionary<Guid, string>> SummariesAtAsync(DateOnly date, Grid grid, CancellationToken ct = default) =>
        (await AtAsync(date, grid, ct)).ToDictionary(s => s.ProjectId, s => s.Summary);

    /// <summary>The whole period of <paramref name="grid"/> holding at <paramref name="date"/> of each of these projects, in their order.</summary>
    public virtual async Task<IReadOnlyList<ScorePeriod>> WholeAtAsync(IReadOnlyList<Guid> projects, DateOnly date, Grid grid, CancellationToken ct = default)
        => InOrderOf(projects, await AtAsync(date, grid, ct));

    /// <summary>The first period read of each of <paramref name="projects"/>, in their order; a project without one is left out.</summary>
    protected static IReadOnlyList<ScorePeriod> InOrderOf(IReadOnlyList<Guid> projects, IEnumerable<ScorePeriod> read)
    {
        var held = read.GroupBy(x => x.ProjectId).ToDictionary(g => g.Key, g => g.First());
        return projects.Where(held.ContainsKey).Select(id => held[id]).ToList();
    }

    /// <summary>
    /// The whole period of <paramref name="grid"/> holding at each project's date of <paramref name="days"/> (a project may
    /// come with several dates; each period read once), in no order; none where a project did not exist yet.
    /// </summary>
    public abstract Task<IReadOnlyList<ScorePeriod>> HoldingAtAsync(Grid grid, IReadOnlyList<(Guid Id, DateOnly Date)> days, CancellationToken ct = default);

    /// <summary>
    /// The periods holding at <paramref name="date"/> under <paramref name="grid"/> with their project, active funding and
    /// public share only sure to be read (the watch list's look-back reads no more of them).
    /// </summary>
    public virtual Task<IReadOnlyList<ScorePeriod>> FundingAtAsync(DateOnly date, Grid grid, CancellationToken ct = default) => AtAsync(date, grid, ct);

    /// <summary>
    /// The periods of <paramref name="grid"/> that hold on some day from <paramref name="from"/> to <paramref name="to"/>, in
    /// registration order, each project's in business order: of each, only its project, dates, score and pillars are sure to be read.
    /// </summary>
    public abstract Task<IReadOnlyList<ScorePeriod>> OverlappingAsync(Grid grid, DateOnly from, DateOnly to, CancellationToken ct = default);

    /// <summary>The periods of <paramref name="grid"/> of these projects that start by <paramref name="until"/>: only their project, dates, score and pillars are sure to be read.</summary>
    public abstract Task<IReadOnlyList<ScorePeriod>> OfProjectsAsync(Grid grid, IReadOnlyCollection<Guid> ids, DateOnly until, CancellationToken ct = default);

    /// <summary>
    /// Each project's highest mean of <paramref name="pillar"/> over its periods of <paramref name="grid"/> that start by its
    /// own date, and the first day it had it (the first period at that mean, in business order: the drift's peak); none for a
    /// project with no such period. Folded here from <see cref="OfProjectsAsync"/>; the stored history asks PostgreSQL for
    /// the one row per project, from the covering index.
    /// </summary>
    public virtual async Task<IReadOnlyDictionary<Guid, Reading>> PillarPeaksAsync(
        Grid grid, string pillar, IReadOnlyList<(Guid Id, DateOnly Until)> projects, CancellationToken ct = default)
    {
        if (projects.Count == 0) return new Dictionary<Guid, Reading>();
        var until = projects.ToDictionary(x => x.Id, x => x.Until);
        var periods = await OfProjectsAsync(grid, until.Keys, projects.Max(x => x.Until), ct);
        return ByProject(periods.Where(x => x.From <= until[x.ProjectId])).ToDictionary(x => x[0].ProjectId, x => PeakOf(x, pillar));
    }

    /// <summary>The first of <paramref name="periods"/> (in business order) at the highest mean of <paramref name="pillar"/>.</summary>
    public static Reading PeakOf(IReadOnlyList<ScorePeriod> periods, string pillar) =>
        periods.Select(p => new Reading(p.From, p.Pillar(pillar))).Aggregate((best, p) => p.Value > best.Value ? p : best);

    /// <summary>
    /// The cohort drift's points: the projects holding at <paramref name="asOf"/>, grouped by their cohort then, at each end
    /// of <paramref name="period"/> from the first one's emergence to <paramref name="asOf"/> (the last end); per cohort and
    /// end, how many held then and their score's and pillars' mean and median, in cohort (ordinal) and date order.
    /// </summary>
    public virtual Task<IReadOnlyList<CohortPoint>> CohortPointsAsync(Grid grid, CohortField by, DateOnly asOf, Period period, CancellationToken ct = default) =>
        CohortDrift.PointsInMemoryAsync(this, grid, by, asOf, period, ct);

    /// <summary>
    /// The aligned drift's points: the projects holding at <paramref name="asOf"/> that have the anchor then, each at the
    /// anchor plus each of <paramref name="offsets"/> years (up to <paramref name="asOf"/>), grouped by cohort (or "all");
    /// with the number of projects aligned.
    /// </summary>
    public virtual Task<(int Aligned, IReadOnlyList<AlignedPoint> Points)> AlignedPointsAsync(
        Grid grid, AlignAnchor on, CohortField? by, DateOnly asOf, IReadOnlyList<int> offsets, CancellationToken ct = default) =>
        AlignedDrift.PointsInMemoryAsync(this, grid, on, by, asOf, offsets, ct);

    /// <summary>The values an arc is read of: the score, then each pillar of the grid (by its id).</summary>
    public const string ScoreArc = "score";

    /// <summary>
    /// For each project of <paramref name="windows"/> with a period by its end, the <see cref="Arc"/> of its score and of each
    /// of the grid's pillars (<see cref="ScoreArc"/> or the pillar's id), from its periods of <paramref name="grid"/> that
    /// hold on some day from <paramref name="first"/> on and start by its end, in business order (<see cref="Arc.Of"/>).
    /// </summary>
    public virtual async Task<IReadOnlyDictionary<(Guid Project, string Value), Arc>> ArcsAsync(
        Grid grid, IReadOnlyList<ArcWindow> windows, DateOnly first, DateOnly asOf, CancellationToken ct = default)
    {
        var byId = windows.ToDictionary(w => w.ProjectId);
        var arcs = new Dictionary<(Guid, string), Arc>();
        foreach (var periods in ByProject(await OverlappingAsync(grid, first, asOf, ct)))
        {
            if (!byId.TryGetValue(periods[0].ProjectId, out var w) || periods[0].From > w.End) continue;
            AddArcs(arcs, grid, periods, w);
        }
        return arcs;
    }

    /// <summary>A project's arcs of its score and each pillar over its window, from its periods in business order.</summary>
    protected static void AddArcs(Dictionary<(Guid, string), Arc> arcs, Grid grid, IReadOnlyList<ScorePeriod> periods, ArcWindow w)
    {
        arcs[(w.ProjectId, ScoreArc)] = Arc.Of(periods, x => x.From, x => x.Score, w.EmergedOn, w.End);
        foreach (var pillar in grid.Pillars)
            arcs[(w.ProjectId, pillar.Id)] = Arc.Of(periods, x => x.From, x => x.Pillar(pillar.Id), w.EmergedOn, w.End);
    }

    /// <summary>One project's timeline, as this history knows it; null when it does not.</summary>
    public abstract Task<ProjectTimeline?> TimelineAsync(Guid id, CancellationToken ct = default);

    /// <summary>The timelines of a few projects; every one of them must exist.</summary>
    public virtual async Task<IReadOnlyDictionary<Guid, ProjectTimeline>> TimelinesAsync(IEnumerable<Guid> ids, CancellationToken ct = default)
    {
        var timelines = new Dictionary<Guid, ProjectTimeline>();
        foreach (var id in ids)
            timelines[id] = await TimelineAsync(id, ct) ?? throw new InvalidOperationException($"project {id} has periods but no timeline");
        return timelines;
    }

    /// <summary>
    /// Whether a whole period was computed from another version of its grid file, or by a version of the app that stored
    /// less in each period (<see cref="ScorePeriods.RowsVersion"/>): until the start's rebuild has written it again, a
    /// question that reads what only newer periods hold folds the project's timeline instead (<see cref="FoldedPeriodsAsync"/>).
    /// </summary>
    public static bool IsStale(ScorePeriod period, Grid grid) => period.GridFingerprint != ScorePeriods.Fingerprint(grid);

    /// <summary>
    /// What a question reads of each member: from its period (<paramref name="fromPeriod"/>), or, when that period is of an
    /// older version (a rebuild under way), from its timeline (<paramref name="fromTimeline"/>), read <paramref name="chunk"/>
    /// projects at a time; in the members' order.
    /// </summary>
    public async Task<T[]> FromPeriodsOrTimelinesAsync<T>(IReadOnlyList<ScorePeriod> members, Grid grid, Func<ScorePeriod, T> fromPeriod,
        Func<ScorePeriod, ProjectTimeline, T> fromTimeline, int chunk, CancellationToken ct)
    {
        var read = new T[members.Count];
        var older = new List<int>();
        for (var i = 0; i < members.Count; i++)
            if (IsStale(members[i], grid)) older.Add(i);
            else read[i] = fromPeriod(members[i]);
        foreach (var part in older.Chunk(chunk))
        {
            var timelines = await TimelinesAsync(part.Select(i => members[i].ProjectId), ct);
            foreach (var i in part) read[i] = fromTimeline(members[i], timelines[members[i].ProjectId]);
        }
        return read;
    }

    /// <summary>The periods of <paramref name="grid"/> of these projects folded from their timelines, in business order.</summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<ScorePeriod>>> FoldedPeriodsAsync(Grid grid, IReadOnlyCollection<Guid> ids, CancellationToken ct = default) =>
        ids.Count == 0 ? new Dictionary<Guid, IReadOnlyList<ScorePeriod>>()
            : (await TimelinesAsync(ids, ct)).ToDictionary(x => x.Key, x => ScorePeriods.Of(x.Value, [grid], 0));

    /// <summary>The history of these timelines, folded in memory (tests, and "as known at" a recording date).</summary>
    public static PortfolioHistory Of(IReadOnlyList<ProjectTimeline> timelines) => new FoldedHistory(timelines);

    /// <summary>
    /// The history a question reads: the stored periods (everything recorded), or, "as known at" a recording date
    /// (<see cref="AnalyticsParameters.KnownAt"/>), every timeline as it stood then, folded in memory.
    /// </summary>
    public static async Task<PortfolioHistory> LoadAsync(IQuerySession session, AnalyticsParameters p, CancellationToken ct)
    {
        // The projection holds what is recorded now, so an earlier recording date costs what every question cost before
        // it: every project's events read and folded again, in the app's memory (docs/benchmarks.md).
        if (p.RecordedBy is { } by)
            return Of((await session.LoadAllTimelinesAsync(ct)).Select(t => t.KnownAt(by)).Where(t => t.Registration is not null).ToList());
        return new StoredHistory(session, EventStore.StoreServices.PeriodRows(session.DocumentStore));
    }

    /// <summary>Each project's periods, in registration order, grouped.</summary>
    public static IEnumerable<IReadOnlyList<ScorePeriod>> ByProject(IEnumerable<ScorePeriod> periods) =>
        periods.GroupBy(x => x.ProjectId).Select(g => (IReadOnlyList<ScorePeriod>)g.OrderBy(x => x.From).ToList());

    /// <summary>The one of a project's periods that holds at <paramref name="date"/>, if any.</summary>
    public static ScorePeriod? HoldingAt(IReadOnlyList<ScorePeriod> periods, DateOnly date)
    {
        foreach (var x in periods) if (x.HoldsAt(date)) return x;
        return null;
    }
}

/// <summary>Periods computed from timelines in memory with <see cref="ScorePeriods.Of"/>: every event of every project folded.</summary>
internal sealed class FoldedHistory(IReadOnlyList<ProjectTimeline> timelines) : PortfolioHistory
{
    private readonly ConcurrentDictionary<Grid, IReadOnlyList<ScorePeriod>> _periods = new();
    private readonly Dictionary<Guid, ProjectTimeline> _byId = timelines.Where(t => t.Registration is not null)
        .GroupBy(t => t.Registration!.Event.ProjectId).ToDictionary(g => g.Key, g => g.First());

    // Projects fold independently: spread over the cores, in the portfolio's order.
    private IReadOnlyList<ScorePeriod> Periods(Grid grid) => _periods.GetOrAdd(grid, g =>
        timelines.Select((t, i) => (Timeline: t, Order: (long)i)).AsParallel().AsOrdered()
            .SelectMany(x => ScorePeriods.Of(x.Timeline, [g], x.Order)).ToList());

    public override Task<IReadOnlyList<ScorePeriod>> AtAsync(DateOnly date, Grid grid, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<ScorePeriod>>(Periods(grid).Where(x => x.HoldsAt(date)).ToList());

    public override Task<IReadOnlyList<ScorePeriod>> OverlappingAsync(Grid grid, DateOnly from, DateOnly to, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<ScorePeriod>>(Periods(grid).Where(x => x.From <= to && (x.To is null || x.To > from)).ToList());

    public override Task<IReadOnlyList<ScorePeriod>> OfProjectsAsync(Grid grid, IReadOnlyCollection<Guid> ids, DateOnly until, CancellationToken ct = default)
    {
        var wanted = ids.ToHashSet();
        return Task.FromResult<IReadOnlyList<ScorePeriod>>(Periods(grid).Where(x => wanted.Contains(x.ProjectId) && x.From <= until).ToList());
    }

    public override Task<IReadOnlyList<ScorePeriod>> HoldingAtAsync(Grid grid, IReadOnlyList<(Guid Id, DateOnly Date)> days, CancellationToken ct = default)
    {
        var wanted = days.ToLookup(x => x.Id, x => x.Date);
        return Task.FromResult<IReadOnlyList<ScorePeriod>>(Periods(grid).Where(x => wanted[x.ProjectId].Any(x.HoldsAt)).ToList());
    }

    public override Task<bool> EachPeriodStageAsync(Grid grid, DateOnly until, IReadOnlyList<string> stages, EventStore.PeriodStageReader each, CancellationToken ct = default)
    {
        var means = new double[Grid.PillarIds.Count];
        var places = stages.Select((w, i) => (w, i)).ToDictionary(x => x.w, x => x.i, StringComparer.Ordinal);
        foreach (var x in Periods(grid))
        {
            if (x.From > until) continue;
            for (var i = 0; i < means.Length; i++) means[i] = x.Pillar(Grid.PillarIds[i]);
            each(x.ProjectId, x.From, x.To, places.GetValueOrDefault(x.Stage, -1), x.Score, means);
        }
        return Task.FromResult(true);
    }

    public override Task<ProjectTimeline?> TimelineAsync(Guid id, CancellationToken ct = default) =>
        Task.FromResult(_byId.GetValueOrDefault(id));
}
