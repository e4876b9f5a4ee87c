using EctLifecycle.Analytics;
using EctLifecycle.Durability;
using EctLifecycle.Scoring;
using Marten;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages.Rapports;

/// <summary>Durability reports for the board and funders: stopped projects, survival, reasons, what remains, projects to watch, downloads.</summary>
public sealed class IndexModel(IDocumentStore store, GridCatalog grids, BusinessCalendar calendar, EctLifecycle.Persistence.PersistenceRules persistence,
    EctLifecycle.Actors.IActorIdentities identities, PortfolioComputations computations) : PageModel
{
    public PortfolioReport? Report { get; private set; }
    public Dictionary<string, string[]> Errors { get; } = [];
    /// <summary>The date asked, as the API reads it: one typed by hand (28/02/2021) is read as the milestones' forms read it.</summary>
    public string? AsOf => Request.Query["asOf"].ToString() is { Length: > 0 } d ? Http.DateText.IsoOrAsTyped(d) : null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var p = AnalyticsParameters.Read(AsOf, null, null, calendar, grids, Errors);
        if (Errors.Count > 0) return;
        await using var session = store.QuerySession();
        // Every project's periods read, as the route's report and the day's watch list: in its turn among them.
        Report = await computations.RunAsync(async () => await PortfolioReport.OfAsync(await PortfolioHistory.LoadAsync(session, p, ct), p, ct, persistence) with
        {
            ActorsWentOn = await ActorsAfterStop.OfAsync(session, p, identities, ct),
        }, ct);
    }

    public string Download(string format, Guid? project = null) =>
        $"/api/reports/durability{(project is { } id ? $"/{id}" : "")}?format={format}{(AsOf is { } d ? $"&asOf={d}" : "")}";
}
