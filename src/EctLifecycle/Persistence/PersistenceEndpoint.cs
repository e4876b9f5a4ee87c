using EctLifecycle.Accounts;
using EctLifecycle.Analytics;
using EctLifecycle.Http;
using EctLifecycle.Http.OpenApi;
using EctLifecycle.Scoring;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EctLifecycle.Persistence;

public static class PersistenceEndpoint
{
    public const string DriftPoints = "Éloigné : potentiel ECT à l'émergence et au moins ce nombre de points de score en moins depuis ; par défaut le réglage Persistence:DriftPoints (3).";
    public const string CloserPoints = "Rapproché : au moins ce nombre de points de score en plus depuis l'émergence ; par défaut le réglage Persistence:CloserPoints (3).";
    public const string PillarPoints = "Un pilier est perdu (ou gagné) quand sa moyenne (0-3) a baissé (ou monté) d'au moins cet écart ; par défaut le réglage Persistence:PillarPoints (0.5).";

    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery]
    [Query("driftPoints", DriftPoints), Query("closerPoints", CloserPoints), Query("pillarPoints", PillarPoints)]
    [WolverineGet("/api/analytics/persistence"), Tags("Analyses"), EndpointSummary("La pérennité des piliers : à l'émergence, au pic et aujourd'hui ; les projets éloignés du potentiel ECT et ceux qui s'en sont rapprochés")]
    [ProducesResponseType<PillarPersistence>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static Task<IResult> Json(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, PersistenceRules rules, CancellationToken ct) =>
        Answer(r, s, g, c, rules, false, ct);

    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery(jsonOrCsv: false)]
    [Query("driftPoints", DriftPoints), Query("closerPoints", CloserPoints), Query("pillarPoints", PillarPoints)]
    [WolverineGet("/api/analytics/persistence.csv"), Tags("Analyses"), EndpointSummary("La même analyse, en CSV long")]
    public static Task<IResult> Csv(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, PersistenceRules rules, CancellationToken ct) =>
        Answer(r, s, g, c, rules, true, ct);

    private static Task<IResult> Answer(HttpRequest request, IQuerySession session, GridCatalog grids, BusinessCalendar calendar,
        PersistenceRules settings, bool csvRoute, CancellationToken ct) =>
        AnalyticsRequest.RunAsync(request, session, grids, calendar, csvRoute, "persistence", (q, p) =>
        {
            var rules = settings.With(q.Query, q.Errors);
            return async () => await PillarPersistence.OfAsync(await PortfolioHistory.LoadAsync(session, p, ct), p, rules, ct);
        });
}
