using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using JasperFx.Events;
using Marten;

namespace EctLifecycle.Projects;

/// <summary>
/// Every project's timeline kept in memory between requests: the read model behind single-project reads, writes and
/// the portfolio questions, so that an answer folds timelines already in memory instead of reading and deserialising
/// every event again. It is exact, never stale: before answering it asks the event store for the stream versions
/// (one row per project) and refetches the streams that moved, forgets those that went, and reloads one whose version
/// went back (a wiped database). Events are immutable and streams append-only, so a timeline at the store's version is
/// the stored timeline. Several app instances each keep their own copy, each as exact. (It relies on a stream id never
/// being reused for another history after a wipe: the app's ids are new version-7 Guids. If one were, the
/// administrators' rebuild route reads everything again.)
/// </summary>
public sealed class TimelineStore
{
    private sealed record Cached(ProjectTimeline Timeline, long FirstSequence);

    // One per document store (the app has one; each test host has its own), found from any of its sessions.
    private static readonly ConditionalWeakTable<IDocumentStore, TimelineStore> Stores = new();

    private readonly ConcurrentDictionary<Guid, Cached> _timelines = new();
    private readonly SemaphoreSlim _refresh = new(1, 1);

    public static TimelineStore Of(IDocumentStore store) => Stores.GetValue(store, _ => new TimelineStore());

    public int Count => _timelines.Count;

    /// <summary>One project's timeline, or null when there is no such stream: one round trip for its version and new events.</summary>
    public async Task<ProjectTimeline?> LoadAsync(IQuerySession session, Guid id, CancellationToken ct)
    {
        _timelines.TryGetValue(id, out var cached);
        var batch = session.CreateBatchQuery();
        var state = batch.Events.FetchStreamState(id);
        var fresh = batch.Events.FetchStream(id, 0, null, (cached?.Timeline.Version ?? 0) + 1);
        await batch.Execute(ct);
        if (await state is not { } stored)
        {
            _timelines.TryRemove(id, out _);
            return null;
        }
        var events = await fresh;
        if (cached is not null && stored.Version == cached.Timeline.Version && events.Count == 0) return cached.Timeline;
        if (cached is not null && events.Count > 0 && events[0].Version == cached.Timeline.Version + 1)
            return Keep(id, new Cached(new ProjectTimeline(cached.Timeline.Entries.Concat(events.Select(EventStoreReads.ToEntry))), cached.FirstSequence));
        if (cached is null && events.Count > 0) return Keep(id, Build(events));

        // The stream went back or was replaced since it was kept: read it whole.
        var all = await session.Events.FetchStreamAsync(id, token: ct);
        if (all.Count == 0) { _timelines.TryRemove(id, out _); return null; }
        return Keep(id, Build(all), replace: true);
    }

    /// <summary>
    /// The timeline kept for <paramref name="id"/>, without asking the store whether it moved since: only for a write that
    /// appends at the version after it, which the event store refuses if the stream moved (the write then reads it again).
    /// </summary>
    public ProjectTimeline? Kept(Guid id) => _timelines.TryGetValue(id, out var cached) ? cached.Timeline : null;

    /// <summary>
    /// Keeps <paramref name="basis"/> with <paramref name="entry"/> appended, once the append is committed: the next
    /// write on the project starts from it without reading the stream again. Nothing changes if another timeline of
    /// the stream has been kept meanwhile (a newer one, or one read again). A full read that overlaps a write may put
    /// back the timeline without it: reads compare versions first and read it again, and a write from it is refused by
    /// the store's version check and retried.
    /// </summary>
    public void Appended(Guid id, ProjectTimeline basis, TimelineEntry entry, bool checkedOnBasis)
    {
        if (!_timelines.TryGetValue(id, out var cached) || cached.Timeline.Version != basis.Version) return;
        _timelines.TryUpdate(id, cached with { Timeline = basis.WithAppended(entry, checkedOnBasis) }, cached);
    }

    /// <summary>Every project's timeline, in the order the projects were registered.</summary>
    public async Task<IReadOnlyList<ProjectTimeline>> LoadAllAsync(IQuerySession session, CancellationToken ct)
    {
        await _refresh.WaitAsync(ct);
        try
        {
            var versions = await StreamVersionsAsync(session, ct);
            foreach (var gone in _timelines.Keys.Where(id => !versions.ContainsKey(id)).ToList()) _timelines.TryRemove(gone, out _);
            var moved = versions.Where(v => !_timelines.TryGetValue(v.Key, out var c) || c.Timeline.Version != v.Value).Select(v => v.Key).ToList();
            if (moved.Count > 0) await FetchAsync(session, moved, everything: moved.Count > versions.Count / 4, ct);
            return versions.Keys.Select(id => _timelines.GetValueOrDefault(id)).OfType<Cached>()
                .OrderBy(c => c.FirstSequence).Select(c => c.Timeline).ToList();
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Forgets every timeline and reads them all again from the events: the read model's rebuild.</summary>
    public async Task<(int Projects, int Events)> RebuildAsync(IQuerySession session, CancellationToken ct)
    {
        await _refresh.WaitAsync(ct);
        try { _timelines.Clear(); }
        finally { _refresh.Release(); }
        var all = await LoadAllAsync(session, ct);
        return (all.Count, all.Sum(t => t.Entries.Count));
    }

    private async Task FetchAsync(IQuerySession session, IReadOnlyList<Guid> ids, bool everything, CancellationToken ct)
    {
        var wanted = ids.ToHashSet();
        if (everything)
        {
            foreach (var (stream, first, entries) in await EventRows.ReadAllAsync(session, ct))
                if (wanted.Contains(stream)) Keep(stream, new Cached(new ProjectTimeline(entries), first), replace: true);
            return;
        }
        foreach (var chunk in ids.Chunk(2_000))
        {
            var query = session.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(chunk));
            var stream = new List<IEvent>();
            await foreach (var e in query.OrderBy(e => e.StreamId).ThenBy(e => e.Version).ToAsyncEnumerable(ct))
            {
                if (stream.Count > 0 && stream[0].StreamId != e.StreamId) Flush();
                stream.Add(e);
            }
            Flush();

            void Flush()
            {
                if (stream.Count > 0 && wanted.Contains(stream[0].StreamId)) Keep(stream[0].StreamId, Build(stream), replace: true);
                stream = [];
            }
        }
    }

    private static Cached Build(IReadOnlyList<IEvent> events) =>
        new(new ProjectTimeline(events.Select(EventStoreReads.ToEntry)), events.Min(e => e.Sequence));

    /// <summary>Keeps the newer of two timelines of a stream (concurrent requests may bring them in any order).</summary>
    private ProjectTimeline Keep(Guid id, Cached next, bool replace = false) =>
        _timelines.AddOrUpdate(id, next, (_, old) => replace || next.Timeline.Version >= old.Timeline.Version ? next : old).Timeline;

    private static async Task<Dictionary<Guid, long>> StreamVersionsAsync(IQuerySession session, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new Npgsql.NpgsqlCommand($"select id, version from {schema}.mt_streams", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var versions = new Dictionary<Guid, long>();
        while (await reader.ReadAsync(ct)) versions[reader.GetGuid(0)] = reader.GetInt64(1);
        return versions;
    }
}
