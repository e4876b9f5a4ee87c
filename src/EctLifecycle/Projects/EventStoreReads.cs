using Marten;

namespace EctLifecycle.Projects;

public static class EventStoreReads
{
    /// <summary>The project's whole stream, or null when no such project exists (from the in-memory read model, kept exact).</summary>
    public static Task<ProjectTimeline?> LoadTimelineAsync(this IQuerySession session, Guid id, CancellationToken ct) =>
        TimelineStore.Of(session.DocumentStore).LoadAsync(session, id, ct);

    /// <summary>Every project's stream, in registration order (from the in-memory read model, kept exact).</summary>
    public static Task<IReadOnlyList<ProjectTimeline>> LoadAllTimelinesAsync(this IQuerySession session, CancellationToken ct) =>
        TimelineStore.Of(session.DocumentStore).LoadAllAsync(session, ct);
}
