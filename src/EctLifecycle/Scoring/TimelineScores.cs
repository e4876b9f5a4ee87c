using EctLifecycle.Projects;

namespace EctLifecycle.Scoring;

/// <summary>A timeline's scores under a grid, per business day, computed once and kept with the timeline's fold.</summary>
public static class TimelineScores
{
    /// <summary>The score and pillar means under <paramref name="grid"/> at <paramref name="asOf"/>; null before the project emerged.</summary>
    public static ScoreSummary? SummaryAsOf(this ProjectTimeline timeline, DateOnly asOf, Grid grid) =>
        timeline.DayAsOf(asOf) is var i and >= 0 ? timeline.SummaryOfDay(i, grid) : null;

    /// <summary>The score and pillar means under <paramref name="grid"/> at the end of a business day, computed once.</summary>
    public static ScoreSummary SummaryOfDay(this ProjectTimeline timeline, int day, Grid grid)
    {
        var summaries = timeline.KeptPerDay<ScoreSummary>(grid);
        return summaries[day] ??= Scorer.Summarize(grid, timeline.StateOfDay(day));
    }

    /// <summary>Every business day's score and pillar means under <paramref name="grid"/>, folding forward once for those not kept yet.</summary>
    public static IReadOnlyList<ScoreSummary> SummariesOfDays(this ProjectTimeline timeline, Grid grid)
    {
        var summaries = timeline.KeptPerDay<ScoreSummary>(grid);
        if (Array.IndexOf(summaries, null) >= 0)
        {
            var day = 0;
            foreach (var state in timeline.StatesOfDays())
            {
                summaries[day] ??= Scorer.Summarize(grid, state);
                day++;
            }
        }
        return summaries!;
    }
}
