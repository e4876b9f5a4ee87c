using EctLifecycle.Accounts;
using EctLifecycle.Plans.Mail;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Wolverine.Http;

namespace EctLifecycle.Plans.Calendar;

/// <summary>
/// <c>GET /calendrier/{secret}.ics</c>: the open plans of the link's owner (in their charge, or the team's for the team)
/// as all-day events, for Outlook, Thunderbird or a phone. The secret is the only credential: an unknown or revoked one,
/// or a disabled owner, answers 404. Each plan keeps its UID, so a moved plan updates its event (its SEQUENCE counts the moves).
/// </summary>
public static class CalendarFeedEndpoint
{
    public const string ContentType = "text/calendar; charset=utf-8";

    [WolverineGet("/calendrier/{file}"), AllowAnonymous, Tags("Calendrier")]
    [EndpointSummary("Calendrier personnel (iCalendar) : les actions prévues ouvertes du titulaire du lien, une journée chacune")]
    [EndpointDescription("{file} est le secret du lien suivi de .ics, donné sur la page « Mon compte » ; un lien inconnu ou révoqué répond 404.")]
    [ProducesResponseType(typeof(string), 200, "text/calendar"), ProducesResponseType(404)]
    public static async Task<IResult> Get(string file, IDocumentStore store, TimeProvider time, IOptions<AppLinks> links, CancellationToken ct)
    {
        if (!file.EndsWith(".ics", StringComparison.Ordinal) || !file.StartsWith(CalendarToken.Prefix, StringComparison.Ordinal)) return Results.NotFound();
        await using var session = store.QuerySession();
        if (await session.LoadAsync<CalendarToken>(CalendarToken.HashOf(file[..^4]), ct) is not { RevokedAt: null } token
            || await session.LoadAsync<UserAccount>(token.UserId, ct) is not { Disabled: false } user)
            return Results.NotFound();
        var open = await session.Query<Plan>().Where(p => p.State == PlanState.Open).ToListAsync(ct);
        var lines = await PlanLinks.LinesAsync(session, open.Where(p => Recipients.Concerns(user, p)).OrderBy(p => p.Due), links.Value, ct);
        return Results.Text(Write(lines, time.GetUtcNow()), ContentType);
    }

    public static string Write(IEnumerable<PlanLine> lines, DateTimeOffset now)
    {
        var calendar = new Ical.Net.Calendar { ProductId = "-//EctLifecycle//Plans//FR" };
        calendar.AddProperty("X-WR-CALNAME", "EctLifecycle : à faire");
        foreach (var line in lines)
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"plan-{line.Plan.Id:N}@ectlifecycle",
                DtStamp = new CalDateTime(now.UtcDateTime, CalDateTime.UtcTzId),
                DtStart = new CalDateTime(line.Plan.Due),
                DtEnd = new CalDateTime(line.Plan.Due.AddDays(1)),
                Sequence = line.Plan.Moves.Count,
                Summary = $"{line.Plan.Title} — {line.Project}",
                Description = $"Fiche du projet : {line.CardUrl}\nConsigner le jalon qui le clôt : {line.CloseUrl}",
                Url = new Uri(line.CardUrl),
            });
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}
