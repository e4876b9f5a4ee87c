using EctLifecycle.Scoring;
using EctLifecycle.ScoreHistory;

namespace EctLifecycle.Analytics;

public sealed record ScoreCount(int Score, int Projects);

/// <summary>
/// The « nœud » of a distribution, as the study reads its figure 3: « Le graphique réalisé ci-contre (figure 3),
/// permettant de classer les scores, met en lumière un « nœud » à 26, score obtenu par 8 projets. »
/// (seed <c>000_63fefee6844dd0ec.txt</c>). The study names the node by one score and the number of projects that
/// obtained it, so the tool reads it as the score obtained by the most projects, when one score alone has that most
/// and at least <see cref="MinProjects"/> projects; otherwise there is no node (<see cref="Score"/> null) and
/// <see cref="Tied"/> lists the scores that share the most projects. This reading is the tool's, the study gives no rule.
/// </summary>
public sealed record DistributionNode(int? Score, int Projects, IReadOnlyList<int> Tied)
{
    /// <summary>A single project at a score is no node: the tool's default, in code (<c>Analytics/Distribution.cs</c>).</summary>
    public const int MinProjects = 2;

    public static DistributionNode Of(IReadOnlyList<ScoreCount> counts)
    {
        var most = counts.Select(c => c.Projects).DefaultIfEmpty(0).Max();
        var tied = most == 0 ? [] : counts.Where(c => c.Projects == most).Select(c => c.Score).ToList();
        return new DistributionNode(tied.Count == 1 && most >= MinProjects ? tied[0] : null, most, tied);
    }
}

/// <summary>
/// How many projects at each ECT score at a date (the figure 3 of the study, which ranks the scores), how many reach the
/// threshold under the grid's comparison, and the distribution's « nœud » beside the threshold.
/// </summary>
public sealed record Distribution(
    DateOnly AsOf, string GridVersion, DateOnly? KnownAt, int Threshold, int MaxScore, int Projects, int AtOrAboveThreshold,
    IReadOnlyList<ScoreCount> Counts, ThresholdComparison ThresholdComparison = ThresholdComparison.AtOrAbove,
    DistributionNode? Node = null) : ITidy
{
    public static Distribution Of(IReadOnlyList<ScorePeriod> rows, Grid grid, DateOnly asOf, DateOnly? knownAt) =>
        OfScores(rows.Select(s => s.Score).ToList(), grid, asOf, knownAt);

    /// <summary>The distribution of scores given under <paramref name="grid"/>, one a project.</summary>
    public static Distribution OfScores(IReadOnlyList<int> scores, Grid grid, DateOnly asOf, DateOnly? knownAt)
    {
        var counts = Enumerable.Range(0, grid.MaxScore + 1).Select(score => new ScoreCount(score, scores.Count(s => s == score))).ToList();
        return new(asOf, grid.Version, knownAt, grid.Threshold, grid.MaxScore, scores.Count,
            scores.Count(grid.Reaches), counts, grid.ThresholdComparison, DistributionNode.Of(counts));
    }

    /// <summary>Whether a score counts as reaching the threshold, under the grid's comparison.</summary>
    public bool Reaches(int score) => ThresholdComparison == ThresholdComparison.Above ? score > Threshold : score >= Threshold;

    /// <summary>The node is the threshold itself: the study's reading still holds for this grid and portfolio.</summary>
    public bool NodeAtThreshold => Node?.Score == Threshold;

    public static async Task<Distribution> OfAsync(PortfolioHistory history, AnalyticsParameters p, CancellationToken ct = default) =>
        OfScores(await history.ScoresAtAsync(p.AsOf, p.Grid, ct), p.Grid, p.AsOf, p.KnownAt);

    public IEnumerable<TidyRow> Tidy()
    {
        yield return new("portfolio", AsOf, "threshold", Threshold);
        yield return new("portfolio", AsOf, "thresholdComparison", ThresholdComparison == ThresholdComparison.Above ? "above" : "atOrAbove");
        yield return new("portfolio", AsOf, "atOrAboveThreshold", AtOrAboveThreshold);
        yield return new("portfolio", AsOf, "node", Node?.Score);
        yield return new("portfolio", AsOf, "nodeProjects", Node?.Projects ?? 0);
        foreach (var t in Node?.Tied ?? []) yield return new($"score:{t}", AsOf, "mostProjects", true);
        foreach (var c in Counts) yield return new($"score:{c.Score}", AsOf, "projects", c.Projects);
    }
}

public sealed record ProjectCrossing(string Key, string Name, int Score, int OtherScore);

/// <summary>The same portfolio scored under two grids: both distributions, and who crosses the threshold either way.</summary>
public sealed record GridComparison(
    Distribution Base, Distribution Other, IReadOnlyList<ProjectCrossing> CrossedUp, IReadOnlyList<ProjectCrossing> CrossedDown) : ITidy
{
    /// <summary>Both grids' periods at the date, one read each, paired by project (the projection keeps every grid's).</summary>
    public static async Task<GridComparison> OfAsync(PortfolioHistory history, AnalyticsParameters p, Grid other, CancellationToken ct = default)
    {
        var a = await history.AtAsync(p.AsOf, p.Grid, ct);
        var b = (await history.AtAsync(p.AsOf, other, ct)).ToDictionary(x => x.ProjectId);
        var pairs = a.Select(x => (First: x, Second: b[x.ProjectId])).ToList();
        return new GridComparison(
            Distribution.Of(a, p.Grid, p.AsOf, p.KnownAt), Distribution.Of(pairs.Select(x => x.Second).ToList(), other, p.AsOf, p.KnownAt),
            pairs.Where(x => !x.First.EctPotential && x.Second.EctPotential).Select(Crossing).ToList(),
            pairs.Where(x => x.First.EctPotential && !x.Second.EctPotential).Select(Crossing).ToList());

        static ProjectCrossing Crossing((ScorePeriod First, ScorePeriod Second) x) => new(x.First.Key, x.First.Name, x.First.Score, x.Second.Score);
    }

    public IEnumerable<TidyRow> Tidy() =>
        Base.Tidy().Select(r => r with { Measure = $"{Base.GridVersion}:{r.Measure}" })
            .Concat(Other.Tidy().Select(r => r with { Measure = $"{Other.GridVersion}:{r.Measure}" }))
            .Concat(CrossedUp.Select(c => new TidyRow(c.Key, Base.AsOf, "crossesThreshold", $"up:{c.Score}->{c.OtherScore}")))
            .Concat(CrossedDown.Select(c => new TidyRow(c.Key, Base.AsOf, "crossesThreshold", $"down:{c.Score}->{c.OtherScore}")));
}
