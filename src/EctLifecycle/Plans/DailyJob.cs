using EctLifecycle.Timelines;
using EctLifecycle.Projects;
using Marten;
using Wolverine;
using Wolverine.Attributes;

namespace EctLifecycle.Plans;

/// <summary>A Paris day started: the rules that depend on time run, and the plans due that day get their reminder.</summary>
public sealed record PlansDayStarted(DateOnly Day);

/// <summary>
/// A page of the day's sweep: the projects registered after the event sequence <paramref name="After"/>, about
/// <see cref="PlanSettings.DaySweepProjects"/> of them, their plans reconciled with <paramref name="Day"/>.
/// </summary>
public sealed record PlansDaySweep(DateOnly Day, long After);

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
    /// A reminder for each open plan due that day, then the sweep of every project's plans (silence, watch list: what time
    /// alone changes) and the day's watch list for the portfolio page (<see cref="Durability.WatchListDue"/>), one page of projects per message, each in its own transaction: at 100,000 projects the plans are a
    /// million documents and the events six million, which one transaction read whole for longer than a message may run
    /// (Wolverine cancelled it after a minute, again at each retry, and the day's plans were never made) and held in memory
    /// at once. A day run twice changes nothing the second time (rules make a plan once, reminders are sent once).
    /// </summary>
    public static async Task<OutgoingMessages> Handle(
        PlansDayStarted day, IQuerySession session, PlanBook book, BusinessCalendar calendar, Scoring.GridCatalog grids, CancellationToken ct)
    {
        var due = await session.Query<Plan>().Where(p => p.State == PlanState.Open && p.Due == day.Day).ToListAsync(ct);
        var outgoing = Reminders(day.Day, due, book, calendar);
        outgoing.Add(new PlansDaySweep(day.Day, 0));
        // The staff's portfolio page reads the day's watch list kept, computed once the day has started.
        outgoing.Add(new Durability.WatchListDue(day.Day, grids.Default.Version));
        return outgoing;
    }

    /// <summary>
    /// One page of the sweep: its projects' timelines and plans read, reconciled, saved; a reminder for each plan it made due
    /// that day; then the next page. A milestone logged meanwhile may make the same rule's plan: retried, the page sees it made.
    /// </summary>
    [Transactional, RetryNow(typeof(Exception), 100, 500, 2000)]
    public static async Task<OutgoingMessages> Handle(
        PlansDaySweep page, IDocumentSession session, IDocumentStore store, PlanBook book, BusinessCalendar calendar, CancellationToken ct)
    {
        var (timelines, next) = await TimelineStore.Of(store).PageAsync(page.After, book.Settings.DaySweepProjects, ct);
        var ids = timelines.Select(t => t.Registration?.Event.ProjectId).OfType<Guid>().ToArray();
        var changes = await book.SyncManyAsync(session, timelines, watch: true, ct, onlyOf: ids);
        var outgoing = Reminders(page.Day, changes.Made.Where(p => p.Due == page.Day), book, calendar);
        if (next is { } after) outgoing.Add(page with { After = after });
        return outgoing;
    }

    private static OutgoingMessages Reminders(DateOnly day, IEnumerable<Plan> due, PlanBook book, BusinessCalendar calendar)
    {
        var outgoing = new OutgoingMessages();
        var at = PlanReminders.At(day, book.Settings.ReminderTime);
        foreach (var plan in due)
        {
            var reminder = new PlanReminderDue(plan.Id, plan.Due);
            if (at > calendar.Time.GetUtcNow()) outgoing.Add(reminder.ScheduledAt(at));
            else outgoing.Add(reminder);
        }
        return outgoing;
    }
}
