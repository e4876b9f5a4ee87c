using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using EctLifecycle.EventStore;
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
    // Streams that are no project's, at the version they were read.
    private readonly ConcurrentDictionary<Guid, long> _others = new();
    private readonly SemaphoreSlim _refresh = new(1, 1);

    public static TimelineStore Of(IDocumentStore store) => Stores.GetValue(store, _ => new TimelineStore());

    public int Count => _timelines.Count;

    /// <summary>The rows of the event store skipped as no project event, by kind (each kind logged once).</summary>
    public SkippedRows Skipped { get; } = new();

    /// <summary>One project's timeline, or null when there is no such project: one round trip for its version and new events.</summary>
    public async Task<ProjectTimeline?> LoadAsync(IQuerySession session, Guid id, CancellationToken ct)
    {
        _timelines.TryGetValue(id, out var cached);
        var after = cached?.Timeline.Version ?? 0;
        var stored = await StoredEvents.ReadOneAsync(session, id, after, Skipped, ct);
        if (stored is null || (cached is null && !stored.IsProject))
        {
            _timelines.TryRemove(id, out _);
            return null;
        }
        if (cached is not null && stored.Version == after && stored.Entries.Count == 0) return cached.Timeline;
        if (cached is not null && stored.Version > after)
            return Keep(id, cached with { Timeline = new ProjectTimeline(cached.Timeline.Entries.Concat(stored.Entries), stored.Version) });
        if (cached is null) return Keep(id, Build(stored));

        // The stream went back or was replaced since it was kept: read it whole.
        var all = await StoredEvents.ReadOneAsync(session, id, 0, Skipped, ct);
        if (all is not { IsProject: true }) { _timelines.TryRemove(id, out _); return null; }
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
            var versions = await StreamVersions.ReadAsync(session, ct);
            foreach (var gone in _timelines.Keys.Where(id => !versions.ContainsKey(id)).ToList()) _timelines.TryRemove(gone, out _);
            foreach (var gone in _others.Keys.Where(id => !versions.ContainsKey(id)).ToList()) _others.TryRemove(gone, out _);
            var moved = versions.Where(v => !(_timelines.TryGetValue(v.Key, out var c) && c.Timeline.Version == v.Value)
                && !(_others.TryGetValue(v.Key, out var other) && other == v.Value)).Select(v => v.Key).ToList();
            if (moved.Count > 0) await FetchAsync(session, moved, versions, everything: moved.Count > versions.Count / 4, ct);
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
        try { _timelines.Clear(); _others.Clear(); }
        finally { _refresh.Release(); }
        var all = await LoadAllAsync(session, ct);
        return (all.Count, all.Sum(t => t.Entries.Count));
    }

    private async Task FetchAsync(
        IQuerySession session, IReadOnlyList<Guid> ids, Dictionary<Guid, long> versions, bool everything, CancellationToken ct)
    {
        var wanted = ids.ToHashSet();
        var found = new HashSet<Guid>();
        IEnumerable<IReadOnlyCollection<Guid>?> chunks = everything ? [(IReadOnlyCollection<Guid>?)null] : ids.Chunk(2_000);
        foreach (var chunk in chunks)
            foreach (var stream in await StoredEvents.ReadAsync(session, chunk, Skipped, ct))
            {
                if (!wanted.Contains(stream.Id)) continue;
                found.Add(stream.Id);
                if (stream.IsProject) Keep(stream.Id, Build(stream), replace: true);
                else NotAProject(stream.Id, stream.Version);
            }
        // A stream with no live event rows is no project either.
        foreach (var id in wanted.Where(id => !found.Contains(id))) NotAProject(id, versions[id]);
    }

    /// <summary>A stream that is not a project's (a tombstone stream of another version of Marten, another aggregate): remembered at its version, so that it is not read again until it moves.</summary>
    private void NotAProject(Guid id, long version)
    {
        _timelines.TryRemove(id, out _);
        _others[id] = version;
    }

    private static Cached Build(StoredStream stream) => new(new ProjectTimeline(stream.Entries, stream.Version), stream.FirstSequence);

    /// <summary>Keeps the newer of two timelines of a stream (concurrent requests may bring them in any order).</summary>
    private ProjectTimeline Keep(Guid id, Cached next, bool replace = false) =>
        _timelines.AddOrUpdate(id, next, (_, old) => replace || next.Timeline.Version >= old.Timeline.Version ? next : old).Timeline;

}
