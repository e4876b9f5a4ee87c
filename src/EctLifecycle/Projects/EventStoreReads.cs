using JasperFx.Events;
using Marten;

namespace EctLifecycle.Projects;

public static class EventStoreReads
{
    public static TimelineEntry ToEntry(this IEvent e) =>
        new(e.Id, e.Version, e.Timestamp, (IProjectEvent)e.Data);

    /// <summary>The project's whole stream, or null when no such project exists.</summary>
    public static async Task<ProjectTimeline?> LoadTimelineAsync(this IQuerySession session, Guid id, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        return events.Count == 0 ? null : new ProjectTimeline(events.Select(ToEntry));
    }

    /// <summary>Every project's stream. Fine for a hub's portfolio; the network scale gets projections.</summary>
    public static async Task<IReadOnlyList<ProjectTimeline>> LoadAllTimelinesAsync(this IQuerySession session, CancellationToken ct)
    {
        var events = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync(ct);
        return events.GroupBy(e => e.StreamId).Select(g => new ProjectTimeline(g.Select(ToEntry))).ToList();
    }
}
