using EctLifecycle.Timelines;
using EctLifecycle.Accounts;
using EctLifecycle.Http;
using EctLifecycle.Projects;
using Marten;

namespace EctLifecycle.Plans;

/// <summary>What a person asks of a plan, read from the API's JSON or a page's form (the same field names).</summary>
public sealed record NewPlan(Guid ProjectId, string Title, DateOnly Due, string? InCharge, string? MilestoneType);

/// <summary>
/// Writing, cancelling and moving plans: one path for the API and the page <c>/a-faire</c>. Each reads every field
/// first and changes nothing on an error (the errors name the fields, in French). Never touches the events.
/// </summary>
public static class PlanCommands
{
    public const int MaxTitle = 200;

    /// <summary>
    /// A due day, not before today (only a rule may plan in the past: it plans from the facts). The API takes
    /// <c>YYYY-MM-DD</c> only; a page's form (<paramref name="typed"/>) also takes what a person types (15/03/2027).
    /// </summary>
    public static DateOnly? Due(FieldReader r, string field, DateOnly today, bool typed = false)
    {
        if (r.String(field, true, 10) is not { } text) return null;
        if (!DateText.TryParseIso(text, out var due) && !(typed && DateText.TryParseTyped(text, out due)))
        {
            r.Error(field, typed
                ? DateText.NoSuchDay(text) ?? "date invalide, attendu JJ/MM/AAAA (par exemple 15/03/2027)"
                : DateText.IsoProblem(text, "date invalide, attendu le format AAAA-MM-JJ (par exemple 2027-03-15)"));
            return null;
        }
        if (due < today) { r.Error(field, $"la date ne peut pas être passée (aujourd'hui : {today:dd/MM/yyyy})"); return null; }
        if (due > today.AddYears(20)) { r.Error(field, $"la date ne peut pas dépasser le {today.AddYears(20):dd/MM/yyyy}"); return null; }
        return due;
    }

    /// <summary>Reads a new plan; its project and the person in charge must exist (an active account).</summary>
    /// <summary>The fields of a new plan, read and checked on their own (the API's description runs it too).</summary>
    public static (Guid? ProjectId, string? Title, DateOnly? Due, string? InCharge, string? MilestoneType) ReadNew(FieldReader r, DateOnly today, bool typed = false)
    {
        var projectId = r.Guid("projectId");
        var title = r.String("title", true, MaxTitle);
        var due = Due(r, "due", today, typed);
        var inCharge = r.String("inCharge", false, 100);
        var type = r.String("milestoneType", false, 50);
        r.RejectUnknown();
        return (projectId, title, due, inCharge, type);
    }

    /// <summary>A move's fields: the new day and, optionally, why.</summary>
    public static (DateOnly? Due, string? Reason) ReadMove(FieldReader r, DateOnly today)
    {
        var due = Due(r, "due", today);
        var reason = Reason(r, required: false);
        r.RejectUnknown();
        return (due, reason);
    }

    /// <summary>A cancellation's one field: why.</summary>
    public static string? ReadCancel(FieldReader r)
    {
        var reason = Reason(r, required: true);
        r.RejectUnknown();
        return reason;
    }

    /// <param name="typed">A page's form: the due day may be typed the French way.</param>
    public static async Task<NewPlan?> ReadNewAsync(FieldReader r, IQuerySession session, DateOnly today, CancellationToken ct, bool typed = false)
    {
        var (projectId, title, due, inCharge, type) = ReadNew(r, today, typed);
        if (projectId is { } id && await session.LoadTimelineAsync(id, ct) is null) r.Error("projectId", $"projet inconnu : aucun projet d'identifiant {id}");
        if (inCharge is not null)
        {
            var account = UserAccount.LoginProblem(UserAccount.NormalizeLogin(inCharge)) is null ? await session.LoadAsync<UserAccount>(UserAccount.NormalizeLogin(inCharge), ct) : null;
            if (account is null or { Disabled: true })
                r.Error("inCharge", $"identifiant inconnu ou désactivé « {inCharge} » : la personne en charge doit avoir un compte actif");
            else if (!account.Role.Writes())
                r.Error("inCharge", $"« {account.DisplayName} » a le rôle {account.Role.InFrench()} : seul un compte Équipe ou Administrateur peut être en charge d'un plan (un analyste ne peut ni le déplacer ni l'annuler)");
        }
        if (type is not null && !MilestoneKinds.IsKnown(type))
            r.Error("milestoneType", $"type de jalon inconnu « {type} », attendu parmi : {string.Join(", ", MilestoneKinds.Types)}");
        return r.Ok && projectId is { } project && title is not null && due is { } day
            ? new NewPlan(project, title, day, inCharge is null ? null : UserAccount.NormalizeLogin(inCharge), type)
            : null;
    }

    public static Plan Write(IDocumentSession session, NewPlan p, string by, DateTimeOffset now)
    {
        var plan = new Plan
        {
            Id = Guid.CreateVersion7(now), ProjectId = p.ProjectId, Kind = PlanKind.Own, Title = p.Title, Due = p.Due, InCharge = p.InCharge,
            MilestoneType = p.MilestoneType, State = PlanState.Open, Since = BusinessCalendar.DayOf(now), CreatedAt = now, CreatedBy = by,
        };
        session.Insert(plan);
        return plan;
    }

    /// <summary>The open plan, or the French reason why it cannot change (404, 409).</summary>
    public static async Task<(Plan? Plan, IResult? Problem)> OpenAsync(IQuerySession session, Guid id, CancellationToken ct)
    {
        var plan = await session.LoadAsync<Plan>(id, ct);
        if (plan is null) return (null, Problems.NotFound("Plan inconnu", $"aucun plan d'identifiant {id}"));
        if (plan.State != PlanState.Open)
            return (null, Problems.Conflict("planClosed", plan.State == PlanState.Done
                ? $"ce plan est déjà fait (le {plan.DoneOn:dd/MM/yyyy}) : il ne change plus"
                : $"ce plan est déjà annulé (motif : {plan.CancelReason}) : il ne change plus"));
        return (plan, null);
    }

    public static string? Reason(FieldReader r, bool required) => r.String("reason", required, FieldReader.MaxText);

    public static void Cancel(IDocumentSession session, Plan plan, string reason, string by, DateTimeOffset now)
    {
        PlanBook.Close(plan, PlanState.Cancelled, now, by, reason);
        session.Store(plan);
    }

    public static void Move(IDocumentSession session, Plan plan, DateOnly to, string? reason, string by, DateTimeOffset now)
    {
        plan.Moves.Add(new PlanMove(plan.Due, to, by, now, reason));
        plan.Due = to;
        session.Store(plan);
    }
}
