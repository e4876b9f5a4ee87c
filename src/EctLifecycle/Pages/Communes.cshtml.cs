using EctLifecycle.Timelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EctLifecycle.Accounts;
using EctLifecycle.Placement;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Web;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages;

/// <summary>
/// The projects whose commune is still free text, with the communes of the official code it may mean: staff confirm one
/// (a <c>communePlaced</c> milestone dated at the project's emergence, through the API's own path) or type its code.
/// </summary>
public sealed class CommunesModel(IDocumentStore store, GridCatalog grids, BusinessCalendar calendar, Communes.Territory territory,
    EctLifecycle.Plans.PlanBook plans) : PageModel
{
    public IReadOnlyList<CommuneProposal> Proposals { get; private set; } = [];
    public Communes.Territory Territory => territory;

    public async Task OnGetAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        Proposals = await CommuneProposals.OfAsync(session, grids, territory, ct);
    }

    public async Task<IActionResult> OnPostAsync(Guid projectId, string? code, string? typed, string? occurredOn, CancellationToken ct)
    {
        if (!User.MayWrite()) return Forbid();
        var json = new JsonObject
        {
            ["type"] = "communePlaced", ["occurredOn"] = Http.DateText.IsoOrAsTyped(occurredOn), ["communeCode"] = code?.Trim(),
            ["fromText"] = string.IsNullOrWhiteSpace(typed) ? null : typed,
        };
        var bytes = Encoding.UTF8.GetBytes(json.ToJsonString());
        var root = JsonDocument.Parse(bytes).RootElement;
        var key = Request.Form["idempotencyKey"].ToString() is { Length: > 0 } k ? k : Guid.NewGuid().ToString("N");
        var result = await LogMilestoneEndpoint.LogAsync(projectId, root, bytes, User.Login(), $"web:{key}", store, grids, calendar, plans, PageJson.Options, ct);
        if (!FormWrites.Succeeded(result, ModelState, out _))
        {
            await OnGetAsync(ct);
            return Page();
        }
        TempData["Message"] = $"Commune confirmée : {(code is null ? "" : territory.Catalog.Find(code)?.Label)}.";
        return Redirect("/communes");
    }
}
