using EctLifecycle.Scoring;

namespace EctLifecycle.Analytics;

public sealed record ScoreCount(int Score, int Projects);

/// <summary>How many projects at each ECT score at a date (the study's figure 3), and how many reach the threshold.</summary>
public sealed record Distribution(
    DateOnly AsOf, string GridVersion, DateOnly? KnownAt, int Threshold, int MaxScore, int Projects, int AtOrAboveThreshold,
    IReadOnlyList<ScoreCount> Counts) : ITidy
{
    public static Distribution Of(IReadOnlyList<Snapshot> snapshots, Grid grid, DateOnly asOf, DateOnly? knownAt) =>
        new(asOf, grid.Version, knownAt, grid.Threshold, grid.MaxScore, snapshots.Count,
            snapshots.Count(s => s.Card.EctPotential),
            Enumerable.Range(0, grid.MaxScore + 1).Select(score => new ScoreCount(score, snapshots.Count(s => s.Card.Score == score))).ToList());

    public static Distribution Of(PortfolioHistory history, AnalyticsParameters p) =>
        Of(history.At(p.AsOf, p.Grid), p.Grid, p.AsOf, p.KnownAt);

    public IEnumerable<TidyRow> Tidy()
    {
        yield return new("portfolio", AsOf, "threshold", Threshold);
        yield return new("portfolio", AsOf, "atOrAboveThreshold", AtOrAboveThreshold);
        foreach (var c in Counts) yield return new($"score:{c.Score}", AsOf, "projects", c.Projects);
    }
}

public sealed record ProjectCrossing(string Key, string Name, int Score, int OtherScore);

/// <summary>The same portfolio scored under two grids: both distributions, and who crosses the threshold either way.</summary>
public sealed record GridComparison(
    Distribution Base, Distribution Other, IReadOnlyList<ProjectCrossing> CrossedUp, IReadOnlyList<ProjectCrossing> CrossedDown) : ITidy
{
    public static GridComparison Of(PortfolioHistory history, AnalyticsParameters p, Grid other)
    {
        var a = history.At(p.AsOf, p.Grid);
        var b = a.Select(s => s with { Card = Scorer.Score(other, s.State) }).ToList();
        var pairs = a.Zip(b).ToList();
        return new GridComparison(
            Distribution.Of(a, p.Grid, p.AsOf, p.KnownAt), Distribution.Of(b, other, p.AsOf, p.KnownAt),
            pairs.Where(x => !x.First.Card.EctPotential && x.Second.Card.EctPotential).Select(Crossing).ToList(),
            pairs.Where(x => x.First.Card.EctPotential && !x.Second.Card.EctPotential).Select(Crossing).ToList());

        static ProjectCrossing Crossing((Snapshot First, Snapshot Second) x) =>
            new(x.First.Key, x.First.State.Name, x.First.Card.Score, x.Second.Card.Score);
    }

    public IEnumerable<TidyRow> Tidy() =>
        Base.Tidy().Select(r => r with { Measure = $"{Base.GridVersion}:{r.Measure}" })
            .Concat(Other.Tidy().Select(r => r with { Measure = $"{Other.GridVersion}:{r.Measure}" }))
            .Concat(CrossedUp.Select(c => new TidyRow(c.Key, Base.AsOf, "crossesThreshold", $"up:{c.Score}->{c.OtherScore}")))
            .Concat(CrossedDown.Select(c => new TidyRow(c.Key, Base.AsOf, "crossesThreshold", $"down:{c.Score}->{c.OtherScore}")));
}
