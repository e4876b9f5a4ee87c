using EctLifecycle.Accounts;
using EctLifecycle.Actors;
using EctLifecycle.Analytics;
using EctLifecycle.Communes;
using EctLifecycle.Http.OpenApi;
using EctLifecycle.Scoring;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EctLifecycle.HubEvents;

public static class HubEventsEndpoint
{
    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery]
    [WolverineGet("/api/analytics/hub-events"), Tags("Analyses"), EndpointSummary("Les événements du pôle : participants par événement et par année, venus hors de l'agglomération, commune inconnue, entrés ensuite dans un projet")]
    [ProducesResponseType<HubEventsAnalysis>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static Task<IResult> Json(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, IActorIdentities ids, Territory territory, CancellationToken ct) =>
        Answer(r, s, g, c, ids, territory, false, ct);

    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery(jsonOrCsv: false)]
    [WolverineGet("/api/analytics/hub-events.csv"), Tags("Analyses"), EndpointSummary("La même analyse, en CSV long")]
    public static Task<IResult> Csv(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, IActorIdentities ids, Territory territory, CancellationToken ct) =>
        Answer(r, s, g, c, ids, territory, true, ct);

    private static Task<IResult> Answer(HttpRequest request, IQuerySession session, GridCatalog grids, BusinessCalendar calendar,
        IActorIdentities ids, Territory territory, bool csvRoute, CancellationToken ct) =>
        AnalyticsRequest.RunAsync(request, session, grids, calendar, csvRoute, "hub-events", (_, p) => async () =>
            await HubEventsAnalysis.OfAsync(session, p, ids, territory, ct));
}

/// <summary>The hub events' Marten registration: one line of Program.cs.</summary>
public static class HubEventsConfiguration
{
    public static void Register(IServiceCollection services) => services.ConfigureMarten(opts =>
    {
        foreach (var type in HubEventEvents.All) opts.Events.AddEventType(type);
        opts.Projections.Add<HubEventProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<HubEvent>();
    });
}
