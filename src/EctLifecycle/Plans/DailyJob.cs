using EctLifecycle.Projects;
using Marten;
using Wolverine;
using Wolverine.Attributes;

namespace EctLifecycle.Plans;

/// <summary>A Paris day started: the rules that depend on time run, and the plans due that day get their reminder.</summary>
public sealed record PlansDayStarted(DateOnly Day);

/// <summary>
/// Wolverine's recurring schedules (one agent for the cluster, the next occurrence kept as a durable scheduled message):
/// the day's job at Paris midnight, the weekly digest on Mondays.
/// </summary>
public static class PlanSchedules
{
    public const string Daily = "plans-daily", Weekly = "plans-weekly-digest";

    public static void Configure(WolverineOptions opts, PlanSettings settings)
    {
        PlanReminders.Configure(opts);
        opts.Schedules.ScheduleRecurring(Daily, "0 0 * * *", at => new PlansDayStarted(BusinessCalendar.DayOf(at)), BusinessCalendar.Zone);
        opts.Schedules.ScheduleRecurring(Weekly, $"0 {settings.DigestHour} * * 1", at => new WeeklyDigestDue(BusinessCalendar.DayOf(at)), BusinessCalendar.Zone);
    }
}

public static class PlansDayStartedHandler
{
    /// <summary>
    /// Every project's plans reconciled with today (silence, watch list: what time alone changes), then a reminder for each
    /// open plan due that day. A day run twice changes nothing the second time (rules make a plan once, reminders are sent once).
    /// </summary>
    // A milestone logged meanwhile may make the same rule's plan: retried, the day sees it made.
    [Transactional, RetryNow(typeof(Exception), 100, 500, 2000)]
    public static async Task<OutgoingMessages> Handle(
        PlansDayStarted day, IDocumentSession session, IDocumentStore store, PlanBook book, BusinessCalendar calendar, CancellationToken ct)
    {
        var changes = await book.SyncManyAsync(session, TimelineStore.Of(store).EachAsync(ct), watch: true, ct);
        var due = await session.Query<Plan>().Where(p => p.State == PlanState.Open && p.Due == day.Day).ToListAsync(ct);
        var outgoing = new OutgoingMessages();
        // Made today by the sweep (still in the session): due today too.
        var at = PlanReminders.At(day.Day, book.Settings.ReminderTime);
        foreach (var plan in due.Concat(changes.Made.Where(p => p.Due == day.Day)).DistinctBy(p => p.Id))
        {
            var reminder = new PlanReminderDue(plan.Id, plan.Due);
            if (at > calendar.Time.GetUtcNow()) outgoing.Add(reminder.ScheduledAt(at));
            else outgoing.Add(reminder);
        }
        return outgoing;
    }
}
