namespace EctLifecycle;

/// <summary>
/// The hub's days: Paris time, whatever the server's zone. The one place that knows the zone, and the app's clock
/// (the injected <see cref="TimeProvider"/>), so that "today", "not in the future", a recording time and "as known at
/// the end of a day" all agree, also at night in UTC and on the days the clocks change.
/// </summary>
public sealed class BusinessCalendar(TimeProvider time)
{
    public static readonly TimeZoneInfo Zone = FindZone();

    public TimeProvider Time => time;

    public DateOnly Today => DayOf(time.GetUtcNow());

    /// <summary>
    /// Now, to the microsecond PostgreSQL keeps: the recording time a write sets itself, so that the event stored and the
    /// timeline kept in memory carry the same instant.
    /// </summary>
    public DateTimeOffset RecordingNow()
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }

    /// <summary>The instant as the hub's clocks show it.</summary>
    public static DateTimeOffset InParis(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>The hub's day an instant falls on.</summary>
    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(InParis(instant).DateTime);

    /// <summary>The last instant of the hub's day <paramref name="day"/> (a day is 23 or 25 hours long when the clocks change).</summary>
    public static DateTimeOffset EndOf(DateOnly day)
    {
        // Paris changes its clocks at 02:00 or 03:00, never at midnight: the next day's midnight is one unambiguous instant.
        var nextMidnight = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(nextMidnight, Zone.GetUtcOffset(nextMidnight)).AddTicks(-1);
    }

    private static TimeZoneInfo FindZone()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.Utc; }
    }
}
