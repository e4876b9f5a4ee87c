using System.Text.Json;
using EctLifecycle.Accounts;
using EctLifecycle.Http;
using EctLifecycle.Plans;
using EctLifecycle.Projects;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Wolverine;

namespace EctLifecycle.Pages;

/// <summary>
/// <c>/a-faire</c>: my plans or the team's, overdue, this week, later, done in the last 30 days; forms to add a plan,
/// cancel one with a reason, move one. The API's commands (<see cref="PlanCommands"/>) with the same French errors.
/// </summary>
public sealed class AFaireModel(IDocumentStore store, BusinessCalendar calendar, IMessageBus bus, PlanSettings settings) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "qui")] public string? Qui { get; set; }

    public bool Team => Qui == "equipe";
    public DateOnly Today { get; private set; }
    public PlanLists Lists { get; private set; } = new([], [], [], []);
    public IReadOnlyList<UserAccount> Accounts { get; private set; } = [];
    /// <summary>Each account's display name by login, to show who is in charge (disabled and analysts' too).</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public string InCharge(Plan plan) => plan.InCharge is null ? "l'équipe" : Names.GetValueOrDefault(plan.InCharge, plan.InCharge);
    public Dictionary<string, string[]> Errors { get; private set; } = [];
    /// <summary>The plan a refused cancel or move was about, to show its error at it.</summary>
    public Guid? ErrorPlan { get; private set; }
    public Dictionary<string, string?> Typed { get; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAjouterAsync(string? projet, string? titre, string? echeance, string? responsable, string? jalon, CancellationToken ct)
    {
        if (!User.MayWrite()) return Forbid();
        (Typed["projet"], Typed["titre"], Typed["echeance"], Typed["responsable"], Typed["jalon"]) = (projet, titre, echeance, responsable, jalon);
        await using var session = store.LightweightSession();
        var projectId = string.IsNullOrWhiteSpace(projet) ? (Guid?)null : await ProjectKey.ResolveAsync(session, projet);
        var reader = Reader(new
        {
            projectId = projectId == Guid.Empty ? Guid.NewGuid() : projectId, title = titre, due = echeance,
            inCharge = string.IsNullOrWhiteSpace(responsable) ? null : responsable, milestoneType = string.IsNullOrWhiteSpace(jalon) ? null : jalon,
        });
        var asked = await PlanCommands.ReadNewAsync(reader, session, calendar.Today, ct, typed: true);
        if (projectId == Guid.Empty) reader.Errors["projectId"] = [$"aucun projet n'a la clé « {projet} »"];
        if (string.IsNullOrWhiteSpace(projet)) reader.Errors["projectId"] = ["champ obligatoire"];
        // The API names the milestone types by their wire names; the page's list by their French labels.
        if (reader.Errors.ContainsKey("milestoneType"))
            reader.Errors["milestoneType"] = [$"jalon inconnu « {jalon} », attendu parmi : {string.Join(", ", FrenchLabels.MilestoneTypes.Values)}"];
        if (asked is null || !reader.Ok) return await RefusedAsync(reader.Errors, null, ct);
        var plan = PlanCommands.Write(session, asked, User.Login(), calendar.RecordingNow());
        await session.SaveChangesAsync(ct);
        await PlanReminders.ScheduleAsync(bus, plan, settings, calendar.Time.GetUtcNow());
        TempData["Message"] = $"Plan ajouté : « {plan.Title} », pour le {plan.Due:dd/MM/yyyy}.";
        return Redirect(Back);
    }

    public async Task<IActionResult> OnPostAnnulerAsync(Guid id, string? motif, CancellationToken ct)
    {
        if (!User.MayWrite()) return Forbid();
        var reader = Reader(new { reason = motif });
        var reason = PlanCommands.Reason(reader, required: true);
        if (reason is null) return await RefusedAsync(reader.Errors, id, ct);
        await using var session = store.LightweightSession();
        var (plan, problem) = await PlanCommands.OpenAsync(session, id, ct);
        if (plan is null) return await RefusedAsync(new() { ["plan"] = [Detail(problem!)] }, id, ct);
        PlanCommands.Cancel(session, plan, reason, User.Login(), calendar.RecordingNow());
        await session.SaveChangesAsync(ct);
        TempData["Message"] = $"Plan annulé : « {plan.Title} ».";
        return Redirect(Back);
    }

    public async Task<IActionResult> OnPostDeplacerAsync(Guid id, string? echeance, string? motif, CancellationToken ct)
    {
        if (!User.MayWrite()) return Forbid();
        var reader = Reader(new { due = echeance, reason = string.IsNullOrWhiteSpace(motif) ? null : motif });
        var due = PlanCommands.Due(reader, "due", calendar.Today, typed: true);
        var reason = PlanCommands.Reason(reader, required: false);
        if (due is not { } to || !reader.Ok) return await RefusedAsync(reader.Errors, id, ct);
        await using var session = store.LightweightSession();
        var (plan, problem) = await PlanCommands.OpenAsync(session, id, ct);
        if (plan is null) return await RefusedAsync(new() { ["plan"] = [Detail(problem!)] }, id, ct);
        PlanCommands.Move(session, plan, to, reason, User.Login(), calendar.RecordingNow());
        await session.SaveChangesAsync(ct);
        await PlanReminders.ScheduleAsync(bus, plan, settings, calendar.Time.GetUtcNow());
        TempData["Message"] = $"Plan déplacé au {to:dd/MM/yyyy} : « {plan.Title} ».";
        return Redirect(Back);
    }

    private string Back => Team ? "/a-faire?qui=equipe" : "/a-faire";

    private static FieldReader Reader(object fields) => new(JsonSerializer.SerializeToElement(fields));

    /// <summary>The API's reason, but never the plan's GUID: a person reads it.</summary>
    private static string Detail(IResult problem) => (problem as Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult) switch
    {
        { StatusCode: StatusCodes.Status404NotFound } => "cette action prévue n'existe pas (ou plus)",
        { } p => p.ProblemDetails.Detail ?? "ce plan ne peut pas changer",
        _ => "ce plan ne peut pas changer",
    };

    private async Task<IActionResult> RefusedAsync(Dictionary<string, string[]> errors, Guid? plan, CancellationToken ct)
    {
        (Errors, ErrorPlan) = (errors, plan);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Today = calendar.Today;
        await using var session = store.QuerySession();
        Lists = await PlanLists.LoadAsync(session, Team ? null : User.Login(), Today, ct);
        // Only the accounts that write may be in charge (the list): an analyst could neither move nor cancel the plan.
        var accounts = await session.Query<UserAccount>().OrderBy(u => u.Id).ToListAsync(ct);
        Names = accounts.ToDictionary(u => u.Id, u => u.DisplayName);
        Accounts = accounts.Where(u => !u.Disabled && u.Role.Writes()).ToList();
    }

    /// <summary>The field's name as the page's forms label it.</summary>
    public static string FieldLabel(string field) => field switch
    {
        "projectId" => "Clé du projet", "title" => "Ce qu'il faut faire", "due" => "Échéance", "inCharge" => "Responsable",
        "milestoneType" => "Jalon qui le clôt", "reason" => "Motif", "plan" => "Plan", _ => field,
    };
}
