using Marten;
using Microsoft.Extensions.Options;

namespace EctLifecycle.Plans.Mail;

/// <summary>
/// The weekly digest: to each person who chose it and has an address, their open plans overdue (due before the week)
/// then those due in the week; nothing to someone with nothing due.
/// </summary>
public static class WeeklyDigestDueHandler
{
    public static async Task Handle(WeeklyDigestDue message, IDocumentStore store, MailSender sender, BusinessCalendar calendar,
        IOptions<AppLinks> links, ILogger<MailSender> log, CancellationToken ct)
    {
        if (!sender.Configured)
        {
            log.LogWarning("The digest of the week of {Week} is due, but no mail leaves: set Mail:Host (or Mail:PickupFolder)", message.Week);
            return;
        }
        var week = message.Week.AddDays(-(((int)message.Week.DayOfWeek + 6) % 7)); // its Monday
        var end = week.AddDays(6);
        await using var session = store.LightweightSession();
        var open = await session.Query<Plan>().Where(p => p.State == PlanState.Open && p.Due <= end).ToListAsync(ct);
        var users = (await session.Query<Accounts.UserAccount>().ToListAsync(ct)).Where(u => u.MailDigest && Recipients.Reachable(u)).OrderBy(u => u.Id);
        foreach (var user in users)
        {
            var mine = open.Where(p => Recipients.Concerns(user, p)).OrderBy(p => p.Due).ThenBy(p => p.Title).ToList();
            if (mine.Count == 0) continue;
            var key = SentMail.DigestKey(week, user.Id);
            if (await session.LoadAsync<SentMail>(key, ct) is not null) continue;
            var lines = await PlanLinks.LinesAsync(session, mine, links.Value, ct);
            var overdue = lines.Where(l => l.Plan.Due < week).ToList();
            var thisWeek = lines.Where(l => l.Plan.Due >= week).ToList();
            if (overdue.Count + thisWeek.Count == 0) continue;
            var mail = PlanMails.Digest(sender.From, user, week, overdue, thisWeek, links.Value);
            await sender.SendAsync(mail, user.Id, ct);
            session.Store(new SentMail { Id = key, Login = user.Id, Subject = mail.Subject ?? "", SentAt = calendar.Time.GetUtcNow() });
            await session.SaveChangesAsync(ct);
        }
    }
}
