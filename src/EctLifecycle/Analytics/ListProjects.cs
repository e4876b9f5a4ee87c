using EctLifecycle.Http;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.ScoreHistory;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EctLifecycle.Analytics;

/// <summary>
/// <c>GET /api/projects?asOf=&amp;grid=</c>: every project registered by that date, summarised, read from the score history's
/// periods holding at the date (one query), not by folding every project's events.
/// </summary>
public static class ListProjectsEndpoint
{
    [WolverineGet("/api/projects")]
    [Http.Query("asOf", "La date métier (AAAA-MM-JJ) ; par défaut aujourd'hui.", Date = true)]
    [Http.Query("grid", "La version de la grille ECT ; par défaut la grille courante.", Grid = true)]
    [Tags("Projets"), EndpointSummary("Chaque projet enregistré à une date métier, en résumé")]
    [ProducesResponseType<ProjectList>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static async Task<IResult> Get(
        string? asOf, string? grid, IQuerySession session, GridCatalog grids, BusinessCalendar calendar, CancellationToken ct)
    {
        if (ReadParameters.TryRead(asOf, grid, calendar, grids, out var p) is { } bad) return bad;
        var history = await PortfolioHistory.LoadAsync(session, new AnalyticsParameters(p.AsOf, p.Grid, null), ct);
        var summaries = (await history.AtAsync(p.AsOf, p.Grid, ct)).Select(x => SummaryOf(x, p.Grid)).ToList();
        summaries.Sort((a, b) => StringComparer.CurrentCultureIgnoreCase.Compare(a.Name, b.Name));
        return Results.Ok(new ProjectList(p.AsOf, p.Grid.Version, summaries));
    }

    /// <summary>A project's summary from its period holding at the date (its pillars in the grid's order).</summary>
    public static ProjectSummary SummaryOf(ScorePeriod period, Grid grid) =>
        new(period.ProjectId, period.Name, period.Sector, period.Commune, period.StageOf(), period.LegalFormOf(), period.Score,
            period.EctPotential, grid.Pillars.ToDictionary(x => x.Id, x => period.Pillar(x.Id)), period.Grid);
}
