using EctLifecycle.Timelines;
using EctLifecycle.Accounts;
using EctLifecycle.Analytics;
using EctLifecycle.Http;
using EctLifecycle.Http.OpenApi;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EctLifecycle.Outputs;

public static class OutputsEndpoint
{
    private const string ByHelp = "Un critère de cohortes, facultatif : chaque mesure aussi par groupe.";

    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery]
    [Query("by", ByHelp, Choice = typeof(CohortField))]
    [WolverineGet("/api/analytics/outputs"), Tags("Analyses"),
     EndpointSummary("Ce que produisent les projets à une date : somme, projets qui mesurent, médiane et moyenne de chaque mesure, par groupe (by=)")]
    [ProducesResponseType<OutputsAt>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static Task<IResult> Json(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, OutputSettings o, Communes.Territory t, CancellationToken ct) =>
        Answer(r, s, g, c, o, t, false, ct);

    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery(jsonOrCsv: false)]
    [Query("by", ByHelp, Choice = typeof(CohortField))]
    [WolverineGet("/api/analytics/outputs.csv"), Tags("Analyses"), EndpointSummary("La même analyse, en CSV long")]
    public static Task<IResult> Csv(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, OutputSettings o, Communes.Territory t, CancellationToken ct) =>
        Answer(r, s, g, c, o, t, true, ct);

    private static Task<IResult> Answer(HttpRequest request, IQuerySession session, GridCatalog grids, BusinessCalendar calendar,
        OutputSettings settings, Communes.Territory territory, bool csvRoute, CancellationToken ct) =>
        AnalyticsRequest.RunAsync(request, session, grids, calendar, csvRoute, "outputs", (q, p) =>
        {
            var by = AnalyticsParameters.ReadEnum<CohortField>("by", q.Query("by"), null, q.Errors);
            return async () => await OfAsync(session, p, by, settings, territory, ct);
        });

    /// <summary>
    /// The answer at these parameters: each project's period at the date (<see cref="PortfolioHistory.OutputFactsAtAsync"/>,
    /// which holds its latest outputs), and the timelines of those whose periods an older version of the app wrote (a rebuild
    /// under way), a chunk at a time; "as known at" a recording instant, every timeline read chunk by chunk. The cohorts (if
    /// asked) off the score history: its index of the dates, or the whole periods for a territory's.
    /// </summary>
    public static async Task<OutputsAt> OfAsync(IQuerySession session, AnalyticsParameters p, CohortField? by, OutputSettings settings,
        Communes.Territory territory, CancellationToken ct, int chunk = Timelines.TimelineStore.StreamsPerChunk)
    {
        // "As known at", the history is every timeline folded in memory: loaded only for the cohorts.
        var history = p.RecordedBy is null || by is not null ? await PortfolioHistory.LoadAsync(session, p, ct) : null;
        IReadOnlyDictionary<Guid, string>? cohorts = null;
        // The cohorts from the facts the index of the dates carries, but a territory's, which needs each commune's code.
        if (by is { } field)
            cohorts = (Cohorts.ByTerritory(field) ? await history!.AtAsync(p.AsOf, p.Grid, ct) : await history!.FactsAtAsync(p.AsOf, p.Grid, ct))
                .ToDictionary(m => m.ProjectId, m => Cohorts.ValueOf(field, m, territory));
        if (p.RecordedBy is not null || history is null) return await OutputsAt.OfAsync(session.EachTimelineAsync(ct), p, by, cohorts, settings, ct);
        var members = await history.OutputFactsAtAsync(p.AsOf, p.Grid, ct);
        var readings = await history.FromPeriodsOrTimelinesAsync<OutputsAt.Reading?>(members, p.Grid, m => OutputsAt.Reading.Of(m),
            (_, timeline) => OutputsAt.Reading.Of(timeline, p), chunk, ct);
        return OutputsAt.Of(readings.OfType<OutputsAt.Reading>().ToList(), p, by, cohorts, settings);
    }
}
