using EctLifecycle.Projects;

namespace EctLifecycle.Analytics;

/// <summary>A value read on a business date.</summary>
public sealed record Reading(DateOnly Date, double Value);

/// <summary>
/// A pillar (or the score) read three times over a project's life: at emergence, at its peak and at the end of what is
/// looked at (its stop, or the as-of date of a live project). The one definition of these readings: the durability
/// report's arcs and the pillars' persistence both read them here.
/// </summary>
public sealed record Arc(Reading AtEmergence, Reading Peak, Reading End)
{
    /// <summary>
    /// "At emergence" reads the project at the end of its emergence window (<see cref="ProjectState.EmergenceWindowDays"/>,
    /// its first year), as the grid's collective-at-emergence criterion does: on the day of registration almost nothing is
    /// logged yet. A project that stops (or is looked at) before that is read at its <paramref name="end"/>.
    /// </summary>
    public static DateOnly EmergenceReadOn(DateOnly emergedOn, DateOnly end)
    {
        var window = emergedOn.AddDays(ProjectState.EmergenceWindowDays);
        return window < end ? window : end;
    }

    /// <summary>Whether the emergence window is over by <paramref name="end"/>: the reading at emergence is then a full first year's.</summary>
    public static bool FirstYearOver(DateOnly emergedOn, DateOnly end) => emergedOn.AddDays(ProjectState.EmergenceWindowDays) < end;

    /// <summary>
    /// The arc of one value over <paramref name="steps"/>, a project's successive states in business order, each holding
    /// from its own date to the next one's (the replayed days of a timeline, or its score periods). Only the steps dated
    /// by <paramref name="end"/> count; the peak is the first step at the highest value.
    /// </summary>
    public static Arc Of<T>(IReadOnlyList<T> steps, Func<T, DateOnly> dateOf, Func<T, double> value, DateOnly emergedOn, DateOnly end)
    {
        var life = steps.Where(s => dateOf(s) <= end).ToList();
        if (life.Count == 0) throw new ArgumentException("no state by the end of the arc", nameof(steps));
        var emergence = EmergenceReadOn(emergedOn, end);
        var peak = life.Aggregate((best, s) => value(s) > value(best) ? s : best);
        var atEmergence = life.LastOrDefault(s => dateOf(s) <= emergence) ?? life[0];
        return new Arc(new Reading(emergence, value(atEmergence)), new Reading(dateOf(peak), value(peak)), new Reading(end, value(life[^1])));
    }
}

/// <summary>What an arc is read over: a project, the day its emergence is read (<see cref="Arc.EmergenceReadOn"/>) and its end.</summary>
public readonly record struct ArcWindow(Guid ProjectId, DateOnly EmergedOn, DateOnly End);
