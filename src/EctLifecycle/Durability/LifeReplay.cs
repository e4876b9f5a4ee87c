using EctLifecycle.Projects;
using EctLifecycle.Scoring;

namespace EctLifecycle.Durability;

/// <summary>A project as it stood at the end of one business date of its history, scored.</summary>
public sealed record DayState(DateOnly Date, ProjectState State, Indicators Indicators, ScoreCard Card);

/// <summary>
/// A project's life replayed once, in business order, one state per business date that has milestones: the report
/// sections read their series off it instead of folding the history again for each date.
/// </summary>
public static class LifeReplay
{
    public static IReadOnlyList<DayState> Of(ProjectTimeline timeline, DateOnly until, Grid grid)
    {
        var days = new List<DayState>();
        ProjectState? state = null;
        foreach (var day in timeline.Effective(until).GroupBy(e => e.Event.OccurredOn))
        {
            foreach (var entry in day)
                state = ProjectTimeline.Step(state, entry.Event);
            if (state is null) continue;
            var indicators = Indicators.Of(state);
            days.Add(new DayState(day.Key, state, indicators, Scorer.Score(grid, state, indicators)));
        }
        return days;
    }

    /// <summary>The state that held on <paramref name="date"/>: the last replayed day at or before it.</summary>
    public static DayState? At(this IReadOnlyList<DayState> days, DateOnly date) => days.LastOrDefault(d => d.Date <= date);

    /// <summary>Consecutive days grouped while <paramref name="key"/> stays the same: each run's first day and key.</summary>
    public static IEnumerable<(DateOnly From, T Value)> Changes<T>(this IEnumerable<DayState> days, Func<DayState, T> key)
    {
        var first = true;
        T last = default!;
        foreach (var d in days)
        {
            var value = key(d);
            if (!first && EqualityComparer<T>.Default.Equals(value, last)) continue;
            first = false;
            last = value;
            yield return (d.Date, value);
        }
    }

    /// <summary>The spans of time over which <paramref name="holds"/> was true, each ending at the next change or at <paramref name="end"/>.</summary>
    public static IReadOnlyList<Period> Periods(this IReadOnlyList<DayState> days, Func<DayState, bool> holds, DateOnly end)
    {
        var periods = new List<Period>();
        DateOnly? from = null;
        foreach (var d in days.Where(d => d.Date <= end))
        {
            if (holds(d)) from ??= d.Date;
            else if (from is { } f) { periods.Add(Period.Of(f, d.Date)); from = null; }
        }
        if (from is { } open && open < end) periods.Add(Period.Of(open, end));
        return periods;
    }

    public static double Years(DateOnly from, DateOnly to) => Math.Round((to.DayNumber - from.DayNumber) / 365.25, 2);
}

/// <summary>A span of business dates, <c>To</c> excluded.</summary>
public sealed record Period(DateOnly From, DateOnly To, int Days)
{
    public static Period Of(DateOnly from, DateOnly to) => new(from, to, to.DayNumber - from.DayNumber);
}
