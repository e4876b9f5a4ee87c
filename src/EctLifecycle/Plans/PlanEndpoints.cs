using System.Security.Claims;
using EctLifecycle.Accounts;
using EctLifecycle.Http;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;

namespace EctLifecycle.Plans;

public static class GetPlansEndpoint
{
    public const string Tag = "Actions prévues";

    /// <summary>
    /// <c>GET /api/plans?who=&amp;due_before=&amp;state=</c>: plans by due day. <c>who</c>: a login, <c>me</c> (the caller),
    /// <c>team</c> (no one in charge); <c>due_before</c>: plans due before that day (YYYY-MM-DD); <c>state</c>: open (default),
    /// done, cancelled or all.
    /// </summary>
    [WolverineGet("/api/plans")]
    [Tags(Tag), EndpointSummary("Actions prévues, par jour d'échéance : who (un identifiant, me ou team), due_before (AAAA-MM-JJ), state (open par défaut, done, cancelled ou all)")]
    [ProducesResponseType<IReadOnlyList<Plan>>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static async Task<IResult> Get(
        string? who, [FromQuery(Name = "due_before")] string? dueBefore, string? state, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        string? login = null;
        var team = false;
        if (who is { Length: > 0 })
        {
            if (who == "me") login = user.Login();
            else if (who == "team") team = true;
            else if (await UserAccount.ActiveLoginAsync(session, who) is { } known) login = known;
            else errors["who"] = [$"identifiant inconnu « {who} » : attendu un identifiant de compte, me ou team"];
        }
        DateOnly? before = null;
        if (dueBefore is { Length: > 0 })
        {
            if (DateText.TryParseIso(dueBefore, out var d)) before = d;
            else errors["due_before"] = [DateText.IsoProblem(dueBefore, "date invalide, attendu le format AAAA-MM-JJ (par exemple 2027-03-15)")];
        }
        PlanState? only = PlanState.Open;
        if (state is { Length: > 0 } && state != "all")
        {
            if (Enum.TryParse<PlanState>(state, ignoreCase: true, out var s) && Enum.IsDefined(s) && char.IsLetter(state[0])) only = s;
            else errors["state"] = [$"état inconnu « {state} », attendu parmi : open, done, cancelled, all"];
        }
        else if (state == "all") only = null;
        if (errors.Count > 0) return Problems.Invalid(errors);

        IQueryable<Plan> query = session.Query<Plan>();
        if (only is { } st) query = query.Where(p => p.State == st);
        if (login is not null) query = query.Where(p => p.InCharge == login);
        if (team) query = query.Where(p => p.InCharge == null);
        if (before is { } b) query = query.Where(p => p.Due < b);
        return Results.Ok(await query.OrderBy(p => p.Due).ToListAsync(ct));
    }
}

public static class PostPlanEndpoint
{
    [WolverinePost("/api/plans")]
    [Tags(GetPlansEndpoint.Tag), EndpointSummary("Prévoir une action sur un projet pour un jour donné"),
     EndpointDescription("projectId, title, due (AAAA-MM-JJ, aujourd'hui ou plus tard), inCharge (facultatif : l'identifiant d'un compte Équipe ou Administrateur ; sans lui, l'équipe), milestoneType (facultatif : le type de jalon qui l'accomplit ; sans lui, tout jalon saisi après elle)")]
    [Http.DescribedBody(Http.BodyKind.NewPlan)]
    [ProducesResponseType<Plan>(201), ProducesResponseType<HttpValidationProblemDetails>(400)]
    [Authorize(Policy = Authentication.CanWrite)]
    public static async Task<IResult> Post(
        HttpRequest request, ClaimsPrincipal user, IDocumentStore store, BusinessCalendar calendar, IMessageBus bus, PlanSettings settings, CancellationToken ct)
    {
        var body = await JsonBody.ReadObjectAsync(request, ct);
        if (body.Problem is not null) return body.Problem;
        var reader = new FieldReader(body.Root!.Value);
        await using var session = store.LightweightSession();
        if (await PlanCommands.ReadNewAsync(reader, session, calendar.Today, ct) is not { } asked) return Problems.Invalid(reader.Errors);
        var plan = PlanCommands.Write(session, asked, user.Login(), calendar.RecordingNow());
        await session.SaveChangesAsync(ct);
        await PlanReminders.ScheduleAsync(bus, plan, settings, calendar.Time.GetUtcNow());
        return Results.Created($"/api/plans/{plan.Id}", plan);
    }
}

public static class CancelPlanEndpoint
{
    [WolverinePost("/api/plans/{id}/cancel")]
    [Tags(GetPlansEndpoint.Tag), EndpointSummary("Annuler une action prévue ouverte, avec sa raison")]
    [Http.DescribedBody(Http.BodyKind.CancelPlan)]
    [ProducesResponseType<Plan>(200), ProducesResponseType<HttpValidationProblemDetails>(400), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    [Authorize(Policy = Authentication.CanWrite)]
    public static async Task<IResult> Post(
        Guid id, HttpRequest request, ClaimsPrincipal user, IDocumentStore store, BusinessCalendar calendar, CancellationToken ct)
    {
        var body = await JsonBody.ReadObjectAsync(request, ct);
        if (body.Problem is not null) return body.Problem;
        var reader = new FieldReader(body.Root!.Value);
        var reason = PlanCommands.ReadCancel(reader);
        if (!reader.Ok || reason is null) return Problems.Invalid(reader.Errors);
        await using var session = store.LightweightSession();
        var (plan, problem) = await PlanCommands.OpenAsync(session, id, ct);
        if (plan is null) return problem!;
        PlanCommands.Cancel(session, plan, reason, user.Login(), calendar.RecordingNow());
        await session.SaveChangesAsync(ct);
        return Results.Ok(plan);
    }
}

public static class MovePlanEndpoint
{
    [WolverinePost("/api/plans/{id}/move")]
    [Tags(GetPlansEndpoint.Tag), EndpointSummary("Déplacer une action prévue ouverte à un autre jour (aujourd'hui ou plus tard)")]
    [Http.DescribedBody(Http.BodyKind.MovePlan)]
    [ProducesResponseType<Plan>(200), ProducesResponseType<HttpValidationProblemDetails>(400), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    [Authorize(Policy = Authentication.CanWrite)]
    public static async Task<IResult> Post(
        Guid id, HttpRequest request, ClaimsPrincipal user, IDocumentStore store, BusinessCalendar calendar, IMessageBus bus, PlanSettings settings, CancellationToken ct)
    {
        var body = await JsonBody.ReadObjectAsync(request, ct);
        if (body.Problem is not null) return body.Problem;
        var reader = new FieldReader(body.Root!.Value);
        var (due, reason) = PlanCommands.ReadMove(reader, calendar.Today);
        if (!reader.Ok || due is not { } to) return Problems.Invalid(reader.Errors);
        await using var session = store.LightweightSession();
        var (plan, problem) = await PlanCommands.OpenAsync(session, id, ct);
        if (plan is null) return problem!;
        PlanCommands.Move(session, plan, to, reason, user.Login(), calendar.RecordingNow());
        await session.SaveChangesAsync(ct);
        // The old day's reminder finds the plan due another day and does nothing.
        await PlanReminders.ScheduleAsync(bus, plan, settings, calendar.Time.GetUtcNow());
        return Results.Ok(plan);
    }
}
