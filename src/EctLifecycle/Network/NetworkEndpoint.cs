using EctLifecycle.Accounts;
using EctLifecycle.Actors;
using EctLifecycle.Analytics;
using EctLifecycle.Http.OpenApi;
using EctLifecycle.Scoring;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EctLifecycle.Network;

public static class NetworkEndpoint
{
    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery]
    [WolverineGet("/api/analytics/network"), Tags("Analyses"), EndpointSummary("Le réseau des acteurs et des projets à une date : liens, co-appartenance, mesures, place du pôle, croissance par année et la « clef » de l'étude")]
    [ProducesResponseType<ActorNetwork>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static Task<IResult> Json(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, IActorIdentities ids, NetworkSettings settings, CancellationToken ct) =>
        Answer(r, s, g, c, ids, settings, false, ct);

    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery(jsonOrCsv: false)]
    [WolverineGet("/api/analytics/network.csv"), Tags("Analyses"), EndpointSummary("La même analyse, en CSV long")]
    public static Task<IResult> Csv(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, IActorIdentities ids, NetworkSettings settings, CancellationToken ct) =>
        Answer(r, s, g, c, ids, settings, true, ct);

    private static Task<IResult> Answer(HttpRequest request, IQuerySession session, GridCatalog grids, BusinessCalendar calendar,
        IActorIdentities ids, NetworkSettings settings, bool csvRoute, CancellationToken ct) =>
        AnalyticsRequest.RunAsync(request, session, grids, calendar, csvRoute, "network", (_, p) => async () =>
            await ActorNetwork.OfAsync(session, p, ids, settings, ct));
}
