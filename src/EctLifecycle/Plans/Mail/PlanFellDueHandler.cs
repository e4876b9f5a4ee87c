using EctLifecycle.Accounts;
using Marten;
using Microsoft.Extensions.Options;

namespace EctLifecycle.Plans.Mail;

/// <summary>
/// A plan fell due: a reminder to the person in charge, or to the team when nobody is, for those who chose reminders and
/// have an address. Nothing when the plan is no longer open or its due day moved past today (the move scheduled another).
/// </summary>
public static class PlanFellDueHandler
{
    public static async Task Handle(PlanFellDue message, IDocumentStore store, MailSender sender, BusinessCalendar calendar,
        IOptions<AppLinks> links, ILogger<MailSender> log, CancellationToken ct)
    {
        if (!sender.Configured)
        {
            log.LogWarning("Plan {PlanId} fell due, but no mail leaves: set Mail:Host (or Mail:PickupFolder)", message.PlanId);
            return;
        }
        var today = calendar.Today;
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<Plan>(message.PlanId, ct) is not { State: PlanState.Open } plan || plan.Due > today) return;
        var line = (await PlanLinks.LinesAsync(session, [plan], links.Value, ct)).SingleOrDefault();
        if (line is null) return;
        foreach (var user in await Recipients.OfPlanAsync(session, plan, ct))
        {
            if (!user.MailReminders || !Recipients.Reachable(user)) continue;
            var key = SentMail.ReminderKey(plan.Id, user.Id, today);
            if (await session.LoadAsync<SentMail>(key, ct) is not null) continue;
            var mail = PlanMails.Reminder(sender.From, user, line, links.Value);
            await sender.SendAsync(mail, user.Id, ct);
            // Saved after each mail, so that a failure with the next recipient does not send this one again.
            session.Store(new SentMail { Id = key, Login = user.Id, Subject = mail.Subject ?? "", SentAt = calendar.Time.GetUtcNow() });
            await session.SaveChangesAsync(ct);
        }
    }
}
