using System.Text;
using EctLifecycle.Accounts;
using MimeKit;

namespace EctLifecycle.Plans.Mail;

/// <summary>The French mails: a reminder when a plan falls due, the weekly digest; each as plain text and HTML.</summary>
public static class PlanMails
{
    public static MimeMessage Reminder(MailboxAddress from, UserAccount to, PlanLine line, AppLinks links)
    {
        var plan = line.Plan;
        var subject = $"Rappel : {line.Project} — {plan.Title}, pour le {PlanLinks.InFrench(plan.Due)}";
        var forTeam = plan.InCharge is null ? "Personne n'en est chargé : ce rappel va à l'équipe." : null;
        var text = new StringBuilder()
            .Append($"Bonjour {to.DisplayName},\n\n")
            .Append($"« {plan.Title} » est à faire pour le {PlanLinks.InFrench(plan.Due)}, sur le projet {line.Project}.\n")
            .Append(forTeam is null ? "" : forTeam + "\n")
            .Append($"\nFiche du projet : {line.CardUrl}\nConsigner le jalon qui le clôt : {line.CloseUrl}\n")
            .Append(Footer(links, "les rappels"));
        var html = new StringBuilder()
            .Append($"<p>Bonjour {Html(to.DisplayName)},</p>")
            .Append($"<p>« {Html(plan.Title)} » est à faire pour le <strong>{PlanLinks.InFrench(plan.Due)}</strong>, sur le projet {Html(line.Project)}.</p>")
            .Append(forTeam is null ? "" : $"<p>{forTeam}</p>")
            .Append($"<p><a href=\"{Html(line.CardUrl)}\">Fiche du projet</a> · <a href=\"{Html(line.CloseUrl)}\">Consigner le jalon qui le clôt</a></p>")
            .Append(HtmlFooter(links, "les rappels"));
        return Message(from, to, subject, text.ToString(), html.ToString());
    }

    /// <summary>« À faire cette semaine »: what is overdue first (oldest first), then what is due this week.</summary>
    public static MimeMessage Digest(MailboxAddress from, UserAccount to, DateOnly week, IReadOnlyList<PlanLine> overdue, IReadOnlyList<PlanLine> thisWeek, AppLinks links)
    {
        var count = overdue.Count + thisWeek.Count;
        var subject = $"À faire cette semaine (semaine du {PlanLinks.InFrench(week)}) : {count} {(count > 1 ? "plans" : "plan")}"
            + (overdue.Count > 0 ? $", dont {overdue.Count} en retard" : "");
        var text = new StringBuilder($"Bonjour {to.DisplayName},\n\nÀ faire cette semaine :\n");
        var html = new StringBuilder($"<p>Bonjour {Html(to.DisplayName)},</p><h1>À faire cette semaine</h1>");
        foreach (var (title, lines) in new[] { ("En retard", overdue), ("Cette semaine", thisWeek) })
        {
            if (lines.Count == 0) continue;
            text.Append($"\n{title}\n");
            html.Append($"<h2>{title}</h2><ul>");
            foreach (var line in lines)
            {
                var what = $"{line.Plan.Title} — {line.Project}, pour le {PlanLinks.InFrench(line.Plan.Due)}";
                text.Append($"- {what}\n  Fiche du projet : {line.CardUrl}\n  Consigner le jalon qui le clôt : {line.CloseUrl}\n");
                html.Append($"<li>{Html(what)} · <a href=\"{Html(line.CardUrl)}\">fiche du projet</a> · <a href=\"{Html(line.CloseUrl)}\">consigner le jalon qui le clôt</a></li>");
            }
            html.Append("</ul>");
        }
        text.Append(Footer(links, "le récapitulatif hebdomadaire"));
        html.Append(HtmlFooter(links, "le récapitulatif hebdomadaire"));
        return Message(from, to, subject, text.ToString(), html.ToString());
    }

    private static string Footer(AppLinks links, string what) =>
        $"\nVous recevez ce courriel parce que vous avez choisi {what} ; pour changer ce choix : {links.To("/compte")}\n";

    private static string HtmlFooter(AppLinks links, string what) =>
        $"<p style=\"color:#555\">Vous recevez ce courriel parce que vous avez choisi {what} ; <a href=\"{Html(links.To("/compte"))}\">changer ce choix</a>.</p>";

    private static MimeMessage Message(MailboxAddress from, UserAccount to, string subject, string text, string html)
    {
        var message = new MimeMessage { Subject = subject };
        message.From.Add(from);
        message.To.Add(new MailboxAddress(to.DisplayName, to.Email!));
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(from.Domain);
        message.Body = new BodyBuilder
        {
            TextBody = text,
            HtmlBody = $"<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{Html(subject)}</title></head><body>{html}</body></html>",
        }.ToMessageBody();
        return message;
    }

    /// <summary>Only markup is escaped: accented letters stay as they are.</summary>
    private static string Html(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
}
