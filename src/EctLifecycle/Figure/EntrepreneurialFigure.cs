using EctLifecycle.Analytics;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;

namespace EctLifecycle.Figure;

/// <summary>The comparison's own setting (appsettings.json, section <c>EntrepreneurialFigure</c>).</summary>
public sealed class FigureSettings
{
    public const string Section = "EntrepreneurialFigure";

    /// <summary>A group of fewer projects than this is flagged « petit effectif »: its figures say little. Default 5.</summary>
    public int SmallGroup { get; set; } = 5;

    public static FigureSettings Read(IConfiguration configuration) => configuration.GetSection(Section).Get<FigureSettings>() ?? new();
}

/// <summary>How many of a group reached a stage by the date, and the median years from emergence it took them.</summary>
public sealed record StageReach(Stage Stage, int Reached, double Share, double? MedianYears);

/// <summary>The group's mean score and pillars <c>Years</c> after each project's emergence, over the projects old enough then.</summary>
public sealed record PillarsAfter(int Years, int Projects, double Score, IReadOnlyDictionary<string, double> Pillars);

/// <summary>One group of the comparison.</summary>
public sealed record FigureGroup(
    string Comparison, string Group, string Label, int Projects, bool SmallGroup, int Stopped,
    IReadOnlyList<StageReach> Stages, IReadOnlyDictionary<string, int> Paths, IReadOnlyList<PillarsAfter> PillarsOverTime,
    SurvivalCurve Survival);

/// <summary>A project as the comparison reads it at the date.</summary>
public sealed record FigureProject(
    string Key, string Name, bool EntrepreneurialFigure, string CarrierType, string CarrierStatus, string? TimeGiven,
    Stage Stage, string Path, int Score, bool Stopped, double YearsFollowed);

/// <summary>
/// « Une figure entrepreneuriale est-elle nécessaire à la concrétisation d'activités coopératives et territorialisées ? »
/// (seed <c>000_63fefee6844dd0ec.txt</c>). Projects with and without an entrepreneurial figure (under the grid: the hub's
/// interim carrying counts only when the grid says so), by carrier type and by the carrier's status: on reaching each
/// stage, the path taken, the pillars year by year after emergence (read from the score history) and survival
/// (Kaplan-Meier, from emergence to the stop, censored at the date). Each project is in the group of its carrier at the
/// as-of date (for a stopped project, at its stop: nothing after a stop changes the carrier).
/// </summary>
public sealed record EntrepreneurialFigure(
    DateOnly AsOf, DateOnly? KnownAt, string GridVersion, bool HubInterimCarryingCounts, int SmallGroupBelow, int Projects,
    IReadOnlyList<FigureGroup> Groups, IReadOnlyList<FigureProject> ProjectFigures) : ITidy
{
    public const string WithAndWithout = "figure", ByType = "carrierType", ByStatus = "carrierStatus";
    public const int YearsAfterEmergence = 5;

    public static readonly IReadOnlyList<Stage> Stages = [Stage.Collective, Stage.Structuring, Stage.Operating];

    public static string ComparisonLabel(string comparison) => comparison switch
    {
        WithAndWithout => "Avec ou sans figure entrepreneuriale",
        ByType => "Par type de porteur",
        _ => "Par statut du porteur",
    };

    public static string GroupLabel(string comparison, string group) => (comparison, group) switch
    {
        (WithAndWithout, "yes") => "Avec une figure entrepreneuriale",
        (WithAndWithout, _) => "Sans figure entrepreneuriale",
        (_, CarrierTypes.None) => "Sans porteur",
        (_, CarrierTypes.NotSaid) => comparison == ByType ? "Porteur de type non dit" : "Statut non dit",
        (ByType, _) => FrenchLabels.Of(typeof(CarrierType), group) ?? group,
        _ => FrenchLabels.Of(typeof(CarrierStatus), group) ?? group,
    };

    /// <summary>
    /// The comparison at a date, read from the score history: each member's period at the date (its carrier, path, stage,
    /// score, stop), then every period of the grid up to the date in one reading (the first day each stage was reached, the
    /// pillars year by year), no project's events (<see cref="FromPeriodsAsync"/>). While some member's period was computed
    /// by an older version of the app (before the periods held the carrier's type and status, until the start's rebuild
    /// has written them again), that member's timeline is folded instead, a chunk of projects at a time
    /// (<see cref="FromTimelinesAsync"/>), so that the figure costs less as the rebuild goes on; every member's, while the
    /// stored rows are not filled yet.
    /// <paramref name="chunk"/>: how many projects at a time then (smaller in the tests, to cross chunks).
    /// </summary>
    public static async Task<EntrepreneurialFigure> OfAsync(PortfolioHistory history, AnalyticsParameters p, FigureSettings settings, CancellationToken ct, int chunk = Timelines.TimelineStore.StreamsPerChunk)
    {
        var members = await history.FigureFactsAtAsync(p.AsOf, p.Grid, ct);
        var stale = members.Select(m => PortfolioHistory.IsStale(m, p.Grid)).ToArray();
        var current = members.Where((_, i) => !stale[i]).ToList();
        // Every member's period older (the rebuild just begun): no period read for none.
        if (current.Count == 0 || await FromPeriodsAsync(history, current, p, ct) is not { } fromPeriods)
            return Of(await FromTimelinesAsync(history, members, p, chunk, ct), p, settings);
        if (current.Count == members.Count) return Of(fromPeriods, p, settings);
        var folded = await FromTimelinesAsync(history, members.Where((_, i) => stale[i]).ToList(), p, chunk, ct);
        // Both in the members' order: merged back into it.
        var (a, b) = (0, 0);
        return Of(stale.Select(s => s ? folded[b++] : fromPeriods[a++]).ToList(), p, settings);
    }

    /// <summary>
    /// What the comparison reads of each member, from its period at the date (<paramref name="members"/>) and every period
    /// of the grid up to the date, streamed once (<see cref="PortfolioHistory.EachPeriodStageAsync"/>): the first period at
    /// or past each stage (a period starts on each day its stage changes), and the period holding at each anniversary of
    /// the emergence. The app holds a few numbers per member, not its periods. Null when the periods cannot be read so.
    /// </summary>
    public static async Task<IReadOnlyList<Observed>?> FromPeriodsAsync(PortfolioHistory history, IReadOnlyList<ScoreHistory.ScorePeriod> members, AnalyticsParameters p, CancellationToken ct)
    {
        var index = new Dictionary<Guid, int>(members.Count);
        for (var i = 0; i < members.Count; i++) index[members[i].ProjectId] = i;
        var stages = Vocabulary.WireNames<Stage>();
        var ranks = stages.Select(w => Vocabulary.TryParseWire<Stage>(w, out var s) ? Rank(s) : -1).ToArray();
        const int Years = YearsAfterEmergence + 1;
        var pillarCount = Grid.PillarIds.Count;
        var reachedOn = new DateOnly?[members.Count * Stages.Count];
        // Per member and year after its emergence: whether a period held then, its score and its pillars' means.
        var held = new bool[members.Count * Years];
        var values = new double[members.Count * Years * (1 + pillarCount)];
        var asOf = p.AsOf;
        if (!await history.EachPeriodStageAsync(p.Grid, asOf, stages, (project, from, to, stage, score, means) =>
            {
                if (!index.TryGetValue(project, out var i)) return;
                var rank = stage < 0 ? -1 : ranks[stage];
                for (var s = 0; s < Stages.Count; s++)
                    if (rank >= Rank(Stages[s]) && (reachedOn[i * Stages.Count + s] is not { } first || from < first)) reachedOn[i * Stages.Count + s] = from;
                var emerged = members[i].EmergedOn;
                for (var k = 0; k < Years; k++)
                {
                    var at = emerged.AddYears(k);
                    if (at > asOf) break;
                    if (from > at || to is { } end && end <= at) continue;
                    held[i * Years + k] = true;
                    var v = (i * Years + k) * (1 + pillarCount);
                    values[v] = score;
                    means.CopyTo(values.AsSpan(v + 1, pillarCount));
                }
            }, ct))
            return null;
        var read = new List<Observed>(members.Count);
        for (var i = 0; i < members.Count; i++)
        {
            var m = members[i];
            var reached = new Dictionary<Stage, double>();
            for (var s = 0; s < Stages.Count; s++)
                if (reachedOn[i * Stages.Count + s] is { } day) reached[Stages[s]] = YearsBetween(m.EmergedOn, day);
            var pillars = new List<PillarsAfter>();
            for (var k = 0; k < Years; k++)
            {
                if (!held[i * Years + k]) continue;
                var v = (i * Years + k) * (1 + pillarCount);
                pillars.Add(new PillarsAfter(k, 1, (int)values[v], Enumerable.Range(0, pillarCount).ToDictionary(x => Grid.PillarIds[x], x => values[v + 1 + x])));
            }
            var figure = m.CarrierType is { } type && (type != CarrierType.HubAwaitingCarrier.Wire() || p.Grid.HubInterimCarryingCounts);
            var stage = Vocabulary.TryParseWire<Stage>(m.Stage, out var st) ? st
                : throw new InvalidOperationException($"the period of project {m.ProjectId} at {asOf} has an unknown stage « {m.Stage} »");
            read.Add(new Observed(new FigureProject(m.Key, m.Name, figure, m.CarrierType ?? CarrierTypes.None, m.CarrierStatus ?? CarrierTypes.None,
                m.CarrierTimeGiven, stage, m.Path ?? CarrierTypes.None, m.Score, m.StoppedOn is not null, YearsBetween(m.EmergedOn, m.StoppedOn ?? asOf)),
                reached, pillars));
        }
        return read;
    }

    /// <summary>
    /// What the comparison reads of each member, from its timeline and its periods, a chunk of projects at a time
    /// (<see cref="Timelines.TimelineStore.StreamsPerChunk"/>), each reduced at once (<see cref="Read"/>), so that the app
    /// holds one chunk of timelines, not every project's (at L, 6 million events).
    /// </summary>
    public static async Task<IReadOnlyList<Observed>> FromTimelinesAsync(PortfolioHistory history, IReadOnlyList<ScoreHistory.ScorePeriod> members, AnalyticsParameters p, int chunk, CancellationToken ct)
    {
        var read = new List<Observed>(members.Count);
        foreach (var part in members.Chunk(chunk))
        {
            var ids = part.Select(m => m.ProjectId).ToList();
            var timelines = await history.TimelinesAsync(ids, ct);
            var periods = (await history.OfProjectsAsync(p.Grid, ids, p.AsOf, ct)).GroupBy(x => x.ProjectId)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<ScoreHistory.ScorePeriod>)g.OrderBy(x => x.From).ToList());
            read.AddRange(part.Select(m => Read(m, timelines[m.ProjectId], periods.GetValueOrDefault(m.ProjectId) ?? [], p)));
        }
        return read;
    }

    private static double YearsBetween(DateOnly emerged, DateOnly d) => Math.Round((d.DayNumber - emerged.DayNumber) / 365.25, 4);

    /// <summary>What the comparison needs of one project.</summary>
    public sealed record Observed(FigureProject Project, IReadOnlyDictionary<Stage, double> ReachedAfterYears, IReadOnlyList<PillarsAfter> Pillars);

    public static Observed Read(ScoreHistory.ScorePeriod member, ProjectTimeline timeline, IReadOnlyList<ScoreHistory.ScorePeriod> periods, AnalyticsParameters p)
    {
        var state = timeline.StateAsOf(p.AsOf)!;
        var emerged = state.EmergedOn;
        double Years(DateOnly d) => YearsBetween(emerged, d);
        // The first day each stage was reached (or passed): a paused or stopped day reaches nothing.
        var reached = new Dictionary<Stage, double>();
        var last = timeline.DayAsOf(p.AsOf);
        for (var day = 0; day <= last; day++)
        {
            var rank = Rank(timeline.StateOfDay(day).Stage);
            foreach (var s in Stages)
                if (rank >= Rank(s) && !reached.ContainsKey(s)) reached[s] = Years(timeline.DateOfDay(day));
        }
        var pillars = new List<PillarsAfter>();
        for (var k = 0; k <= YearsAfterEmergence; k++)
        {
            var at = emerged.AddYears(k);
            if (at > p.AsOf) break;
            if (PortfolioHistory.HoldingAt(periods, at) is { } x) pillars.Add(new PillarsAfter(k, 1, x.Score, x.Pillars));
        }
        var carrier = state.Carrier;
        var figure = carrier is not null && (carrier.Type != CarrierType.HubAwaitingCarrier || p.Grid.HubInterimCarryingCounts);
        var stop = state.Stopped?.On;
        var project = new FigureProject(member.Key, member.Name, figure, CarrierTypes.GroupOf(carrier),
            carrier is null ? CarrierTypes.None : carrier.Profile?.Status?.Wire() ?? CarrierTypes.NotSaid, carrier?.Profile?.TimeGiven?.Wire(),
            state.Stage, state.Path?.Wire() ?? CarrierTypes.None, member.Score, stop is not null, Years(stop ?? p.AsOf));
        return new Observed(project, reached, pillars);
    }

    private static int Rank(Stage s) => s switch
    {
        Stage.Collective => 1, Stage.Structuring => 2, Stage.Operating => 3, Stage.Idea => 0, _ => -1,
    };

    public static EntrepreneurialFigure Of(IReadOnlyList<Observed> observed, AnalyticsParameters p, FigureSettings settings)
    {
        var groups = new List<FigureGroup>();
        void Compare(string comparison, Func<FigureProject, string> groupOf, IEnumerable<string> order)
        {
            var byGroup = observed.GroupBy(o => groupOf(o.Project)).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var g in order.Where(byGroup.ContainsKey).Concat(byGroup.Keys.Except(order).Order(StringComparer.Ordinal)))
                groups.Add(Group(comparison, g, byGroup[g], p.Grid, settings));
        }
        Compare(WithAndWithout, x => x.EntrepreneurialFigure ? "yes" : "no", ["yes", "no"]);
        Compare(ByType, x => x.CarrierType, [.. Vocabulary.WireNames<CarrierType>(), CarrierTypes.NotSaid, CarrierTypes.None]);
        Compare(ByStatus, x => x.CarrierStatus, [.. Vocabulary.WireNames<CarrierStatus>(), CarrierTypes.NotSaid, CarrierTypes.None]);
        return new EntrepreneurialFigure(p.AsOf, p.KnownAt, p.Grid.Version, p.Grid.HubInterimCarryingCounts, settings.SmallGroup, observed.Count,
            groups, observed.Select(o => o.Project).ToList());
    }

    private static FigureGroup Group(string comparison, string group, IReadOnlyList<Observed> members, Grid grid, FigureSettings settings)
    {
        var n = members.Count;
        var stages = Stages.Select(s =>
        {
            var years = members.Where(m => m.ReachedAfterYears.ContainsKey(s)).Select(m => m.ReachedAfterYears[s]).Order().ToList();
            return new StageReach(s, years.Count, Math.Round((double)years.Count / n, 4), years.Count == 0 ? null : Math.Round(Median(years), 4));
        }).ToList();
        var paths = members.GroupBy(m => m.Project.Path).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
        var pillars = members.SelectMany(m => m.Pillars).GroupBy(x => x.Years).OrderBy(g => g.Key)
            .Select(g => new PillarsAfter(g.Key, g.Count(), Math.Round(g.Average(x => x.Score), 4),
                grid.Pillars.ToDictionary(x => x.Id, x => Math.Round(g.Average(y => y.Pillars.GetValueOrDefault(x.Id)), 4))))
            .ToList();
        var survival = KaplanMeier.Estimate(group, members.Select(m => new SurvivalObservation(m.Project.YearsFollowed, m.Project.Stopped)));
        return new FigureGroup(comparison, group, GroupLabel(comparison, group), n, n < settings.SmallGroup, members.Count(m => m.Project.Stopped),
            stages, paths, pillars, survival);
    }

    private static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    public IEnumerable<TidyRow> Tidy()
    {
        foreach (var g in Groups)
        {
            var subject = $"{g.Comparison}={g.Group}";
            var who = $"{ComparisonLabel(g.Comparison)} · {g.Label}";
            yield return new(subject, AsOf, "projects", g.Projects, $"{who} · nombre de projets");
            yield return new(subject, AsOf, "smallGroup", g.SmallGroup, $"{who} · petit effectif (moins de {SmallGroupBelow} projets)");
            yield return new(subject, AsOf, "stopped", g.Stopped, $"{who} · projets arrêtés");
            foreach (var s in g.Stages)
            {
                var stage = FrenchLabels.Of(s.Stage).ToLowerInvariant();
                yield return new(subject, AsOf, $"reached:{s.Stage.Wire()}", s.Reached, $"{who} · projets ayant atteint l'étape « {stage} »");
                yield return new(subject, AsOf, $"reachedShare:{s.Stage.Wire()}", s.Share, $"{who} · part ayant atteint l'étape « {stage} »");
                if (s.MedianYears is { } y)
                    yield return new(subject, AsOf, $"medianYearsTo:{s.Stage.Wire()}", y, $"{who} · années médianes de l'émergence à l'étape « {stage} »");
            }
            foreach (var (path, count) in g.Paths)
                yield return new(subject, AsOf, $"path:{path}", count,
                    $"{who} · voie de structuration : {(path == CarrierTypes.None ? "pas encore choisie" : FrenchLabels.Of(typeof(StructuringPath), path)?.ToLowerInvariant())}");
            foreach (var x in g.PillarsOverTime)
            {
                var after = $"{x.Years} an{(x.Years > 1 ? "s" : "")} après l'émergence";
                yield return new(subject, AsOf, $"projects:{x.Years}y", x.Projects, $"{who} · projets suivis {after}");
                yield return new(subject, AsOf, $"score:{x.Years}y", x.Score, $"{who} · score ECT moyen {after}");
                foreach (var (pillar, mean) in x.Pillars)
                    yield return new(subject, AsOf, $"pillar:{pillar}:{x.Years}y", mean, $"{who} · {Charts.PillarLabel(pillar)}, moyenne {after}");
            }
            foreach (var step in g.Survival.Steps)
                yield return new(subject, AsOf, $"survival:{step.Years.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)}y", step.Survival,
                    $"{who} · survie estimée (Kaplan-Meier) à {step.Years.ToString("0.##", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"))} ans");
            if (g.Survival.MedianYears is { } median)
                yield return new(subject, AsOf, "medianSurvivalYears", median, $"{who} · durée de vie médiane (années)");
        }
        foreach (var x in ProjectFigures)
        {
            yield return new(x.Key, AsOf, "entrepreneurialFigure", x.EntrepreneurialFigure, $"{x.Key} · figure entrepreneuriale");
            yield return new(x.Key, AsOf, "carrierType", x.CarrierType, $"{x.Key} · type de porteur : {GroupLabel(ByType, x.CarrierType).ToLowerInvariant()}");
            yield return new(x.Key, AsOf, "carrierStatus", x.CarrierStatus, $"{x.Key} · statut du porteur : {GroupLabel(ByStatus, x.CarrierStatus).ToLowerInvariant()}");
        }
    }
}
