using EctLifecycle.Accounts;
using EctLifecycle.Analytics;
using EctLifecycle.Http;
using EctLifecycle.Http.OpenApi;
using EctLifecycle.Scoring;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EctLifecycle.Typology;

public static class TypologyEndpoint
{
    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery]
    [WolverineGet("/api/analytics/typology"), Tags("Analyses"), EndpointSummary("Une typologie des projets en cours à une date (k-moyennes, silhouette), ou « pas de typologie nette »")]
    [ProducesResponseType<ProjectTypology>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static Task<IResult> Json(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, TypologySettings t, CancellationToken ct) => Answer(r, s, g, c, t, false, ct);

    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery(jsonOrCsv: false)]
    [WolverineGet("/api/analytics/typology.csv"), Tags("Analyses"), EndpointSummary("La même analyse, en CSV long")]
    public static Task<IResult> Csv(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, TypologySettings t, CancellationToken ct) => Answer(r, s, g, c, t, true, ct);

    private static Task<IResult> Answer(HttpRequest request, IQuerySession session, GridCatalog grids, BusinessCalendar calendar, TypologySettings settings, bool csvRoute, CancellationToken ct) =>
        AnalyticsRequest.RunAsync(request, session, grids, calendar, csvRoute, "typology", (_, p) => async () =>
            await ProjectTypology.OfAsync(await PortfolioHistory.LoadAsync(session, p, ct), p, settings, ct));
}
