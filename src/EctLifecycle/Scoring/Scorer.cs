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
        var criteria = grid.Criteria.Select(c => Points(grid, c, state, indicators)).ToList();
        var pillars = grid.Pillars.Select(p =>
        {
            var own = criteria.Where(c => c.Pillar == p.Id).ToList();
            var points = own.Sum(c => c.Points);
            return new PillarScore(p.Id, p.Label, points, own.Count * 3, PillarMean(points, own.Count));
        }).ToList();
        var score = criteria.Sum(c => c.Points);
        return new ScoreCard(grid.Version, criteria, pillars, score, grid.MaxScore, grid.Threshold, grid.Reaches(score));
    }

    private static CriterionPoints Points(Grid grid, Criterion c, ProjectState state, Indicators indicators)
    {
        if (c.Source == CriterionSource.Assessed)
        {
            // Criterion ids are stable across grid versions, so an assessment made under one grid counts under another.
            return state.Assessments.TryGetValue(c.Id, out var a)
                ? new CriterionPoints(c.Id, c.Pillar, c.Label, a.Points, c.Source, true, a.Rationale, a.AssessedOn, a.GridVersion)
                : new CriterionPoints(c.Id, c.Pillar, c.Label, 0, c.Source, false, null, null, null);
        }
        return new CriterionPoints(c.Id, c.Pillar, c.Label, DerivedPoints(grid, c, indicators), c.Source, false, null, null, null);
    }

    /// <summary>
    /// Each criterion's points, in the grid's order, into <paramref name="points"/>, and the score: the card's figures
    /// without its records (the score history computes them for every business day of every project).
    /// </summary>
    public static int PointsInto(Grid grid, ProjectState state, Indicators indicators, int[] points)
    {
        var criteria = grid.Criteria;
        var score = 0;
        for (var i = 0; i < criteria.Count; i++)
        {
            var c = criteria[i];
            points[i] = c.Source == CriterionSource.Assessed
                ? state.Assessments.TryGetValue(c.Id, out var a) ? a.Points : 0
                : DerivedPoints(grid, c, indicators);
            score += points[i];
        }
        return score;
    }

    /// <summary>A pillar's mean as its <see cref="PillarScore"/> has it: its criteria's points over their number, to 4 decimals.</summary>
    public static double PillarMean(int points, int criteria) => criteria == 0 ? 0 : Math.Round((double)points / criteria, 4);

    private static int DerivedPoints(Grid grid, Criterion c, Indicators indicators) =>
        c.Map is { Count: > 0 } map
            ? map.TryGetValue(indicators.Category(c.Indicator!), out var p) ? p : c.Default ?? 0
            : Threshold(c.Thresholds!, indicators.Numeric(c.Indicator!, grid));

    private static int Threshold(IReadOnlyList<Threshold> thresholds, double value)
    {
        for (var i = thresholds.Count - 1; i >= 0; i--)
            if (value >= thresholds[i].Min - 1e-9) return thresholds[i].Points;
        return 0;
    }
}
