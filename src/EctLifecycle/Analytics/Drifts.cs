using EctLifecycle.Projects;
using EctLifecycle.Scoring;

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
    public static CohortDrift Of(PortfolioHistory history, AnalyticsParameters p, CohortField by, Period period)
    {
        var members = history.At(p.AsOf, p.Grid);
        if (members.Count == 0) return new CohortDrift(by, period, p.Grid.Version, p.AsOf, p.KnownAt, []);
        var dates = Periods.Ends(members.Min(m => m.State.EmergedOn), p.AsOf, period);
        var observations = members.AsParallel().AsOrdered().SelectMany(m =>
            dates.Select(d => (Date: d, Card: m.Timeline.SummaryAsOf(d, p.Grid))).Where(x => x.Card is not null)
                .Select(x => (Cohort: Cohorts.ValueOf(by, m), x.Date, Card: x.Card!))).ToList();
        var points = observations
            .GroupBy(o => (o.Cohort, o.Date))
            .OrderBy(g => g.Key.Cohort, StringComparer.Ordinal).ThenBy(g => g.Key.Date)
            .Select(g => new CohortPoint(g.Key.Cohort, g.Key.Date, g.Count(), Stats(g.Select(o => (double)o.Card.Score)),
                p.Grid.Pillars.ToDictionary(x => x.Id, x => Stats(g.Select(o => o.Card.PillarMean(x.Id))))))
            .ToList();
        return new CohortDrift(by, period, p.Grid.Version, p.AsOf, p.KnownAt, points);
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
    public const int YearsBefore = 3, YearsAfter = 5;

    public static AlignedDrift Of(PortfolioHistory history, AnalyticsParameters p, AlignAnchor on, CohortField? by)
    {
        var members = history.At(p.AsOf, p.Grid)
            .Select(m => (Member: m, Anchor: AnchorOf(m.Timeline, on, p.AsOf)))
            .Where(x => x.Anchor is not null).ToList();
        var observations = members.AsParallel().AsOrdered().SelectMany(x =>
        {
            var offsets = Enumerable.Range(-YearsBefore, YearsBefore + YearsAfter + 1)
                .Select(k => (Offset: k, Date: x.Anchor!.Value.AddYears(k))).Where(o => o.Date <= p.AsOf).ToList();
            return offsets.Select(o => (o.Offset, Card: x.Member.Timeline.SummaryAsOf(o.Date, p.Grid))).Where(o => o.Card is not null)
                .Select(o => (Cohort: by is { } field ? Cohorts.ValueOf(field, x.Member) : "all", o.Offset, Card: o.Card!));
        }).ToList();
        var points = observations.GroupBy(o => (o.Cohort, o.Offset))
            .OrderBy(g => g.Key.Cohort, StringComparer.Ordinal).ThenBy(g => g.Key.Offset)
            .Select(g => new AlignedPoint(g.Key.Cohort, g.Key.Offset, g.Count(), CohortDrift.Stats(g.Select(o => (double)o.Card.Score)),
                p.Grid.Pillars.ToDictionary(x => x.Id, x => CohortDrift.Stats(g.Select(o => o.Card.PillarMean(x.Id))))))
            .ToList();
        return new AlignedDrift(on, by, p.Grid.Version, p.AsOf, p.KnownAt, members.Count, points);
    }

    /// <summary>The business date of the project's first effective occurrence of the anchor milestone, by the as-of date.</summary>
    public static DateOnly? AnchorOf(ProjectTimeline timeline, AlignAnchor on, DateOnly asOf) =>
        timeline.Effective(asOf).FirstOrDefault(e => on switch
        {
            AlignAnchor.HubSupportEnded => e.Event is AccompanimentEnded { ByHub: true },
            AlignAnchor.LegalFormAdopted => e.Event is LegalFormAdopted,
            AlignAnchor.CarrierLost => e.Event is CarrierLost,
            _ => e.Event is FundingSecured,
        })?.Event.OccurredOn;

    public IEnumerable<TidyRow> Tidy() => Points.SelectMany(x =>
        CohortDrift.CohortRows($"{(By is { } f ? $"{f.Wire()}={x.Cohort}|" : "")}offset={x.OffsetYears:+0;-0;0}", null, x.Projects, x.Score, x.Pillars));
}

public static class Cohorts
{
    public static string ValueOf(CohortField by, Snapshot s) => by switch
    {
        CohortField.EmergenceContext => s.State.EmergenceContext.Wire(),
        CohortField.HubRole => s.State.HubRole.Wire(),
        CohortField.LegalForm => s.State.LegalForm?.Form.Wire() ?? "none",
        CohortField.Sector => s.State.Sector,
        CohortField.Accompanied => s.State.Accompaniments.Any(a => a.ByHub) ? "yes" : "no",
        CohortField.EmergenceYear => s.State.EmergedOn.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => s.State.Stopped is not null ? "stopped" : "live",
    };
}
