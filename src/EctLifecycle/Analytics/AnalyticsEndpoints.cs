using EctLifecycle.Accounts;
using EctLifecycle.Http;
using EctLifecycle.Http.OpenApi;
using Microsoft.AspNetCore.Authorization;
using EctLifecycle.Scoring;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EctLifecycle.Analytics;

// Each question answers at /api/analytics/{question} in JSON (or with format=csv), and at {question}.csv in tidy CSV.

public static class PortfolioAtEndpoint
{
    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery]
    [Query("page", "Le numéro de la page des profils (à partir de 1) ; sans page ni pageSize, tous les profils. Les chiffres du portefeuille sont toujours ceux de tous les projets.")]
    [Query("pageSize", "Le nombre de profils par page, de 1 à 10 000 ; 1 000 par défaut quand page est donné.")]
    [WolverineGet("/api/analytics/portfolio"), Tags("Analyses"), EndpointSummary("Le profil de chaque projet et les chiffres du portefeuille à une date")]
    [ProducesResponseType<PortfolioAt>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static Task<IResult> Json(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, CancellationToken ct) => Answer(r, s, g, c, false, ct);

    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery(jsonOrCsv: false)]
    [Query("page", "Le numéro de la page des profils, comme pour la réponse JSON.")]
    [Query("pageSize", "Le nombre de profils par page, de 1 à 10 000.")]
    [WolverineGet("/api/analytics/portfolio.csv"), Tags("Analyses"), EndpointSummary("La même analyse, en CSV long")]
    public static Task<IResult> Csv(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, CancellationToken ct) => Answer(r, s, g, c, true, ct);

    private static Task<IResult> Answer(HttpRequest request, IQuerySession session, GridCatalog grids, BusinessCalendar calendar, bool csvRoute, CancellationToken ct) =>
        AnalyticsRequest.RunAsync(request, session, grids, calendar, csvRoute, "portfolio", (q, p) =>
        {
            var page = PageRequest.Read(q.Query("page"), q.Query("pageSize"), q.Errors);
            return async () => await PortfolioAt.OfAsync(await PortfolioHistory.LoadAsync(session, p, ct), p, ct, page);
        });
}

public static class DistributionEndpoint
{
    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery]
    [WolverineGet("/api/analytics/distribution"), Tags("Analyses"), EndpointSummary("La distribution des scores ECT à une date (figure 3 de l'étude)")]
    [ProducesResponseType<Distribution>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static Task<IResult> Json(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, CancellationToken ct) => Answer(r, s, g, c, false, ct);

    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery(jsonOrCsv: false)]
    [WolverineGet("/api/analytics/distribution.csv"), Tags("Analyses"), EndpointSummary("La même analyse, en CSV long")]
    public static Task<IResult> Csv(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, CancellationToken ct) => Answer(r, s, g, c, true, ct);

    private static Task<IResult> Answer(HttpRequest request, IQuerySession session, GridCatalog grids, BusinessCalendar calendar, bool csvRoute, CancellationToken ct) =>
        AnalyticsRequest.RunAsync(request, session, grids, calendar, csvRoute, "distribution", (_, p) => async () =>
            await Distribution.OfAsync(await PortfolioHistory.LoadAsync(session, p, ct), p, ct));
}

public static class SampleEndpoint
{
    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery]
    [WolverineGet("/api/analytics/sample"), Tags("Analyses"), EndpointSummary("L'échantillon qualitatif de l'étude à une date")]
    [ProducesResponseType<Sample>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static Task<IResult> Json(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, CancellationToken ct) => Answer(r, s, g, c, false, ct);

    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery(jsonOrCsv: false)]
    [WolverineGet("/api/analytics/sample.csv"), Tags("Analyses"), EndpointSummary("La même analyse, en CSV long")]
    public static Task<IResult> Csv(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, CancellationToken ct) => Answer(r, s, g, c, true, ct);

    private static Task<IResult> Answer(HttpRequest request, IQuerySession session, GridCatalog grids, BusinessCalendar calendar, bool csvRoute, CancellationToken ct) =>
        AnalyticsRequest.RunAsync(request, session, grids, calendar, csvRoute, "sample", (_, p) => async () =>
            await Sample.OfAsync(await PortfolioHistory.LoadAsync(session, p, ct), p, ct));
}

public static class CompareGridsEndpoint
{
    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery]
    [Query("with", "La grille à comparer à celle de grid (obligatoire).", Grid = true, Required = true)]
    [WolverineGet("/api/analytics/compare"), Tags("Analyses"), EndpointSummary("Deux grilles côte à côte : distributions et franchissements du seuil (grid=, with=)")]
    [ProducesResponseType<GridComparison>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static Task<IResult> Json(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, CancellationToken ct) => Answer(r, s, g, c, false, ct);

    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery(jsonOrCsv: false)]
    [Query("with", "La grille à comparer à celle de grid (obligatoire).", Grid = true, Required = true)]
    [WolverineGet("/api/analytics/compare.csv"), Tags("Analyses"), EndpointSummary("La même analyse, en CSV long")]
    public static Task<IResult> Csv(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, CancellationToken ct) => Answer(r, s, g, c, true, ct);

    private static Task<IResult> Answer(HttpRequest request, IQuerySession session, GridCatalog grids, BusinessCalendar calendar, bool csvRoute, CancellationToken ct) =>
        AnalyticsRequest.RunAsync(request, session, grids, calendar, csvRoute, "compare", (q, p) =>
        {
            if (string.IsNullOrWhiteSpace(q.Query("with"))) q.Errors["with"] = [$"la grille à comparer est obligatoire, parmi : {string.Join(", ", grids.Versions)}"];
            var other = AnalyticsParameters.ReadGrid("with", q.Query("with"), grids, q.Errors);
            return async () => await GridComparison.OfAsync(await PortfolioHistory.LoadAsync(session, p, ct), p, other, ct);
        });
}

public static class ProjectDriftEndpoint
{
    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery]
    [Query("period", "La période des valeurs échantillonnées ; par défaut year.", Choice = typeof(Period))]
    [WolverineGet("/api/analytics/projects/{id}/drift"), Tags("Analyses"), EndpointSummary("Les piliers d'un projet dans le temps : changements et leurs causes, valeurs par période")]
    [ProducesResponseType<ProjectDrift>(200), ProducesResponseType<HttpValidationProblemDetails>(400), ProducesResponseType<ProblemDetails>(404)]
    public static Task<IResult> Json(Guid id, HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, CancellationToken ct) => Answer(id, r, s, g, c, false, ct);

    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery(jsonOrCsv: false)]
    [Query("period", "La période des valeurs échantillonnées ; par défaut year.", Choice = typeof(Period))]
    [WolverineGet("/api/analytics/projects/{id}/drift.csv"), Tags("Analyses"), EndpointSummary("La même analyse, en CSV long")]
    public static Task<IResult> Csv(Guid id, HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, CancellationToken ct) => Answer(id, r, s, g, c, true, ct);

    private static Task<IResult> Answer(Guid id, HttpRequest request, IQuerySession session, GridCatalog grids, BusinessCalendar calendar, bool csvRoute, CancellationToken ct) =>
        AnalyticsRequest.RunAsync(request, session, grids, calendar, csvRoute, "drift", (q, p) =>
        {
            var period = AnalyticsParameters.ReadEnum<Period>("period", q.Query("period"), Period.Year, q.Errors);
            return async () =>
            {
                var timeline = await Timelines.EventStoreReads.LoadTimelineAsync(session, id, ct);
                if (p.RecordedBy is { } by) timeline = timeline?.KnownAt(by);
                return timeline?.Registration is null ? null : ProjectDrift.Of(timeline, p, period!.Value);
            };
        }, () => Problems.ProjectNotFound(id));
}

public static class CohortDriftEndpoint
{
    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery]
    [Query("by", "Le critère des cohortes (obligatoire).", Choice = typeof(CohortField), Required = true)]
    [Query("period", "La période ; par défaut year.", Choice = typeof(Period))]
    [WolverineGet("/api/analytics/cohorts"), Tags("Analyses"), EndpointSummary("Dérive des piliers par cohorte (by=, period=) : moyenne, médiane et effectif par période")]
    [ProducesResponseType<CohortDrift>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static Task<IResult> Json(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, Communes.Territory t, CancellationToken ct) => Answer(r, s, g, c, t, false, ct);

    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery(jsonOrCsv: false)]
    [Query("by", "Le critère des cohortes (obligatoire).", Choice = typeof(CohortField), Required = true)]
    [Query("period", "La période ; par défaut year.", Choice = typeof(Period))]
    [WolverineGet("/api/analytics/cohorts.csv"), Tags("Analyses"), EndpointSummary("La même analyse, en CSV long")]
    public static Task<IResult> Csv(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, Communes.Territory t, CancellationToken ct) => Answer(r, s, g, c, t, true, ct);

    private static Task<IResult> Answer(HttpRequest request, IQuerySession session, GridCatalog grids, BusinessCalendar calendar, Communes.Territory territory, bool csvRoute, CancellationToken ct) =>
        AnalyticsRequest.RunAsync(request, session, grids, calendar, csvRoute, "cohorts", (q, p) =>
        {
            var by = AnalyticsParameters.ReadEnum<CohortField>("by", q.Query("by"), null, q.Errors, required: true);
            var period = AnalyticsParameters.ReadEnum<Period>("period", q.Query("period"), Period.Year, q.Errors);
            return async () => await CohortDrift.OfAsync(await PortfolioHistory.LoadAsync(session, p, ct), p, by!.Value, period!.Value, ct, territory);
        });
}

public static class AlignedDriftEndpoint
{
    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery]
    [Query("on", "Le jalon sur lequel aligner chaque projet : sa première occurrence (obligatoire).", Choice = typeof(AlignAnchor), Required = true)]
    [Query("by", "Un critère de cohortes, facultatif.", Choice = typeof(CohortField))]
    [WolverineGet("/api/analytics/aligned"), Tags("Analyses"), EndpointSummary("Dérive des piliers alignée sur un jalon (on=), de 3 ans avant à 5 ans après, par cohorte au besoin")]
    [ProducesResponseType<AlignedDrift>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static Task<IResult> Json(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, Communes.Territory t, CancellationToken ct) => Answer(r, s, g, c, t, false, ct);

    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery(jsonOrCsv: false)]
    [Query("on", "Le jalon sur lequel aligner chaque projet : sa première occurrence (obligatoire).", Choice = typeof(AlignAnchor), Required = true)]
    [Query("by", "Un critère de cohortes, facultatif.", Choice = typeof(CohortField))]
    [WolverineGet("/api/analytics/aligned.csv"), Tags("Analyses"), EndpointSummary("La même analyse, en CSV long")]
    public static Task<IResult> Csv(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, Communes.Territory t, CancellationToken ct) => Answer(r, s, g, c, t, true, ct);

    private static Task<IResult> Answer(HttpRequest request, IQuerySession session, GridCatalog grids, BusinessCalendar calendar, Communes.Territory territory, bool csvRoute, CancellationToken ct) =>
        AnalyticsRequest.RunAsync(request, session, grids, calendar, csvRoute, "aligned", (q, p) =>
        {
            var on = AnalyticsParameters.ReadEnum<AlignAnchor>("on", q.Query("on"), null, q.Errors, required: true);
            var by = AnalyticsParameters.ReadEnum<CohortField>("by", q.Query("by"), null, q.Errors);
            return async () => await AlignedDrift.OfAsync(await PortfolioHistory.LoadAsync(session, p, ct), p, on!.Value, by, ct, territory);
        });
}

public static class TerritoryEndpoint
{
    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery]
    [WolverineGet("/api/analytics/territory"), Tags("Analyses"), EndpointSummary("Où les projets ont émergé chaque année : dans l'agglomération ou hors, par classe de population, par EPCI")]
    [ProducesResponseType<TerritoryEmergence>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static Task<IResult> Json(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, Communes.Territory t, CancellationToken ct) => Answer(r, s, g, c, t, false, ct);

    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery(jsonOrCsv: false)]
    [WolverineGet("/api/analytics/territory.csv"), Tags("Analyses"), EndpointSummary("La même analyse, en CSV long")]
    public static Task<IResult> Csv(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, Communes.Territory t, CancellationToken ct) => Answer(r, s, g, c, t, true, ct);

    private static Task<IResult> Answer(HttpRequest request, IQuerySession session, GridCatalog grids, BusinessCalendar calendar, Communes.Territory territory, bool csvRoute, CancellationToken ct) =>
        AnalyticsRequest.RunAsync(request, session, grids, calendar, csvRoute, "territory", (_, p) => async () =>
            await TerritoryEmergence.OfAsync(await PortfolioHistory.LoadAsync(session, p, ct), p, territory, ct));
}
