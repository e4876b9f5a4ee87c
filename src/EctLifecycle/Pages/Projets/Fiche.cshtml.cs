using EctLifecycle.Timelines;
using System.Text.Json;
using EctLifecycle.Accounts;
using EctLifecycle.Analytics;
using EctLifecycle.Http;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Web;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages.Projets;

/// <summary>A project's card, pillars and score at a date, its drift over the years and its journey in business order.</summary>
public sealed class FicheModel(IDocumentStore store, GridCatalog grids, BusinessCalendar calendar, EctLifecycle.Plans.PlanBook plans) : PageModel
{
    /// <summary>An entry recorded this long after it happened is shown as logged late.</summary>
    public const int LateAfterDays = 30;

    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }

    public DateOnly Date { get; private set; }
    public DateOnly Today { get; private set; }
    public ProjectTimeline Timeline { get; private set; } = null!;
    public ProjectView? View { get; private set; }
    public ProjectDrift Drift { get; private set; } = null!;
    public string? DateError { get; private set; }
    /// <summary>The project's plans: open ones by due day, then those closed in the last 30 days.</summary>
    public IReadOnlyList<EctLifecycle.Plans.Plan> Plans { get; private set; } = [];
    /// <summary>The display names of the plans' persons in charge, by login.</summary>
    private IReadOnlyDictionary<string, string> _inCharge = new Dictionary<string, string>();

    public string InCharge(EctLifecycle.Plans.Plan plan) => plan.InCharge is null ? "l'équipe" : _inCharge.GetValueOrDefault(plan.InCharge, plan.InCharge);
    public string? RetractError { get; private set; }

    /// <summary>The milestone whose retraction was refused: its message is shown at it, where the person is looking.</summary>
    public Guid? RetractedEventId { get; private set; }
    public GridCatalog Grids => grids;

    /// <summary>Every measurement of what the project produced up to the page's date, in business order.</summary>
    public IReadOnlyList<OutputValue> Outputs { get; private set; } = [];

    /// <summary>The tree of projects born of one another that holds this one, at the page's date; null when it has none.</summary>
    public Lineage.LineageNode? LineageTree { get; private set; }

    /// <summary>Who logged a fact, by the account's display name.</summary>
    public Func<string, string> Who { get; private set; } = login => login;

    /// <summary>A unit of <see cref="OutputSeries"/> as the staff last wrote it (« MWh »).</summary>
    public string? UnitShown(string measure, string? unit) =>
        Outputs.LastOrDefault(o => o.Measure == measure && o.Unit == unit)?.UnitAsTyped ?? unit;

    /// <summary>The measures measured (a volume per unit), in the kind's order: the columns of the card's table.</summary>
    public IReadOnlyList<(string Measure, string? Unit)> OutputSeries =>
        Outputs.Select(o => (o.Measure, o.Unit)).Distinct()
            .OrderBy(x => OutputsMeasuredKind.Measures.ToList().FindIndex(m => m.Id == x.Measure)).ThenBy(x => x.Unit, StringComparer.Ordinal).ToList();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRetirerAsync(Guid eventId, string? reason, CancellationToken ct)
    {
        if (!User.MayWrite()) return Forbid();
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            type = "retraction", occurredOn = calendar.Today.ToString("yyyy-MM-dd"), retractedEventId = eventId, reason,
        });
        var result = await LogMilestoneEndpoint.LogAsync(Id, JsonSerializer.Deserialize<JsonElement>(body), body, User.Login(), null,
            store, grids, calendar, plans, Web.PageJson.Options, ct);
        if (FormWrites.Succeeded(result, ModelState, out _))
        {
            TempData["Message"] = "Le jalon a été retiré : il reste visible dans le parcours mais ne compte plus.";
            return Redirect($"/projets/{Id}");
        }
        RetractError = string.Join(" ; ", ModelState.SelectMany(f => f.Value!.Errors.Select(e =>
            f.Key == "reason" ? $"raison du retrait : {e.ErrorMessage}" : e.ErrorMessage)));
        RetractedEventId = eventId;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Today = calendar.Today;
        Date = Today;
        if (!string.IsNullOrWhiteSpace(AsOf))
        {
            if (!DateText.TryParseTyped(AsOf, out var d)) DateError = DateText.NoSuchDay(AsOf) ?? "date invalide : écrivez-la JJ/MM/AAAA, par exemple 15/03/2021";
            else if (d > Today) DateError = $"date à venir : choisissez une date passée (aujourd'hui : {Today:dd/MM/yyyy})";
            else Date = d;
        }
        await using var session = store.QuerySession();
        var timeline = await session.LoadTimelineAsync(Id, ct);
        if (timeline?.Registration is null) return false;
        Who = await AccountNames.OfAsync(session, ct);
        Timeline = timeline;
        View = timeline.StateAsOf(Date) is { } state ? ProjectView.Of(state, Date, grids.Default) : null;
        Outputs = timeline.StateAsOf(Date)?.Outputs.SelectMany(OutputsMeasuredKind.ValuesOf).ToList() ?? [];
        LineageTree = await Lineage.ProjectTree.OfAsync(session, ProjectKey.Of((ProjectRegistered)timeline.Registration.Event), Date, grids.Default, ct);
        Drift = ProjectDrift.Of(timeline, new AnalyticsParameters(Today, grids.Default, null), Period.Quarter);
        var closedSince = calendar.Time.GetUtcNow().AddDays(-EctLifecycle.Plans.PlanLists.DoneDays);
        Plans = (await session.Query<EctLifecycle.Plans.Plan>().Where(p => p.ProjectId == Id).ToListAsync(ct))
            .Where(p => p.State == EctLifecycle.Plans.PlanState.Open || p.ClosedAt >= closedSince)
            // Open ones by their day, then the closed ones by the day they were done or cancelled.
            .OrderBy(p => p.State).ThenBy(p => p.State == EctLifecycle.Plans.PlanState.Open ? p.Due : p.DoneOn ?? BusinessCalendar.DayOf(p.ClosedAt ?? default)).ToList();
        var logins = Plans.Where(p => p.InCharge is not null).Select(p => p.InCharge!).Distinct().ToArray();
        if (logins.Length > 0)
            _inCharge = (await session.LoadManyAsync<UserAccount>(ct, logins)).ToDictionary(u => u.Id, u => u.DisplayName);
        return true;
    }

    /// <summary>Whether the project's facts at the page's date say <paramref name="name"/> is a natural person's.</summary>
    public bool IsPerson(string name) => NaturalPersons.IsPerson(Timeline, name, Date);

    public bool IsLate(TimelineEntry e) =>
        BusinessCalendar.DayOf(e.RecordedAt).DayNumber - e.Event.OccurredOn.DayNumber > LateAfterDays;
}
