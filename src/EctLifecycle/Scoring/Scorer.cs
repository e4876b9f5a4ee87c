using EctLifecycle.Projects;

namespace EctLifecycle.Scoring;

public sealed record CriterionPoints(
    string Id, string Pillar, string Label, int Points, CriterionSource Source, bool Assessed,
    string? Rationale, DateOnly? AssessedOn, string? AssessedUnderGrid);

public sealed record PillarScore(string Id, string Label, int Points, int Max, double Mean);

public sealed record ScoreCard(
    string GridVersion, IReadOnlyList<CriterionPoints> Criteria, IReadOnlyList<PillarScore> Pillars,
    int Score, int MaxScore, int Threshold, bool EctPotential)
{
    public double PillarMean(string pillarId) => Pillars.First(p => p.Id == pillarId).Mean;
}

/// <summary>A state's score and pillar means, exactly as its <see cref="ScoreCard"/> has them: what the drifts aggregate.</summary>
public sealed class ScoreSummary(int score, (string Id, double Mean)[] pillars)
{
    public int Score => score;
    public IReadOnlyList<(string Id, double Mean)> Pillars => pillars;

    public double PillarMean(string pillarId)
    {
        foreach (var (id, mean) in pillars) if (id == pillarId) return mean;
        throw new InvalidOperationException($"no pillar {pillarId}");
    }
}

/// <summary>Scores a project's state against a grid: small pure code reading the grid's data.</summary>
public static class Scorer
{
    /// <summary>The score and pillar means of the state's card (kept per day by the timelines).</summary>
    public static ScoreSummary Summarize(Grid grid, ProjectState state)
    {
        var card = Score(grid, state);
        return new ScoreSummary(card.Score, card.Pillars.Select(p => (p.Id, p.Mean)).ToArray());
    }

    public static ScoreCard Score(Grid grid, ProjectState state) => Score(grid, state, Indicators.Of(state));

    public static ScoreCard Score(Grid grid, ProjectState state, Indicators indicators)
    {
        var criteria = grid.Criteria.Select(c => Points(c, state, indicators)).ToList();
        var pillars = grid.Pillars.Select(p =>
        {
            var own = criteria.Where(c => c.Pillar == p.Id).ToList();
            var points = own.Sum(c => c.Points);
            return new PillarScore(p.Id, p.Label, points, own.Count * 3, own.Count == 0 ? 0 : Math.Round((double)points / own.Count, 4));
        }).ToList();
        var score = criteria.Sum(c => c.Points);
        return new ScoreCard(grid.Version, criteria, pillars, score, grid.MaxScore, grid.Threshold, grid.Reaches(score));
    }

    private static CriterionPoints Points(Criterion c, ProjectState state, Indicators indicators)
    {
        if (c.Source == CriterionSource.Assessed)
        {
            // Criterion ids are stable across grid versions, so an assessment made under one grid counts under another.
            return state.Assessments.TryGetValue(c.Id, out var a)
                ? new CriterionPoints(c.Id, c.Pillar, c.Label, a.Points, c.Source, true, a.Rationale, a.AssessedOn, a.GridVersion)
                : new CriterionPoints(c.Id, c.Pillar, c.Label, 0, c.Source, false, null, null, null);
        }
        var points = c.Map is { Count: > 0 } map
            ? map.TryGetValue(indicators.Category(c.Indicator!), out var p) ? p : c.Default ?? 0
            : Threshold(c.Thresholds!, indicators.Numeric(c.Indicator!));
        return new CriterionPoints(c.Id, c.Pillar, c.Label, points, c.Source, false, null, null, null);
    }

    private static int Threshold(IReadOnlyList<Threshold> thresholds, double value) =>
        thresholds.LastOrDefault(t => value >= t.Min - 1e-9)?.Points ?? 0;
}
