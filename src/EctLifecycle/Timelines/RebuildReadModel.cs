using EctLifecycle.Http;
using EctLifecycle.Projects;
using EctLifecycle.Accounts;
using EctLifecycle.Journal;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace EctLifecycle.Timelines;

public sealed record ReadModelRebuilt(int Projects, int Events, double Milliseconds);

/// <summary>
/// <c>POST /api/admin/projections/rebuild</c>: forgets the in-memory timelines and reads every event again, then rebuilds
/// the score history through Marten's projection daemon. Reads never need it (they check stream versions, the periods are
/// written with each write); it is for a database changed behind the app's back without moving a version or a changed
/// grid file, and it is what the benchmark times as the rebuild of the read model.
/// </summary>
public static class RebuildReadModelEndpoint
{
    [WolverinePost("/api/admin/projections/rebuild"), Authorize(Policy = Authentication.CanAdminister)]
    [Tags("Administration"), EndpointSummary("Relire tous les événements : reconstruire l'historique des scores (démon de projections de Marten) et les parcours gardés en mémoire")]
    [ProducesResponseType<ReadModelRebuilt>(200)]
    public static async Task<ReadModelRebuilt> Post(
        System.Security.Claims.ClaimsPrincipal user, IQuerySession session, EventStore.IScorePeriodRows rows, TimeProvider time, ILogger<ReadModelRebuilt> log, CancellationToken ct)
    {
        // One rebuild at a time, in every instance: one already running (a start's after a grid changed, another
        // administrator's) is waited for, then this one runs, as asked (the database may have changed since it began).
        await using var rebuilding = await rows.LockRebuildAsync(
            () => log.LogInformation("Historique des scores : une reconstruction est déjà en cours ; celle demandée attend sa fin."), ct);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var (projects, events) = await TimelineStore.Of(session.DocumentStore).RebuildAsync(ct);
        await ScoreHistory.ScoreHistoryRebuild.RunAsync(session.DocumentStore, ct, log);
        var rebuilt = new ReadModelRebuilt(projects, events, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        await Audit.RecordAsync(session.DocumentStore, time, AuditKind.Rebuild, user.Login(),
            $"Historique des scores et parcours reconstruits : {projects} projet(s), {events} événement(s) relus en {rebuilt.Milliseconds / 1000:0.0} s.",
            details: new Dictionary<string, string> { ["projects"] = $"{projects}", ["events"] = $"{events}" }, ct: ct);
        return rebuilt;
    }
}
