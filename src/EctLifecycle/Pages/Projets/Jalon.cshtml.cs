using EctLifecycle.Timelines;
using EctLifecycle.Accounts;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Web;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages.Projets;

/// <summary>Log a milestone: one form per kind, the business date defaulting to today, errors next to the fields, nothing saved on error.</summary>
public sealed class JalonModel(IDocumentStore store, GridCatalog grids, BusinessCalendar calendar, EctLifecycle.Plans.PlanBook plans,
    IActorReferences actors) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? Type { get; set; }

    public ProjectState? Now { get; private set; }
    /// <summary>The actors' and carriers' names the project's facts hold, for the mark of a natural person.</summary>
    public IReadOnlyList<string> Named { get; private set; } = [];
    public string ProjectName { get; private set; } = "";
    public DateOnly Today { get; private set; }
    public string IdempotencyKey { get; private set; } = Guid.NewGuid().ToString("N");
    public IFormCollection? Posted { get; private set; }

    public (string Help, IReadOnlyList<FormField> Fields)? Form =>
        Type is not null && MilestoneForms.Kinds.TryGetValue(Type, out var form) ? form : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!User.MayWrite()) return Forbid();
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!User.MayWrite()) return Forbid();
        if (!await LoadAsync(ct) || Form is not { } form) return NotFound();
        Posted = Request.Form;
        IdempotencyKey = Request.Form["idempotencyKey"].ToString() is { Length: > 0 } k ? k : IdempotencyKey;
        var (root, bytes) = MilestoneForms.Json(Type!, Request.Form, form.Fields);
        (root, bytes) = WithActorChosen(root, bytes);
        var result = await LogMilestoneEndpoint.LogAsync(Id, root, bytes, User.Login(), $"web:{IdempotencyKey}", store, grids, calendar, plans, PageJson.Options, ct, actors);
        if (!FormWrites.Succeeded(result, ModelState, out _))
        {
            // The actor chosen has no field of its own: its problem shows next to the name it was chosen for.
            if (ModelState[ActorReference.Id]?.Errors is { Count: > 0 } unknown && form.Fields.FirstOrDefault(f => NamesActor(f.Name)) is { } name)
                foreach (var e in unknown.ToList()) ModelState.AddModelError(name.Name, e.ErrorMessage);
            return Page();
        }
        TempData["Message"] = $"{FrenchLabels.MilestoneTypes[Type!]} enregistré.";
        return Redirect($"/projets/{Id}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Today = calendar.Today;
        await using var session = store.QuerySession();
        var timeline = await session.LoadTimelineAsync(Id, ct);
        if (timeline?.Registration is null) return false;
        ProjectName = ((ProjectRegistered)timeline.Registration.Event).Name;
        Now = timeline.StateAsOf(Today);
        Named = NaturalPersons.Of(timeline).Values.Select(n => n.Name).ToList();
        return true;
    }

    /// <summary>The name fields of the actor a milestone names, where the form offers the directory's actors.</summary>
    public bool NamesActor(string field) => (Type, field) is ("actorJoined" or "actorLeft", "actorName") or ("carrierIdentified", "carrierName")
        or ("carryingHandedOver", "to") or ("fundingSecured", "funder");

    // The directory actor chosen among the suggestions (wwwroot/js/actors.js), posted beside the name; else, when asked,
    // a new directory actor (newActor) of the name typed, registered with the milestone, as the API does.
    private (System.Text.Json.JsonElement, byte[]) WithActorChosen(System.Text.Json.JsonElement root, byte[] bytes)
    {
        var chosen = Guid.TryParse(Request.Form["actorId"].ToString(), out var id);
        var fresh = Request.Form[ActorReference.NewActor].Contains("oui");
        if (!chosen && !fresh) return (root, bytes);
        var json = System.Text.Json.Nodes.JsonNode.Parse(bytes)!.AsObject();
        if (chosen) json[ActorReference.Id] = id.ToString();
        else json[ActorReference.NewActor] = NewActorForm.Json(Request.Form);
        var written = System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
        return (System.Text.Json.JsonDocument.Parse(written).RootElement, written);
    }

    /// <summary>Whether the form names a directory actor (and so offers to create one).</summary>
    public bool OffersNewActor => Form is { } f && f.Fields.Any(x => NamesActor(x.Name));

    /// <summary>What the project holds now, offered as suggestions (who can leave, what can end).</summary>
    public IReadOnlyList<string> SuggestionsFor(string field) => (Type, field) switch
    {
        ("actorLeft", "actorName") => Now?.ActiveActors.Select(a => a.ActorName).ToList() ?? [],
        ("fundingEnded", "fundingId") => Now?.Fundings.Where(f => f.Active).Select(f => f.FundingId).ToList() ?? [],
        ("accompanimentEnded", "structure") => Now?.Accompaniments.Where(a => a.Active && !a.ByHub).Select(a => a.Structure!).ToList() ?? [],
        ("carryingHandedOver", "from") => Now?.Carrier is { } c ? [c.Name] : [],
        ("carrierProfiled", "carrierName") => Now?.Carrier is { } c ? [c.Name] : [],
        ("naturalPersonMarked", "name") => Named,
        ("communePlaced", "communeCode") => Now is { } s
            ? Communes.CommuneMatching.Propose(Communes.CommuneCatalog.Shipped, s.Commune,
                HttpContext.RequestServices.GetRequiredService<Communes.TerritorySettings>().Departement).Select(m => m.Commune.Code).ToList() : [],
        ("outputsMeasured", "activityUnit") => Now?.Outputs.Select(o => o.ActivityUnit).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? [],
        _ => [],
    };

    public static readonly FormField OccurredOn =
        new("occurredOn", "Date du fait", FieldKind.Date, true, null, "Quand c'est arrivé (pas la date de saisie). Par défaut aujourd'hui.");

    public FieldView OccurredOnField => FieldView.Of(OccurredOn, Posted, ModelState) with
    {
        Values = [Posted?["occurredOn"].ToString() is { Length: > 0 } v ? v : MilestoneForms.Today(Today)],
    };
}
