using EctLifecycle.Http;
using EctLifecycle.Projects;
using Marten;

namespace EctLifecycle.Timelines;

public static class EventStoreReads
{
    /// <summary>The project's whole stream, or null when no such project exists (from the bounded read model, kept exact).</summary>
    public static Task<ProjectTimeline?> LoadTimelineAsync(this IQuerySession session, Guid id, CancellationToken ct) =>
        TimelineStore.Of(session.DocumentStore).LoadAsync(id, ct);

    /// <summary>Every project's stream, in registration order, read chunk by chunk from the event store: none kept.</summary>
    public static IAsyncEnumerable<ProjectTimeline> EachTimelineAsync(this IQuerySession session, CancellationToken ct) =>
        TimelineStore.Of(session.DocumentStore).EachAsync(ct);

    /// <summary>Every project's stream in one list, in registration order (read as <see cref="EachTimelineAsync"/>, none kept).</summary>
    public static Task<IReadOnlyList<ProjectTimeline>> LoadAllTimelinesAsync(this IQuerySession session, CancellationToken ct) =>
        TimelineStore.Of(session.DocumentStore).LoadAllAsync(ct);
}
