using EctLifecycle.Accounts;
using EctLifecycle.Http;
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
    [WolverineGet("/api/analytics/portfolio"), Tags("Analyses"), EndpointSummary("Every project's profile and the portfolio's figures at a date")]
    [ProducesResponseType<PortfolioAt>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static Task<IResult> Json(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, CancellationToken ct) => Answer(r, s, g, c, false, ct);

    [Authorize(Policy = Authentication.CanAnalyse)]
    [WolverineGet("/api/analytics/portfolio.csv"), Tags("Analyses"), EndpointSummary("The same, as tidy CSV")]
    public static Task<IResult> Csv(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, CancellationToken ct) => Answer(r, s, g, c, true, ct);

    private static Task<IResult> Answer(HttpRequest request, IQuerySession session, GridCatalog grids, BusinessCalendar calendar, bool csvRoute, CancellationToken ct) =>
        AnalyticsRequest.RunAsync(request, session, grids, calendar, csvRoute, "portfolio", (_, p) => async () =>
            PortfolioAt.Of(await PortfolioHistory.LoadAsync(session, p, ct), p));
}

public static class DistributionEndpoint
{
    [Authorize(Policy = Authentication.CanAnalyse)]
    [WolverineGet("/api/analytics/distribution"), Tags("Analyses"), EndpointSummary("The ECT score distribution at a date (study figure 3)")]
    [ProducesResponseType<Distribution>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static Task<IResult> Json(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, CancellationToken ct) => Answer(r, s, g, c, false, ct);

    [Authorize(Policy = Authentication.CanAnalyse)]
    [WolverineGet("/api/analytics/distribution.csv"), Tags("Analyses"), EndpointSummary("The same, as tidy CSV")]
    public static Task<IResult> Csv(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, CancellationToken ct) => Answer(r, s, g, c, true, ct);

    private static Task<IResult> Answer(HttpRequest request, IQuerySession session, GridCatalog grids, BusinessCalendar calendar, bool csvRoute, CancellationToken ct) =>
        AnalyticsRequest.RunAsync(request, session, grids, calendar, csvRoute, "distribution", (_, p) => async () =>
            Distribution.Of(await PortfolioHistory.LoadAsync(session, p, ct), p));
}

public static class SampleEndpoint
{
    [Authorize(Policy = Authentication.CanAnalyse)]
    [WolverineGet("/api/analytics/sample"), Tags("Analyses"), EndpointSummary("The study's qualitative-sample selection at a date")]
    [ProducesResponseType<Sample>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static Task<IResult> Json(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, CancellationToken ct) => Answer(r, s, g, c, false, ct);

    [Authorize(Policy = Authentication.CanAnalyse)]
    [WolverineGet("/api/analytics/sample.csv"), Tags("Analyses"), EndpointSummary("The same, as tidy CSV")]
    public static Task<IResult> Csv(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, CancellationToken ct) => Answer(r, s, g, c, true, ct);

    private static Task<IResult> Answer(HttpRequest request, IQuerySession session, GridCatalog grids, BusinessCalendar calendar, bool csvRoute, CancellationToken ct) =>
        AnalyticsRequest.RunAsync(request, session, grids, calendar, csvRoute, "sample", (_, p) => async () =>
            Sample.Of(await PortfolioHistory.LoadAsync(session, p, ct), p));
}

public static class CompareGridsEndpoint
{
    [Authorize(Policy = Authentication.CanAnalyse)]
    [WolverineGet("/api/analytics/compare"), Tags("Analyses"), EndpointSummary("Two grids side by side: distributions and threshold crossings (grid=, with=)")]
    [ProducesResponseType<GridComparison>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static Task<IResult> Json(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, CancellationToken ct) => Answer(r, s, g, c, false, ct);

    [Authorize(Policy = Authentication.CanAnalyse)]
    [WolverineGet("/api/analytics/compare.csv"), Tags("Analyses"), EndpointSummary("The same, as tidy CSV")]
    public static Task<IResult> Csv(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, CancellationToken ct) => Answer(r, s, g, c, true, ct);

    private static Task<IResult> Answer(HttpRequest request, IQuerySession session, GridCatalog grids, BusinessCalendar calendar, bool csvRoute, CancellationToken ct) =>
        AnalyticsRequest.RunAsync(request, session, grids, calendar, csvRoute, "compare", (q, p) =>
        {
            if (string.IsNullOrWhiteSpace(q.Query("with"))) q.Errors["with"] = [$"la grille à comparer est obligatoire, parmi : {string.Join(", ", grids.Versions)}"];
            var other = AnalyticsParameters.ReadGrid("with", q.Query("with"), grids, q.Errors);
            return async () => GridComparison.Of(await PortfolioHistory.LoadAsync(session, p, ct), p, other);
        });
}

public static class ProjectDriftEndpoint
{
    [Authorize(Policy = Authentication.CanAnalyse)]
    [WolverineGet("/api/analytics/projects/{id}/drift"), Tags("Analyses"), EndpointSummary("One project's pillars over time: change points with causes, and samples by period")]
    [ProducesResponseType<ProjectDrift>(200), ProducesResponseType<HttpValidationProblemDetails>(400), ProducesResponseType<ProblemDetails>(404)]
    public static Task<IResult> Json(Guid id, HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, CancellationToken ct) => Answer(id, r, s, g, c, false, ct);

    [Authorize(Policy = Authentication.CanAnalyse)]
    [WolverineGet("/api/analytics/projects/{id}/drift.csv"), Tags("Analyses"), EndpointSummary("The same, as tidy CSV")]
    public static Task<IResult> Csv(Guid id, HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, CancellationToken ct) => Answer(id, r, s, g, c, true, ct);

    private static Task<IResult> Answer(Guid id, HttpRequest request, IQuerySession session, GridCatalog grids, BusinessCalendar calendar, bool csvRoute, CancellationToken ct) =>
        AnalyticsRequest.RunAsync(request, session, grids, calendar, csvRoute, "drift", (q, p) =>
        {
            var period = AnalyticsParameters.ReadEnum<Period>("period", q.Query("period"), Period.Year, q.Errors);
            return async () =>
            {
                var timeline = await Projects.EventStoreReads.LoadTimelineAsync(session, id, ct);
                if (p.RecordedBy is { } by) timeline = timeline?.KnownAt(by);
                return timeline?.Registration is null ? null : ProjectDrift.Of(timeline, p, period!.Value);
            };
        }, () => Problems.ProjectNotFound(id));
}

public static class CohortDriftEndpoint
{
    [Authorize(Policy = Authentication.CanAnalyse)]
    [WolverineGet("/api/analytics/cohorts"), Tags("Analyses"), EndpointSummary("Pillar drift by cohort (by=, period=): mean, median, count per period")]
    [ProducesResponseType<CohortDrift>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static Task<IResult> Json(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, CancellationToken ct) => Answer(r, s, g, c, false, ct);

    [Authorize(Policy = Authentication.CanAnalyse)]
    [WolverineGet("/api/analytics/cohorts.csv"), Tags("Analyses"), EndpointSummary("The same, as tidy CSV")]
    public static Task<IResult> Csv(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, CancellationToken ct) => Answer(r, s, g, c, true, ct);

    private static Task<IResult> Answer(HttpRequest request, IQuerySession session, GridCatalog grids, BusinessCalendar calendar, bool csvRoute, CancellationToken ct) =>
        AnalyticsRequest.RunAsync(request, session, grids, calendar, csvRoute, "cohorts", (q, p) =>
        {
            var by = AnalyticsParameters.ReadEnum<CohortField>("by", q.Query("by"), null, q.Errors, required: true);
            var period = AnalyticsParameters.ReadEnum<Period>("period", q.Query("period"), Period.Year, q.Errors);
            return async () => CohortDrift.Of(await PortfolioHistory.LoadAsync(session, p, ct), p, by!.Value, period!.Value);
        });
}

public static class AlignedDriftEndpoint
{
    [Authorize(Policy = Authentication.CanAnalyse)]
    [WolverineGet("/api/analytics/aligned"), Tags("Analyses"), EndpointSummary("Pillar drift aligned on a milestone (on=), 3 years before to 5 after, optionally by cohort")]
    [ProducesResponseType<AlignedDrift>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static Task<IResult> Json(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, CancellationToken ct) => Answer(r, s, g, c, false, ct);

    [Authorize(Policy = Authentication.CanAnalyse)]
    [WolverineGet("/api/analytics/aligned.csv"), Tags("Analyses"), EndpointSummary("The same, as tidy CSV")]
    public static Task<IResult> Csv(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, CancellationToken ct) => Answer(r, s, g, c, true, ct);

    private static Task<IResult> Answer(HttpRequest request, IQuerySession session, GridCatalog grids, BusinessCalendar calendar, bool csvRoute, CancellationToken ct) =>
        AnalyticsRequest.RunAsync(request, session, grids, calendar, csvRoute, "aligned", (q, p) =>
        {
            var on = AnalyticsParameters.ReadEnum<AlignAnchor>("on", q.Query("on"), null, q.Errors, required: true);
            var by = AnalyticsParameters.ReadEnum<CohortField>("by", q.Query("by"), null, q.Errors);
            return async () => AlignedDrift.Of(await PortfolioHistory.LoadAsync(session, p, ct), p, on!.Value, by);
        });
}
