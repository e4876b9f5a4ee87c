using EctLifecycle.Timelines;
using System.Text.Json;
using System.Text.Json.Nodes;
using EctLifecycle.Accounts;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Web;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages.Projets;

/// <summary>Record an assessment against a grid, each point level's description beside its choice.</summary>
public sealed class EvaluationModel(IDocumentStore store, GridCatalog grids, BusinessCalendar calendar, EctLifecycle.Plans.PlanBook plans) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? Grid { get; set; }

    public Grid Chosen { get; private set; } = null!;
    public IReadOnlyList<Grid> Grids => grids.All.ToList();
    public string ProjectName { get; private set; } = "";
    public ProjectState? Now { get; private set; }
    public IFormCollection? Posted { get; private set; }
    public string IdempotencyKey { get; private set; } = Guid.NewGuid().ToString("N");
    public string Date { get; private set; } = "";

    public IEnumerable<Criterion> Assessed => Chosen.Criteria.Where(c => c.Source == CriterionSource.Assessed);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!User.MayWrite()) return Forbid();
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!User.MayWrite()) return Forbid();
        if (!await LoadAsync(ct)) return NotFound();
        Posted = Request.Form;
        Date = Request.Form["occurredOn"].ToString();
        IdempotencyKey = Request.Form["idempotencyKey"].ToString() is { Length: > 0 } k ? k : IdempotencyKey;
        var scored = Assessed.Where(c => Request.Form[$"points:{c.Id}"].ToString() is { Length: > 0 }).ToList();
        var json = new JsonObject
        {
            ["type"] = "criteriaAssessed", ["occurredOn"] = Http.DateText.IsoOrAsTyped(Date), ["gridVersion"] = Chosen.Version,
            ["scores"] = new JsonArray(scored.Select(c => (JsonNode)new JsonObject
            {
                ["criterionId"] = c.Id,
                ["points"] = int.TryParse(Request.Form[$"points:{c.Id}"], out var p) ? p : -1,
                ["rationale"] = Request.Form[$"rationale:{c.Id}"].ToString() is { Length: > 0 } r ? r : null,
            }).ToArray()),
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(json);
        var result = await LogMilestoneEndpoint.LogAsync(Id, JsonSerializer.Deserialize<JsonElement>(bytes), bytes, User.Login(),
            $"web:{IdempotencyKey}", store, grids, calendar, plans, PageJson.Options, ct);
        // The API names scores by position: put each message back on its criterion.
        var errors = new Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary();
        if (FormWrites.Succeeded(result, errors, out _))
        {
            TempData["Message"] = $"Évaluation de {scored.Count} critère(s) enregistrée.";
            return Redirect($"/projets/{Id}");
        }
        foreach (var (key, entry) in errors)
        {
            var target = key.StartsWith("scores[", StringComparison.Ordinal) && int.TryParse(key[7..key.IndexOf(']')], out var i) && i < scored.Count
                ? scored[i].Id : key;
            foreach (var e in entry.Errors) ModelState.AddModelError(target, e.ErrorMessage);
        }
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Chosen = grids.Find(Grid) ?? grids.Default;
        Date = MilestoneForms.Today(calendar.Today);
        await using var session = store.QuerySession();
        var timeline = await session.LoadTimelineAsync(Id, ct);
        if (timeline?.Registration is null) return false;
        ProjectName = ((ProjectRegistered)timeline.Registration.Event).Name;
        Now = timeline.StateAsOf(calendar.Today);
        return true;
    }

    public string? Checked(Criterion c) => Posted?[$"points:{c.Id}"].ToString();
    public IEnumerable<string> ErrorsOf(string key) => ModelState.TryGetValue(key, out var e) ? e.Errors.Select(x => x.ErrorMessage) : [];
}
