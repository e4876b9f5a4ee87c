namespace EctLifecycle;

/// <summary>Today's business date, in the hub's time zone.</summary>
public sealed class BusinessCalendar(TimeProvider time)
{
    private static readonly TimeZoneInfo Zone = FindZone();

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone).DateTime);

    private static TimeZoneInfo FindZone()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.Utc; }
    }
}
