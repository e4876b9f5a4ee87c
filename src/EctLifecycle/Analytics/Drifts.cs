using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.ScoreHistory;

namespace EctLifecycle.Analytics;

public static class Periods
{
    /// <summary>The end of each period from <paramref name="from"/> to <paramref name="to"/>, the last one cut at <paramref name="to"/>.</summary>
    public static IReadOnlyList<DateOnly> Ends(DateOnly from, DateOnly to, Period period)
    {
        var ends = new List<DateOnly>();
        var end = EndOf(from, period);
        while (end < to)
        {
            ends.Add(end);
            end = EndOf(end.AddDays(1), period);
        }
        ends.Add(to);
        return ends;
    }

    private static DateOnly EndOf(DateOnly d, Period period) => period switch
    {
        Period.Month => new DateOnly(d.Year, d.Month, 1).AddMonths(1).AddDays(-1),
        Period.Quarter => new DateOnly(d.Year, (d.Month - 1) / 3 * 3 + 1, 1).AddMonths(3).AddDays(-1),
        _ => new DateOnly(d.Year, 12, 31),
    };
}

public sealed record DriftSample(DateOnly Date, int Score, bool EctPotential, IReadOnlyDictionary<string, double> PillarMeans);

/// <summary>One project's pillars and score over time: every change point with its causes, and a sample per period.</summary>
public sealed record ProjectDrift(
    Guid Id, string Key, string Name, string GridVersion, DateOnly AsOf, Period Period,
    IReadOnlyList<DriftPoint> ChangePoints, IReadOnlyList<DriftSample> Samples) : ITidy
{
    public static ProjectDrift Of(ProjectTimeline timeline, AnalyticsParameters p, Period period)
    {
        var registration = (ProjectRegistered)timeline.Registration!.Event;
        var dates = Periods.Ends(registration.OccurredOn, p.AsOf, period);
        var samples = timeline.StatesAt(dates).Zip(dates)
            .Where(x => x.First is not null)
            .Select(x => Sample(x.Second, Scorer.Score(p.Grid, x.First!)))
            .ToList();
        var changes = Drift.Of(timeline, p.Grid).Where(c => c.Date <= p.AsOf).ToList();
        return new ProjectDrift(registration.ProjectId, ProjectKey.Of(registration), registration.Name, p.Grid.Version, p.AsOf,
            period, changes, samples);
    }

    private static DriftSample Sample(DateOnly date, ScoreCard card) =>
        new(date, card.Score, card.EctPotential, card.Pillars.ToDictionary(c => c.Id, c => c.Mean));

    public IEnumerable<TidyRow> Tidy()
    {
        foreach (var s in Samples)
        {
            yield return new(Key, s.Date, "score", s.Score);
            foreach (var (pillar, mean) in s.PillarMeans) yield return new(Key, s.Date, $"mean:{pillar}", mean);
        }
        foreach (var c in ChangePoints)
            yield return new(Key, c.Date, "change", string.Join(" ", c.Events.Select(e => e.Type)));
    }
}

public sealed record PillarStats(double Mean, double Median);

public sealed record CohortPoint(
    string Cohort, DateOnly Date, int Projects, PillarStats Score, IReadOnlyDictionary<string, PillarStats> Pillars);

/// <summary>Projects grouped by a field; per period, each pillar's mean and median and the number of projects.</summary>
public sealed record CohortDrift(
    CohortField By, Period Period, string GridVersion, DateOnly AsOf, DateOnly? KnownAt, IReadOnlyList<CohortPoint> Points) : ITidy
{
    /// <summary>The cohorts of the projects holding at the as-of date, each at every period end (see <see cref="PortfolioHistory.CohortPointsAsync"/>).</summary>
    /// The territory's cohorts (by commune, <see cref="Cohorts.ByTerritory"/>) are computed in memory: the commune's place
    /// and class come from the official code and the settings, which the database does not hold.
    public static async Task<CohortDrift> OfAsync(
        PortfolioHistory history, AnalyticsParameters p, CohortField by, Period period, CancellationToken ct = default, Communes.Territory? territory = null) =>
        new(by, period, p.Grid.Version, p.AsOf, p.KnownAt, Cohorts.ByTerritory(by)
            ? await PointsInMemoryAsync(history, p.Grid, by, p.AsOf, period, ct, territory)
            : await history.CohortPointsAsync(p.Grid, by, p.AsOf, period, ct));

    /// <summary>
    /// The points computed in memory from the periods: one read of those overlapping the whole range, however many period
    /// ends it has; each project's value at an end is the period holding then, and its cohort the one of its period at the
    /// as-of date.
    /// </summary>
    internal static async Task<IReadOnlyList<CohortPoint>> PointsInMemoryAsync(
        PortfolioHistory history, Grid grid, CohortField by, DateOnly asOf, Period period, CancellationToken ct, Communes.Territory? territory = null)
    {
        var members = await history.AtAsync(asOf, grid, ct);
        if (members.Count == 0) return [];
        var first = members.Min(m => m.EmergedOn);
        var dates = Periods.Ends(first, asOf, period);
        var cohorts = members.ToDictionary(m => m.ProjectId, m => Cohorts.ValueOf(by, m, territory));
        var observations = PortfolioHistory.ByProject(await history.OverlappingAsync(grid, first, asOf, ct))
            .Where(periods => cohorts.ContainsKey(periods[0].ProjectId))
            .SelectMany(periods => dates.Select(d => (Date: d, Row: PortfolioHistory.HoldingAt(periods, d))).Where(x => x.Row is not null)
                .Select(x => (Cohort: cohorts[periods[0].ProjectId], x.Date, Row: x.Row!))).ToList();
        return observations
            .GroupBy(o => (o.Cohort, o.Date))
            .OrderBy(g => g.Key.Cohort, StringComparer.Ordinal).ThenBy(g => g.Key.Date)
            .Select(g => new CohortPoint(g.Key.Cohort, g.Key.Date, g.Count(), Stats(g.Select(o => (double)o.Row.Score)),
                StatsOfPillars(grid, g.Select(o => o.Row))))
            .ToList();
    }

    /// <summary>Each of the grid's pillars' mean and median over <paramref name="rows"/>, in the grid's order.</summary>
    internal static IReadOnlyDictionary<string, PillarStats> StatsOfPillars(Grid grid, IEnumerable<ScorePeriod> rows)
    {
        var list = rows as IReadOnlyCollection<ScorePeriod> ?? rows.ToList();
        return grid.Pillars.ToDictionary(x => x.Id, x => Stats(list.Select(r => r.Pillar(x.Id))));
    }

    internal static PillarStats Stats(IEnumerable<double> values)
    {
        var list = values.ToList();
        return new PillarStats(PortfolioAt.Mean(list), PortfolioAt.Median(list));
    }

    public IEnumerable<TidyRow> Tidy() => Points.SelectMany(c => CohortRows($"{By.Wire()}={c.Cohort}", c.Date, c.Projects, c.Score, c.Pillars));

    internal static IEnumerable<TidyRow> CohortRows(
        string subject, DateOnly? date, int projects, PillarStats score, IReadOnlyDictionary<string, PillarStats> pillars)
    {
        yield return new(subject, date, "count", projects);
        yield return new(subject, date, "mean:score", score.Mean);
        yield return new(subject, date, "median:score", score.Median);
        foreach (var (pillar, stats) in pillars)
        {
            yield return new(subject, date, $"mean:{pillar}", stats.Mean);
            yield return new(subject, date, $"median:{pillar}", stats.Median);
        }
    }
}

public sealed record AlignedPoint(
    string Cohort, int OffsetYears, int Projects, PillarStats Score, IReadOnlyDictionary<string, PillarStats> Pillars);

/// <summary>
/// Every project's clock set at its first occurrence of a milestone; each pillar from 3 years before to 5 years after.
/// Answers whether cooperation fades once the hub's support ends.
/// </summary>
public sealed record AlignedDrift(
    AlignAnchor On, CohortField? By, string GridVersion, DateOnly AsOf, DateOnly? KnownAt, int ProjectsAligned,
    IReadOnlyList<AlignedPoint> Points) : ITidy
{
    // The periods mark the anniversaries of these years (ScorePeriod.Anniversaries), from which the stored history reads them.
    public const int YearsBefore = ScoreHistory.ScorePeriod.AnniversaryYearsBefore, YearsAfter = ScoreHistory.ScorePeriod.AnniversaryYearsAfter;

    /// <summary>Each project's clock set at its anchor (see <see cref="PortfolioHistory.AlignedPointsAsync"/>).</summary>
    public static async Task<AlignedDrift> OfAsync(
        PortfolioHistory history, AnalyticsParameters p, AlignAnchor on, CohortField? by, CancellationToken ct = default, Communes.Territory? territory = null)
    {
        var (aligned, points) = Cohorts.ByTerritory(by)
            ? await PointsInMemoryAsync(history, p.Grid, on, by, p.AsOf, Offsets, ct, territory)
            : await history.AlignedPointsAsync(p.Grid, on, by, p.AsOf, Offsets, ct);
        return new AlignedDrift(on, by, p.Grid.Version, p.AsOf, p.KnownAt, aligned, points);
    }

    /// <summary>The years around the anchor, from <see cref="YearsBefore"/> before to <see cref="YearsAfter"/> after.</summary>
    public static readonly IReadOnlyList<int> Offsets = Enumerable.Range(-YearsBefore, YearsBefore + YearsAfter + 1).ToList();

    /// <summary>
    /// The points computed in memory: the anchors read off the periods at the as-of date, the values at each offset off one
    /// read of the periods overlapping them all.
    /// </summary>
    internal static async Task<(int Aligned, IReadOnlyList<AlignedPoint> Points)> PointsInMemoryAsync(
        PortfolioHistory history, Grid grid, AlignAnchor on, CohortField? by, DateOnly asOf, IReadOnlyList<int> offsets, CancellationToken ct,
        Communes.Territory? territory = null)
    {
        var members = (await history.AtAsync(asOf, grid, ct))
            .Select(m => (Member: m, Anchor: AnchorOf(m, on)))
            .Where(x => x.Anchor is not null).ToDictionary(x => x.Member.ProjectId, x => (x.Member, Anchor: x.Anchor!.Value));
        var observations = new List<(string Cohort, int Offset, ScorePeriod Row)>();
        if (members.Count > 0)
        {
            var first = members.Values.Min(x => x.Anchor).AddYears(offsets.Min());
            foreach (var periods in PortfolioHistory.ByProject(await history.OverlappingAsync(grid, first, asOf, ct)))
            {
                if (!members.TryGetValue(periods[0].ProjectId, out var x)) continue;
                var cohort = by is { } field ? Cohorts.ValueOf(field, x.Member, territory) : "all";
                foreach (var k in offsets)
                    if (x.Anchor.AddYears(k) is var date && date <= asOf && PortfolioHistory.HoldingAt(periods, date) is { } row)
                        observations.Add((cohort, k, row));
            }
        }
        var points = observations.GroupBy(o => (o.Cohort, o.Offset))
            .OrderBy(g => g.Key.Cohort, StringComparer.Ordinal).ThenBy(g => g.Key.Offset)
            .Select(g => new AlignedPoint(g.Key.Cohort, g.Key.Offset, g.Count(), CohortDrift.Stats(g.Select(o => (double)o.Row.Score)),
                CohortDrift.StatsOfPillars(grid, g.Select(o => o.Row))))
            .ToList();
        return (members.Count, points);
    }

    /// <summary>The business date of the project's first effective occurrence of the anchor milestone, by the period's day.</summary>
    public static DateOnly? AnchorOf(ScorePeriod period, AlignAnchor on) => on switch
    {
        AlignAnchor.HubSupportEnded => period.FirstHubSupportEndedOn,
        AlignAnchor.LegalFormAdopted => period.FirstLegalFormAdoptedOn,
        AlignAnchor.CarrierLost => period.FirstCarrierLostOn,
        // Year +1 is then about the reading "at emergence" of the durability report and the persistence (the end of the first year).
        AlignAnchor.Emergence => period.EmergedOn,
        _ => period.FirstFundingOn,
    };

    public IEnumerable<TidyRow> Tidy() => Points.SelectMany(x =>
        CohortDrift.CohortRows($"{(By is { } f ? $"{f.Wire()}={x.Cohort}|" : "")}offset={x.OffsetYears:+0;-0;0}", null, x.Projects, x.Score, x.Pillars));
}

public static class Cohorts
{
    /// <summary>The project's cohort; <paramref name="territory"/> is needed for the territory and the population class.</summary>
    public static string ValueOf(CohortField by, ScorePeriod s, Communes.Territory? territory = null) => by switch
    {
        CohortField.Territory => Need(territory).Place(s.CommuneCode),
        CohortField.PopulationClass => Need(territory).PopulationClassOf(s.CommuneCode),
        CohortField.EmergenceContext => s.EmergenceContext,
        CohortField.HubRole => s.HubRole,
        CohortField.LegalForm => s.LegalForm ?? "none",
        CohortField.Sector => s.Sector,
        CohortField.Accompanied => s.EverAccompaniedByHub ? "yes" : "no",
        CohortField.EmergenceYear => s.EmergenceYear.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => s.StoppedOn is not null ? "stopped" : "live",
    };

    /// <summary>Whether the cohorts read the commune (computed in memory with the official code, not in SQL).</summary>
    public static bool ByTerritory(CohortField? by) => by is CohortField.Territory or CohortField.PopulationClass;

    private static Communes.Territory Need(Communes.Territory? territory) =>
        territory ?? throw new InvalidOperationException("les cohortes par territoire ont besoin du territoire (Communes.Territory)");
}
