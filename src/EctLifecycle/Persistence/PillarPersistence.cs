using EctLifecycle.Analytics;
using EctLifecycle.ScoreHistory;

namespace EctLifecycle.Persistence;

/// <summary>Where a project's score went since its emergence, by <see cref="PersistenceRules"/>.</summary>
public enum Trend { DriftedAway, CameCloser, Steady, NotYetAYear }

/// <summary>Where a pillar went since emergence: lost, gained or kept by <see cref="PersistenceRules.PillarPoints"/>.</summary>
public enum PillarFate { Kept, Lost, Gained, NotYetAYear }

/// <summary>A pillar (or the score, id <c>score</c>) of one project: at emergence, at its peak and now (at its stop for a stopped project).</summary>
public sealed record PillarCourse(string Id, string Label, Reading AtEmergence, Reading Peak, Reading Now, double Change, PillarFate Fate);

/// <summary>
/// One project's persistence: its score and each pillar at emergence (the end of its first year, <see cref="Arc"/>), at
/// their peak and now, whether it had the ECT potential then and has it now, and its trend.
/// </summary>
public sealed record ProjectPersistence(
    Guid Id, string Key, string Name, bool Stopped, DateOnly EmergedOn, DateOnly? StoppedOn, bool FirstYearOver,
    bool PotentialAtEmergence, bool PotentialNow, Trend Trend, PillarCourse Score, IReadOnlyList<PillarCourse> Pillars);

/// <summary>A pillar over the live (or the stopped) projects: how many kept, lost or gained it, and its means at the three readings.</summary>
public sealed record PillarTally(
    string Group, string Pillar, string Label, int Projects, int Kept, int Lost, int Gained, int NotYetAYear,
    double MeanAtEmergence, double MeanPeak, double MeanNow);

/// <summary>
/// The pillars' persistence at a date, for live and stopped projects apart: each pillar and the score at emergence, at
/// their peak and now; the projects that had the ECT potential at their genesis and drifted away from it, and those
/// that came closer. Read from the score periods (one query for the projects at the as-of date, one for the periods
/// overlapping their lives), as the durability report reads its arcs (<see cref="Arc"/>).
/// </summary>
public sealed record PillarPersistence(
    DateOnly AsOf, string GridVersion, DateOnly? KnownAt, int Threshold, PersistenceRules Rules, int Live, int Stopped,
    IReadOnlyList<PillarTally> Pillars, IReadOnlyList<ProjectPersistence> DriftedAway, IReadOnlyList<ProjectPersistence> CameCloser,
    IReadOnlyList<ProjectPersistence> Projects) : ITidy, IDrawnAnswer
{
    public const string LiveGroup = "live", StoppedGroup = "stopped";

    /// <param name="members">The periods holding at the as-of date under the grid, when the caller has read them already.</param>
    public static async Task<PillarPersistence> OfAsync(
        PortfolioHistory history, AnalyticsParameters p, PersistenceRules rules, CancellationToken ct = default, IReadOnlyList<ScorePeriod>? members = null)
    {
        members ??= await history.AtAsync(p.AsOf, p.Grid, ct);
        var projects = new List<ProjectPersistence>();
        if (members.Count > 0)
        {
            // Each member's arcs, read where its periods are (by PostgreSQL from the stored score history).
            var arcs = await history.ArcsAsync(p.Grid, members.Select(m => new ArcWindow(m.ProjectId, m.EmergedOn, m.StoppedOn ?? p.AsOf)).ToList(),
                members.Min(m => m.EmergedOn), p.AsOf, ct);
            foreach (var member in members)
                if (arcs.ContainsKey((member.ProjectId, PortfolioHistory.ScoreArc)))
                    projects.Add(Of(member, value => arcs[(member.ProjectId, value)], p, rules));
        }
        return new PillarPersistence(p.AsOf, p.Grid.Version, p.KnownAt, p.Grid.Threshold, rules,
            projects.Count(x => !x.Stopped), projects.Count(x => x.Stopped),
            [.. Tallies(projects.Where(x => !x.Stopped).ToList(), LiveGroup, p), .. Tallies(projects.Where(x => x.Stopped).ToList(), StoppedGroup, p)],
            projects.Where(x => x.Trend == Trend.DriftedAway).OrderBy(x => x.Score.Change).ThenBy(x => x.Key, StringComparer.Ordinal).ToList(),
            projects.Where(x => x.Trend == Trend.CameCloser).OrderByDescending(x => x.Score.Change).ThenBy(x => x.Key, StringComparer.Ordinal).ToList(),
            projects);
    }

    /// <summary>
    /// One project's readings from the arcs of its score (<see cref="PortfolioHistory.ScoreArc"/>) and of each pillar, read
    /// up to its stop for a stopped project (<see cref="PortfolioHistory.ArcsAsync"/>).
    /// </summary>
    public static ProjectPersistence Of(ScorePeriod member, Func<string, Arc> arcOf, AnalyticsParameters p, PersistenceRules rules)
    {
        var end = member.StoppedOn ?? p.AsOf;
        var yearOver = Arc.FirstYearOver(member.EmergedOn, end);
        var score = Course(PillarArcId, "Score ECT", PortfolioHistory.ScoreArc, points: 1);
        var pillars = p.Grid.Pillars.Select(x => Course(x.Id, Charts.PillarLabel(x.Id), x.Id, rules.PillarPoints)).ToList();
        var atEmergence = p.Grid.Reaches((int)score.AtEmergence.Value);
        var trend = !yearOver ? Trend.NotYetAYear
            : atEmergence && score.Change <= -rules.DriftPoints ? Trend.DriftedAway
            : score.Change >= rules.CloserPoints ? Trend.CameCloser
            : Trend.Steady;
        return new ProjectPersistence(member.ProjectId, member.Key, member.Name, member.StoppedOn is not null, member.EmergedOn,
            member.StoppedOn, yearOver, atEmergence, p.Grid.Reaches((int)score.Now.Value), trend, score, pillars);

        PillarCourse Course(string id, string label, string value, double points)
        {
            var arc = arcOf(value);
            var change = Math.Round(arc.End.Value - arc.AtEmergence.Value, 4);
            var fate = !yearOver ? PillarFate.NotYetAYear
                : change <= -points ? PillarFate.Lost
                : change >= points ? PillarFate.Gained
                : PillarFate.Kept;
            return new PillarCourse(id, label, arc.AtEmergence, arc.Peak, arc.End, change, fate);
        }
    }

    public const string PillarArcId = "score";

    private static IEnumerable<PillarTally> Tallies(IReadOnlyList<ProjectPersistence> projects, string group, AnalyticsParameters p)
    {
        // The means are of the projects whose first year is over: a younger project's "at emergence" is its today.
        return p.Grid.Pillars.Select(x => Tally(x.Id, Charts.PillarLabel(x.Id), c => c.Pillars.Single(y => y.Id == x.Id)))
            .Append(Tally(PillarArcId, "Score ECT", c => c.Score));

        PillarTally Tally(string id, string label, Func<ProjectPersistence, PillarCourse> course)
        {
            var courses = projects.Select(course).ToList();
            var read = courses.Where(c => c.Fate != PillarFate.NotYetAYear).ToList();
            return new PillarTally(group, id, label, projects.Count,
                read.Count(c => c.Fate == PillarFate.Kept), read.Count(c => c.Fate == PillarFate.Lost), read.Count(c => c.Fate == PillarFate.Gained),
                courses.Count - read.Count,
                PortfolioAt.Mean(read.Select(c => c.AtEmergence.Value)), PortfolioAt.Mean(read.Select(c => c.Peak.Value)),
                PortfolioAt.Mean(read.Select(c => c.Now.Value)));
        }
    }

    public IEnumerable<TidyRow> Tidy()
    {
        yield return new("portfolio", AsOf, "live", Live);
        yield return new("portfolio", AsOf, "stopped", Stopped);
        yield return new("portfolio", AsOf, "threshold", Threshold);
        yield return new("portfolio", AsOf, "driftedAway", DriftedAway.Count);
        yield return new("portfolio", AsOf, "cameCloser", CameCloser.Count);
        yield return new("portfolio", AsOf, "rule:driftPoints", Rules.DriftPoints);
        yield return new("portfolio", AsOf, "rule:closerPoints", Rules.CloserPoints);
        yield return new("portfolio", AsOf, "rule:pillarPoints", Rules.PillarPoints);
        foreach (var t in Pillars)
        {
            var subject = $"stopped={t.Group}|pillar={t.Pillar}";
            yield return new(subject, AsOf, "count", t.Projects);
            yield return new(subject, AsOf, "kept", t.Kept);
            yield return new(subject, AsOf, "lost", t.Lost);
            yield return new(subject, AsOf, "gained", t.Gained);
            yield return new(subject, AsOf, "notYetAYear", t.NotYetAYear);
            yield return new(subject, AsOf, "meanAtEmergence", t.MeanAtEmergence);
            yield return new(subject, AsOf, "meanPeak", t.MeanPeak);
            yield return new(subject, AsOf, "meanNow", t.MeanNow);
        }
        foreach (var x in Projects)
        {
            yield return new(x.Key, x.EmergedOn, "emergedOn", x.EmergedOn.ToString("yyyy-MM-dd"));
            if (x.StoppedOn is { } stop) yield return new(x.Key, stop, "stoppedOn", stop.ToString("yyyy-MM-dd"));
            yield return new(x.Key, x.Score.AtEmergence.Date, "potentialAtEmergence", x.PotentialAtEmergence);
            yield return new(x.Key, x.Score.Now.Date, "potentialNow", x.PotentialNow);
            yield return new(x.Key, x.Score.Now.Date, "trend", x.Trend.Wire());
            foreach (var c in x.Pillars.Prepend(x.Score))
            {
                yield return new(x.Key, c.AtEmergence.Date, $"atEmergence:{c.Id}", c.AtEmergence.Value);
                yield return new(x.Key, c.Peak.Date, $"peak:{c.Id}", c.Peak.Value);
                yield return new(x.Key, c.Now.Date, $"now:{c.Id}", c.Now.Value);
                yield return new(x.Key, c.Now.Date, $"fate:{c.Id}", c.Fate.Wire());
            }
        }
    }

    public ScottPlot.Plot Chart() => PersistenceChart.Of(this);
}
