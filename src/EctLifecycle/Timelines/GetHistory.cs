using EctLifecycle.Projects;
using Microsoft.AspNetCore.Mvc;
using EctLifecycle.Http;
using Marten;
using Wolverine.Http;

namespace EctLifecycle.Timelines;

public sealed record HistoryEntry(
    Guid EventId, long Version, string Type, DateOnly OccurredOn, DateTimeOffset RecordedAt, string LoggedBy,
    object Data, bool Retracted, RetractionView? RetractedBy, string? Source);

public sealed record RetractionView(Guid EventId, DateOnly OccurredOn, string LoggedBy, string Reason);

/// <summary><c>GET /api/projects/{id}/history</c>: every event, retracted ones marked, in business order.</summary>
public static class GetHistoryEndpoint
{
    [WolverineGet("/api/projects/{id}/history")]
    [Tags("Projets"), EndpointSummary("Tous les événements d'un projet, dans l'ordre métier, les retirés marqués")]
    [ProducesResponseType<List<HistoryEntry>>(200), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken ct)
    {
        var timeline = await session.LoadTimelineAsync(id, ct);
        if (timeline is null) return Problems.ProjectNotFound(id);
        return Results.Ok(timeline.InBusinessOrder().Select(e => Entry(timeline, e)).ToList());
    }

    public static HistoryEntry Entry(ProjectTimeline timeline, TimelineEntry e) =>
        new(e.EventId, e.Version, MilestoneKinds.TypeOf(e.Event), e.Event.OccurredOn, e.RecordedAt, e.Event.LoggedBy, e.Event,
            timeline.IsRetracted(e.EventId),
            timeline.Retractions.TryGetValue(e.EventId, out var r) && r.Event is MilestoneRetracted m
                ? new RetractionView(r.EventId, m.OccurredOn, m.LoggedBy, m.Reason)
                : null,
            e.Event.Source);

}
