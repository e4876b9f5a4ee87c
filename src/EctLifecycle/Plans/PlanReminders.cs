using Marten;
using Wolverine;
using Microsoft.Extensions.Logging;
using Wolverine.Attributes;

namespace EctLifecycle.Plans;

/// <summary>A plan's reminder for the day it is due: scheduled for that day, and sent again by the daily job as a safety net.</summary>
public sealed record PlanReminderDue(Guid PlanId, DateOnly Due);

/// <summary>
/// That the reminder of a plan for a due day went out: inserted once (its id is the plan and the day), so that a second
/// delivery (the daily job and the plan's own schedule, two instances, a retry) publishes nothing.
/// </summary>
public sealed class PlanReminderSent
{
    public string Id { get; set; } = "";
    public Guid PlanId { get; set; }
    public DateOnly Due { get; set; }
    public DateTimeOffset At { get; set; }

    public static string IdOf(Guid planId, DateOnly due) => $"{planId}:{due:yyyy-MM-dd}";
}

public static class PlanReminders
{
    /// <summary>The queue of the plans' messages: durable, on PostgreSQL, so that what is scheduled survives a restart.</summary>
    public const string Queue = "plans";

    /// <summary>The instant a plan's reminder goes out: its Paris day at <paramref name="time"/> (by default its start).</summary>
    public static DateTimeOffset At(DateOnly due, TimeSpan time = default)
    {
        var local = due.ToDateTime(TimeOnly.MinValue) + time;
        return new DateTimeOffset(local, BusinessCalendar.Zone.GetUtcOffset(local));
    }

    /// <summary>
    /// Schedules the reminder of an open plan whose reminder time is still to come; sends it at once when the plan is due
    /// today (Paris) and its time has passed, since the day's job already ran (once per plan and day all the same, by
    /// <see cref="PlanReminderSent"/>). A plan due before today gets none.
    /// </summary>
    public static async Task ScheduleAsync(IMessageBus bus, Plan plan, PlanSettings settings, DateTimeOffset now)
    {
        if (plan.State != PlanState.Open) return;
        var at = At(plan.Due, settings.ReminderTime);
        if (at > now) await bus.ScheduleAsync(new PlanReminderDue(plan.Id, plan.Due), at);
        else if (plan.Due == BusinessCalendar.DayOf(now)) await bus.PublishAsync(new PlanReminderDue(plan.Id, plan.Due));
    }

    public static void Configure(WolverineOptions opts)
    {
        opts.LocalQueue(Queue).UseDurableInbox();
        opts.PublishMessage<PlanReminderDue>().ToLocalQueue(Queue);
        opts.PublishMessage<PlansDayStarted>().ToLocalQueue(Queue);
        opts.PublishMessage<PlansDaySweep>().ToLocalQueue(Queue);
        opts.PublishMessage<PlanFellDue>().ToLocalQueue(Queue);
        opts.PublishMessage<WeeklyDigestDue>().ToLocalQueue(Queue);
    }
}

public static class PlanReminderDueHandler
{
    /// <summary>
    /// Publishes <see cref="PlanFellDue"/> when the plan is still open and still due that day, once: a moved plan's old
    /// reminder, or a closed plan's, does nothing.
    /// </summary>
    // The second of two simultaneous deliveries fails on the insert: retried, it finds the reminder sent.
    [Transactional, RetryNow(typeof(Exception), 100, 500, 2000)]
    public static async Task<OutgoingMessages> Handle(
        PlanReminderDue due, IDocumentSession session, BusinessCalendar calendar, ILogger<PlanReminderDue> log, CancellationToken ct)
    {
        var outgoing = new OutgoingMessages();
        var plan = await session.LoadAsync<Plan>(due.PlanId, ct);
        if (plan is not { State: PlanState.Open } || plan.Due != due.Due || due.Due > calendar.Today)
        {
            log.LogInformation("Rappel du plan {PlanId} pour le {Due} : sans objet (plan fermé, déplacé ou pas encore dû)", due.PlanId, due.Due);
            return outgoing;
        }
        var id = PlanReminderSent.IdOf(plan.Id, plan.Due);
        if (await session.LoadAsync<PlanReminderSent>(id, ct) is not null)
        {
            log.LogInformation("Rappel du plan {PlanId} pour le {Due} : déjà envoyé", due.PlanId, due.Due);
            return outgoing;
        }
        log.LogInformation("Rappel du plan {PlanId} pour le {Due} : PlanFellDue publié", due.PlanId, due.Due);
        // Inserted, not stored: two deliveries at once both get here, and the second one's insert fails on the key.
        session.Insert(new PlanReminderSent { Id = id, PlanId = plan.Id, Due = plan.Due, At = calendar.Time.GetUtcNow() });
        outgoing.Add(new PlanFellDue(plan.Id));
        return outgoing;
    }
}
