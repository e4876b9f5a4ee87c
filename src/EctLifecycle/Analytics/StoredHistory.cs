using EctLifecycle.Timelines;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.ScoreHistory;
using Marten;

namespace EctLifecycle.Analytics;

/// <summary>
/// The score history as the projection stores it: each question is one or two SQL queries on the periods' own columns
/// (grid, "from", "to", registration_sequence, indexed by <see cref="ScoreHistorySchema"/>), the drifts' points counted by
/// the app from rows streamed out of the covering indexes, and the detail of the few projects a question needs read from
/// their timelines, 2,000 streams per query.
/// </summary>
internal sealed class StoredHistory(IQuerySession session, EventStore.IScorePeriodRows periodRows) : PortfolioHistory
{
    /// <remarks>
    /// Put in registration order by the app, not by PostgreSQL: the whole documents (2 KB each) are sorted by the server on
    /// disk past its 4 MB of work memory (at M, 10,000 of them: the query took 633 ms with the sort, 483 ms without, one
    /// run each), where the app sorts their references.
    /// </remarks>
    public override async Task<IReadOnlyList<ScorePeriod>> AtAsync(DateOnly date, Grid grid, CancellationToken ct = default) =>
        (await HeldAt(date, grid).ToListAsync(ct)).OrderBy(x => x.RegistrationSequence).ThenBy(x => x.From).ToList();

    public override async Task<IReadOnlyList<ScorePeriod>> FundingAtAsync(DateOnly date, Grid grid, CancellationToken ct = default) =>
        await HeldAt(date, grid)
            .Select(x => new ScorePeriod { ProjectId = x.ProjectId, ActiveFundingEuros = x.ActiveFundingEuros, PublicShare = x.PublicShare })
            .ToListAsync(ct);

    /// <summary>
    /// The scores alone, from the index of the dates, which carries them (<see cref="ScoreHistoryViews.AtDateIndex"/>): when
    /// the table's pages are all visible (vacuumed), no document is read, where the whole periods cost one random page read
    /// per project (at L, 64.6 s from a cold cache: docs/benchmarks.md).
    /// </summary>
    /// <remarks>
    /// Two ranges of that index, the periods still holding and those ending after the date, rather than Marten's one
    /// condition with an "or": PostgreSQL reads an "or" of two ranges through a bitmap of the rows, which visits every
    /// row's page.
    /// </remarks>
    public override async Task<IReadOnlyList<int>> ScoresAtAsync(DateOnly date, Grid grid, CancellationToken ct = default)
    {
        var scores = await session.AdvancedSql.QueryAsync<int>(ScoresAtSql(View), ct, grid.Version, date, grid.Version, date, date);
        // A score column not filled yet (rows of an older version of the app, until the start-up fills them; read as -1, since
        // Marten reads no nullable number): the documents.
        return scores.Any(x => x < 0) ? await base.ScoresAtAsync(date, grid, ct) : scores;
    }

    /// <summary>
    /// The figures' and the sample's facts, from the index of the dates, which carries them (<see cref="ScoreHistoryViews.AtDateIndex"/>);
    /// from the whole documents while rows of an older version of the app are not filled yet.
    /// </summary>
    public override async Task<IReadOnlyList<ScorePeriod>> FactsAtAsync(DateOnly date, Grid grid, CancellationToken ct = default) =>
        await periodRows.ReadFactsAtAsync(grid.Version, date, ct) ?? await AtAsync(date, grid, ct);

    public override async Task<IReadOnlyList<ScorePeriod>> FigureFactsAtAsync(DateOnly date, Grid grid, CancellationToken ct = default) =>
        await periodRows.ReadFigureFactsAtAsync(grid.Version, date, ct) ?? await AtAsync(date, grid, ct);

    public override async Task<IReadOnlyList<ScorePeriod>> OutputFactsAtAsync(DateOnly date, Grid grid, CancellationToken ct = default) =>
        await periodRows.ReadOutputFactsAtAsync(grid.Version, date, ct) ?? await AtAsync(date, grid, ct);

    public override async Task<IReadOnlyList<ScorePeriod>> LineageFactsAtAsync(DateOnly date, Grid grid, CancellationToken ct = default) =>
        await periodRows.ReadLineageFactsAtAsync(grid.Version, date, ct) ?? await AtAsync(date, grid, ct);

    public override Task<bool> EachPeriodStageAsync(Grid grid, DateOnly until, IReadOnlyList<string> stages, EventStore.PeriodStageReader each, CancellationToken ct = default) =>
        periodRows.ReadPeriodStagesAsync(grid.Version, until, stages, each, ct);

    public override async Task<IReadOnlyDictionary<Guid, string>> SummariesAtAsync(DateOnly date, Grid grid, CancellationToken ct = default) =>
        await periodRows.ReadSummariesAtAsync(grid.Version, date, ct);

    /// <summary>
    /// The page's documents alone, found through the covering index of (project, grid). Read after the figures, by another
    /// query: a write between the two shows in the page, not in the figures, and a project archived between them is missing
    /// from the page.
    /// </summary>
    public override async Task<IReadOnlyList<ScorePeriod>> WholeAtAsync(IReadOnlyList<Guid> projects, DateOnly date, Grid grid, CancellationToken ct = default)
    {
        if (projects.Count == 0) return [];
        return InOrderOf(projects, await HeldAt(date, grid).Where(x => x.ProjectId.IsOneOf(projects.ToArray())).OrderBy(x => x.From).ToListAsync(ct));
    }

    /// <remarks>
    /// Through a session of its own (<see cref="EventStore.IScorePeriodRows.ReadHoldingAtAsync"/>): the durability report
    /// reads these (its stopped projects') while its session reads the watch list's.
    /// </remarks>
    public override async Task<IReadOnlyList<ScorePeriod>> HoldingAtAsync(Grid grid, IReadOnlyList<(Guid Id, DateOnly Date)> days, CancellationToken ct = default) =>
        days.Count == 0 ? [] : await periodRows.ReadHoldingAtAsync(grid.Version, days, ct);

    internal static string ScoresAtSql(string view) =>
        $"select coalesce(h.score, -1) from {view} h where h.grid = ? and h.valid_to is null and h.valid_from <= ? " +
        $"union all select coalesce(h.score, -1) from {view} h where h.grid = ? and h.valid_to > ? and h.valid_from <= ?";

    // The periods of a grid holding at a date.
    private IQueryable<ScorePeriod> HeldAt(DateOnly date, Grid grid) =>
        session.Query<ScorePeriod>().Where(x => x.Grid == grid.Version && x.From <= date && (x.To == null || x.To > date));

    // Only what the drifts and the watch list's peaks read of each period, built in SQL: a range holds many periods per project.
    private static readonly System.Linq.Expressions.Expression<Func<ScorePeriod, ScorePeriod>> ScoreAndPillars =
        x => new ScorePeriod { ProjectId = x.ProjectId, From = x.From, To = x.To, Score = x.Score, Pillars = x.Pillars };

    public override async Task<IReadOnlyList<ScorePeriod>> OverlappingAsync(Grid grid, DateOnly from, DateOnly to, CancellationToken ct = default) =>
        await session.Query<ScorePeriod>()
            .Where(x => x.Grid == grid.Version && x.From <= to && (x.To == null || x.To > from))
            .OrderBy(x => x.RegistrationSequence).ThenBy(x => x.From)
            .Select(ScoreAndPillars)
            .ToListAsync(ct);

    /// <summary>
    /// The projects' periods up to a date with their score and pillars' means only, read from the covering index of
    /// (project, grid) (<see cref="ScoreHistoryViews.ProjectIndex"/>), not from the documents.
    /// </summary>
    public override async Task<IReadOnlyList<ScorePeriod>> OfProjectsAsync(Grid grid, IReadOnlyCollection<Guid> ids, DateOnly until, CancellationToken ct = default) =>
        ids.Count == 0 ? [] : await periodRows.ReadValuesAsync(grid.Version, [.. ids], until, ct);

    /// <summary>
    /// The peaks found by PostgreSQL, one row per project (<see cref="EventStore.IScorePeriodRows.ReadPeaksAsync"/>), through
    /// a connection of its own: the durability report reads them while its session reads other things.
    /// </summary>
    public override async Task<IReadOnlyDictionary<Guid, Reading>> PillarPeaksAsync(
        Grid grid, string pillar, IReadOnlyList<(Guid Id, DateOnly Until)> projects, CancellationToken ct = default) =>
        projects.Count == 0 ? new Dictionary<Guid, Reading>()
            : await periodRows.ReadPeaksAsync(grid.Version, pillar, projects, ct)
              // Every pillar of a grid has its column (Grid.PillarIds); the periods read otherwise carry the same columns only.
              ?? throw new InvalidOperationException($"the score history has no column for the mean of the pillar {pillar}");

    public override Task<ProjectTimeline?> TimelineAsync(Guid id, CancellationToken ct = default) => session.LoadTimelineAsync(id, ct);

    /// <summary>
    /// The arcs read off each project's periods as <see cref="Arc.Of"/> reads them (at emergence the last period started by
    /// the emergence's reading day, else the first; the peak the first period at the highest value; the end the last period
    /// started by the end), the periods streamed from the covering index of (project, grid) one project at a time
    /// (<see cref="EventStore.IScorePeriodRows.EachProjectValuesAsync"/>): no document is read, and only one project's periods
    /// are held at once. A grid with a pillar the index has no column for is read from the documents.
    /// </summary>
    /// <remarks>
    /// Before, PostgreSQL aggregated the same arcs from the view (20 ordered aggregates per project over the periods crossed
    /// with the five values); the pillars' persistence took 4.2 s at M then. The share of that query in it, and this
    /// reading's cost, are not measured yet (docs/benchmarks.md).
    /// </remarks>
    public override async Task<IReadOnlyDictionary<(Guid Project, string Value), Arc>> ArcsAsync(
        Grid grid, IReadOnlyList<ArcWindow> windows, DateOnly first, DateOnly asOf, CancellationToken ct = default)
    {
        if (windows.Count == 0) return new Dictionary<(Guid, string), Arc>();
        if (grid.Pillars.Any(p => !Grid.PillarIds.Contains(p.Id))) return await base.ArcsAsync(grid, windows, first, asOf, ct);
        var byId = windows.ToDictionary(w => w.ProjectId);
        var arcs = new Dictionary<(Guid, string), Arc>(windows.Count * (grid.Pillars.Count + 1));
        await foreach (var periods in periodRows.EachProjectValuesAsync(grid.Version, asOf, first, ct))
            if (byId.TryGetValue(periods[0].ProjectId, out var w) && periods[0].From <= w.End)
                AddArcs(arcs, grid, periods, w);
        return arcs;
    }

    // The drifts' fallbacks, for rows an older version left unfilled, are aggregated by PostgreSQL from the analysts' view
    // (ScoreHistoryViews), whose project, grid and dates are the table's indexed columns.
    private string View => $"{session.DocumentStore.Options.DatabaseSchemaName}.{ScoreHistoryViews.History}";

    private static string Held(string at) => $"h.valid_from <= {at} and (h.valid_to is null or h.valid_to > {at})";

    private static string CohortOf(CohortField? by) => by switch
    {
        null => "'all'",
        CohortField.EmergenceContext => "h.emergence_context",
        CohortField.HubRole => "h.hub_role",
        CohortField.LegalForm => "coalesce(h.legal_form, 'none')",
        CohortField.Sector => "h.sector",
        CohortField.Accompanied => "case when h.ever_accompanied_by_hub then 'yes' else 'no' end",
        CohortField.EmergenceYear => "h.emergence_year::text",
        _ => "case when h.stopped_on is not null then 'stopped' else 'live' end",
    };

    // An anchor as a column of the table (AlignedDrift.AnchorOf reads the same facts of a period).
    private string AnchorColumn(AlignAnchor on) => on == AlignAnchor.Emergence ? "h.emerged_on" : AnchorOf(on);

    private string AnchorOf(AlignAnchor on) => on switch
    {
        // The emergence is the first day of the project's first period (nothing is dated before it).
        AlignAnchor.Emergence => $"(select min(f.valid_from) from {View} f where f.project_id = h.project_id and f.grid = h.grid)",
        AlignAnchor.HubSupportEnded => "h.first_hub_support_ended_on",
        AlignAnchor.LegalFormAdopted => "h.first_legal_form_adopted_on",
        AlignAnchor.CarrierLost => "h.first_carrier_lost_on",
        _ => "h.first_funding_on",
    };

    // How many held, and the score's and each pillar's mean and median, as one JSON object per group: in numeric, exactly,
    // as PortfolioAt computes them in decimal (the median of an even count is the mean of the two middle values).
    private static string Stats(Grid grid) =>
        $"'n', count(*), 's', {MeanAndMedian("score")}, 'p', jsonb_build_object(" +
        string.Join(", ", grid.Pillars.Select(x => $"'{x.Id}', {MeanAndMedian(PillarColumn(x.Id))}")) + ")";

    private static string PillarColumn(string pillar) => $"{pillar.Replace('-', '_')}_mean";

    // The values the statistics read, taken out of the periods that matched only (the CTEs are materialized so that the
    // documents are not carried through the joins and the sort).
    private static string Values(Grid grid) => string.Join(", ", grid.Pillars.Select(x => $"h.{PillarColumn(x.Id)}").Prepend("h.score"));

    private static string MeanAndMedian(string column) =>
        $"jsonb_build_array(avg({column}::numeric), (percentile_disc(0.5) within group (order by {column}::numeric) " +
        $"+ percentile_disc(0.500000000001) within group (order by {column}::numeric)) / 2)";

    // A cohort's statistics at a date (At) or an offset (K); or, alone in its row, how many projects a drift aligned (Members).
    private sealed record Group(string? G, DateOnly? At, int? K, int N, decimal[] S, Dictionary<string, decimal[]> P, int? Members = null)
    {
        public PillarStats Score => Of(S);
        // In the grid's order of its pillars, as the app answers (a jsonb object's keys are in its own order).
        public IReadOnlyDictionary<string, PillarStats> PillarsOf(Grid grid) => grid.Pillars.ToDictionary(x => x.Id, x => Of(P[x.Id]));
        // Rounded as the app rounds its means and medians (PortfolioAt).
        private static PillarStats Of(decimal[] meanAndMedian) => new((double)Math.Round(meanAndMedian[0], 4), (double)Math.Round(meanAndMedian[1], 4));
    }

    private async Task<List<Group>> GroupsAsync(string sql, CancellationToken ct, params object[] parameters) =>
        (await session.AdvancedSql.QueryAsync<string>(sql, ct, parameters))
            .Select(json => System.Text.Json.JsonSerializer.Deserialize<Group>(json, GroupJson)!).ToList();

    private static readonly System.Text.Json.JsonSerializerOptions GroupJson = new() { PropertyNameCaseInsensitive = true };

    /// <summary>
    /// The members and their cohort read from the index of the dates, which carries the cohorts' facts, the cohort computed by
    /// PostgreSQL (<see cref="EventStore.IScorePeriodRows.ReadMembersAtAsync"/>);
    /// their periods holding at the ends before <paramref name="asOf"/> streamed from a covering index (by year, the smaller
    /// index of the periods holding on some 31 December, <see cref="ScoreHistoryViews.YearEndsIndex"/>); each point's values
    /// counted by the app (<see cref="ValueCounts"/>), which gives the exact means and medians without holding a row. While
    /// rows of an older version of the app are not filled yet, PostgreSQL aggregates the drift from the analysts' view.
    /// </summary>
    /// <remarks>
    /// Measured at L (docs/benchmarks.md): PostgreSQL's ordered aggregates (the medians) over the 1.6 million (member, year
    /// end) rows took 4.4-4.6 s alone; the members' cohorts read from the documents' JSON 1.7-2.7 s warm.
    /// </remarks>
    public override async Task<IReadOnlyList<CohortPoint>> CohortPointsAsync(Grid grid, CohortField by, DateOnly asOf, Period period, CancellationToken ct = default)
    {
        // The last end is the as-of date.
        var ends = EndsUpTo(asOf, period);
        var last = ends.Count - 1;
        var cohorts = new List<string>();
        var cohortOf = new Dictionary<Guid, int>();
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var points = new List<PointCounts?[]>();
        PointCounts At(int cohort, int end) => points[cohort][end] ??= new PointCounts();
        // The members, each with its cohort and, at the as-of date, its own period.
        if (!await periodRows.ReadMembersAtAsync(grid.Version, asOf, CohortOf(by), "null", (project, cohort, _, score, means) =>
            {
                if (!indexOf.TryGetValue(cohort, out var c))
                {
                    (c, indexOf[cohort]) = (cohorts.Count, cohorts.Count);
                    cohorts.Add(cohort);
                    points.Add(new PointCounts?[ends.Count]);
                }
                cohortOf[project] = c;
                At(c, last).Add(score, means);
            }, ct))
            return await CohortPointsInSqlAsync(grid, by, asOf, period, ct);
        if (cohortOf.Count == 0) return [];
        // At each end before it, the member's period holding then: from <= end < to.
        if (last > 0 && !await periodRows.ReadPeriodValuesAsync(grid.Version, ends[last - 1], period == Period.Year,
                (project, from, to, score, means) =>
                {
                    if (!cohortOf.TryGetValue(project, out var c)) return;
                    var first = FirstAtOrAfter(ends, from, last);
                    var stop = to is { } day ? FirstAtOrAfter(ends, day, last) : last;
                    for (var i = first; i < stop; i++) At(c, i).Add(score, means);
                }, ct))
            return await CohortPointsInSqlAsync(grid, by, asOf, period, ct);
        var answer = new List<CohortPoint>();
        foreach (var c in Enumerable.Range(0, cohorts.Count).OrderBy(c => cohorts[c], StringComparer.Ordinal))
            for (var e = 0; e < ends.Count; e++)
                if (points[c][e] is { } p) answer.Add(new CohortPoint(cohorts[c], ends[e], p.Projects, p.Score, p.PillarsOf(grid)));
        return answer;
    }

    // Every period end from the earliest business date the app takes (FieldReader.Earliest: the API and the import refuse
    // any before it), rather than from the members' first day, which took a query of its own reading every member again
    // (at M, 0.35-1.0 s of the drift's 1.4-2.4 s). The same points: the ends before the first day find no period held,
    // so no group, and the ends after it are the same calendar ends.
    private static IReadOnlyList<DateOnly> EndsUpTo(DateOnly asOf, Period period) =>
        Periods.Ends(Http.FieldReader.Earliest < asOf ? Http.FieldReader.Earliest : asOf, asOf, period);

    // The index of the first of ends[0..count) on or after day (count when none is): a binary search of the sorted ends.
    private static int FirstAtOrAfter(IReadOnlyList<DateOnly> ends, DateOnly day, int count)
    {
        var (lo, hi) = (0, count);
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (ends[mid] < day) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>
    /// The points from the periods within which an anniversary of the anchor falls (<see cref="ScorePeriod.Anniversaries"/>),
    /// read from the index of those alone, rather than every period of the grid up to the date (at L, about 600,000 rows for
    /// the end of the hub's support, against 4 million). Without cohorts, each project's anchor is the day its periods
    /// from the anchor on hold; the periods before it (the years before the anchor) wait for it, read from another row of the
    /// project. With cohorts, the members at the date are read first, as before, for their cohort and anchor. Null while
    /// some period of the grid was written without its anniversaries (an older version of the app, until the rebuild).
    /// </summary>
    private async Task<(int Aligned, IReadOnlyList<AlignedPoint> Points)?> AlignedPointsFromAnniversariesAsync(
        Grid grid, AlignAnchor on, CohortField? by, DateOnly asOf, IReadOnlyList<int> offsets, CancellationToken ct)
    {
        var wanted = 0;
        foreach (var k in offsets) wanted |= 1 << (k + ScorePeriod.AnniversaryYearsBefore);
        Dictionary<Guid, (string Cohort, DateOnly Anchor)>? members = null;
        if (by is not null)
        {
            members = [];
            if (!await periodRows.ReadMembersAtAsync(grid.Version, asOf, CohortOf(by), AnchorColumn(on), (project, cohort, anchor, _, _) =>
                {
                    if (anchor is { } day) members[project] = (cohort, day);
                }, ct))
                return null;
        }
        var points = new Dictionary<(string Cohort, int K), PointCounts>();
        void Count(string cohort, DateOnly anchor, int years, int score, ReadOnlySpan<double> means)
        {
            for (var bits = years & wanted; bits != 0; bits &= bits - 1)
            {
                var k = System.Numerics.BitOperations.TrailingZeroCount(bits) - ScorePeriod.AnniversaryYearsBefore;
                if (anchor.AddYears(k) > asOf) continue;
                if (!points.TryGetValue((cohort, k), out var point)) points[(cohort, k)] = point = new PointCounts();
                point.Add(score, means);
            }
        }
        var anchors = new Dictionary<Guid, DateOnly>();
        var beforeTheirAnchor = new List<(Guid Project, int Years, int Score, double[] Means)>();
        if (!await periodRows.ReadAnniversariesAsync(grid.Version, asOf, AnniversaryAnchorOf(on), (project, anchor, years, score, means) =>
            {
                if (members is not null)
                {
                    if (members.TryGetValue(project, out var member)) Count(member.Cohort, member.Anchor, years, score, means);
                }
                else if (anchor is { } day)
                {
                    anchors[project] = day;
                    if (day <= asOf) Count("all", day, years, score, means);
                }
                else beforeTheirAnchor.Add((project, years, score, means.ToArray()));
            }, ct))
            return null;
        if (members is null)
            foreach (var (project, years, score, means) in beforeTheirAnchor)
                if (anchors.TryGetValue(project, out var day) && day <= asOf) Count("all", day, years, score, means);
        var aligned = members?.Count ?? anchors.Values.Count(day => day <= asOf);
        return (aligned, points.OrderBy(x => x.Key.Cohort, StringComparer.Ordinal).ThenBy(x => x.Key.K)
            .Select(x => new AlignedPoint(x.Key.Cohort, x.Key.K, x.Value.Projects, x.Value.Score, x.Value.PillarsOf(grid))).ToList());
    }

    private static ScorePeriod.AnniversaryAnchor AnniversaryAnchorOf(AlignAnchor on) => on switch
    {
        AlignAnchor.HubSupportEnded => ScorePeriod.AnniversaryAnchor.HubSupportEnded,
        AlignAnchor.LegalFormAdopted => ScorePeriod.AnniversaryAnchor.LegalFormAdopted,
        AlignAnchor.CarrierLost => ScorePeriod.AnniversaryAnchor.CarrierLost,
        AlignAnchor.FirstFunding => ScorePeriod.AnniversaryAnchor.FirstFunding,
        AlignAnchor.Emergence => ScorePeriod.AnniversaryAnchor.Emergence,
        _ => throw new ArgumentOutOfRangeException(nameof(on), on, null),
    };

    // The same points aggregated by PostgreSQL from the analysts' view, which reads a fact's JSON while its column is empty.
    private async Task<IReadOnlyList<CohortPoint>> CohortPointsInSqlAsync(Grid grid, CohortField by, DateOnly asOf, Period period, CancellationToken ct)
    {
        var members = $"select h.project_id, {CohortOf(by)} as grp from {View} h where h.grid = ? and {Held("?")}";
        var ends = EndsUpTo(asOf, period).ToArray();
        // The ends a period holds at, found by two binary searches in the sorted ends (width_bucket: how many ends are at or
        // before a day) rather than each period compared with each end: at L, 4 million periods and 30 year ends were 118
        // million comparisons, most of the drift's 11 s (docs/benchmarks.md).
        var groups = await GroupsAsync($"""
            with m as materialized ({members}), a as materialized (select ?::date[] as ends),
            held as materialized (select m.grp, a.ends[i] as at, {Values(grid)}
              from {View} h join m on m.project_id = h.project_id cross join a
              cross join lateral generate_series(width_bucket(h.valid_from - 1, a.ends) + 1,
                case when h.valid_to is null then cardinality(a.ends) else width_bucket(h.valid_to - 1, a.ends) end) as i
              where h.grid = ? and h.valid_from <= ?)
            select jsonb_build_object('g', grp, 'at', at, {Stats(grid)})::text from held group by grp, at
            """, ct, grid.Version, asOf, asOf, ends, grid.Version, asOf);
        return groups.OrderBy(g => g.G, StringComparer.Ordinal).ThenBy(g => g.At)
            .Select(g => new CohortPoint(g.G!, g.At!.Value, g.N, g.Score, g.PillarsOf(grid))).ToList();
    }

    /// <summary>
    /// The members, their cohort and their anchor read from the index of the dates, which carries the cohorts' facts and the
    /// anchors (<see cref="EventStore.IScorePeriodRows.ReadMembersAtAsync"/>); every period of the grid up to <paramref name="asOf"/> streamed from the covering
    /// index of (project, grid), each member's found holding at its anchor's offsets; each point's values counted by the app
    /// (<see cref="ValueCounts"/>). While rows of an older version of the app are not filled yet, PostgreSQL finds the
    /// members and their periods from the analysts' view.
    /// </summary>
    /// <remarks>
    /// At L, PostgreSQL's join of every period of the grid (4.29 million) with the 616,278 (member, offset) pairs compared
    /// 28.4 million pairs (6.1-16 s), and the anchors read from the documents' JSON took 2.5-5.1 s (docs/benchmarks.md).
    /// </remarks>
    public override async Task<(int Aligned, IReadOnlyList<AlignedPoint> Points)> AlignedPointsAsync(
        Grid grid, AlignAnchor on, CohortField? by, DateOnly asOf, IReadOnlyList<int> offsets, CancellationToken ct = default)
    {
        if (offsets.All(k => k >= -ScorePeriod.AnniversaryYearsBefore && k <= ScorePeriod.AnniversaryYearsAfter)
            && await AlignedPointsFromAnniversariesAsync(grid, on, by, asOf, offsets, ct) is { } fromAnniversaries)
            return fromAnniversaries;
        // Each member's cohort and the days of its offsets up to the as-of date (a year added as DateOnly.AddYears adds it).
        var members = new Dictionary<Guid, (string Cohort, (int K, DateOnly At)[] Days)>();
        if (!await periodRows.ReadMembersAtAsync(grid.Version, asOf, CohortOf(by), AnchorColumn(on), (project, cohort, anchor, _, _) =>
            {
                if (anchor is { } day) members[project] = (cohort, [.. offsets.Select(k => (K: k, At: day.AddYears(k))).Where(x => x.At <= asOf)]);
            }, ct))
            return await AlignedPointsInSqlAsync(grid, on, by, asOf, offsets, ct);
        if (members.Count == 0) return (0, []);
        var points = new Dictionary<(string Cohort, int K), PointCounts>();
        if (!await periodRows.ReadPeriodValuesAsync(grid.Version, asOf, yearEndsOnly: false,
                (project, from, to, score, means) =>
                {
                    if (!members.TryGetValue(project, out var member)) return;
                    foreach (var (k, at) in member.Days)
                        if (from <= at && (to is not { } day || at < day))
                        {
                            if (!points.TryGetValue((member.Cohort, k), out var point)) points[(member.Cohort, k)] = point = new PointCounts();
                            point.Add(score, means);
                        }
                }, ct))
            return await AlignedPointsInSqlAsync(grid, on, by, asOf, offsets, ct);
        return (members.Count, points.OrderBy(x => x.Key.Cohort, StringComparer.Ordinal).ThenBy(x => x.Key.K)
            .Select(x => new AlignedPoint(x.Key.Cohort, x.Key.K, x.Value.Projects, x.Value.Score, x.Value.PillarsOf(grid))).ToList());
    }

    // The same points aggregated by PostgreSQL from the analysts' view, which reads a fact's JSON while its column is empty.
    private async Task<(int Aligned, IReadOnlyList<AlignedPoint> Points)> AlignedPointsInSqlAsync(
        Grid grid, AlignAnchor on, CohortField? by, DateOnly asOf, IReadOnlyList<int> offsets, CancellationToken ct)
    {
        var members = $"select h.project_id, {CohortOf(by)} as grp, {AnchorOf(on)} as anchor from {View} h " +
            $"where h.grid = ? and {Held("?")} and {AnchorOf(on)} is not null";
        // A date's year added as DateOnly.AddYears adds it: 29 February gives 28 February in a common year. The members' count
        // comes as one more row, without a cohort, from the same reading of them (a query of its own read them all again).
        var rows = await GroupsAsync($"""
            with m as materialized ({members}), o as (select unnest(?::int[]) as k),
            x as materialized (select m.project_id, m.grp, o.k, (m.anchor + make_interval(years => o.k))::date as at from m cross join o),
            held as materialized (select x.grp, x.k, {Values(grid)}
              from x join {View} h on h.project_id = x.project_id and h.grid = ? and {Held("x.at")}
              where x.at <= ?)
            select jsonb_build_object('members', count(*))::text from m
            union all
            select jsonb_build_object('g', grp, 'k', k, {Stats(grid)})::text from held group by grp, k
            """, ct, grid.Version, asOf, asOf, offsets.ToArray(), grid.Version, asOf);
        var aligned = rows.Single(g => g.Members is not null).Members!.Value;
        if (aligned == 0) return (0, []);
        var groups = rows.Where(g => g.Members is null);
        return (aligned, groups.OrderBy(g => g.G, StringComparer.Ordinal).ThenBy(g => g.K)
            .Select(g => new AlignedPoint(g.G!, g.K!.Value, g.N, g.Score, g.PillarsOf(grid))).ToList());
    }

    /// <summary>The timelines of a report's projects, a chunk of streams at a time, from those kept up to date (<see cref="TimelineStore.ReadManyAsync"/>).</summary>
    public override async Task<IReadOnlyDictionary<Guid, ProjectTimeline>> TimelinesAsync(IEnumerable<Guid> ids, CancellationToken ct = default)
    {
        var wanted = ids.ToList();
        var read = (await TimelineStore.Of(session.DocumentStore).ReadManyAsync(wanted, ct))
            .ToDictionary(t => t.Registration!.Event.ProjectId);
        foreach (var id in wanted)
            if (!read.ContainsKey(id)) throw new InvalidOperationException($"project {id} has periods but no timeline");
        return read;
    }
}
