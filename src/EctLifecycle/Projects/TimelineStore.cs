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
/// the stored timeline, with one exception: an RGPD erasure masks events in place without moving the version, so every
/// read also asks for the mark of the completed erasures, in the same round trip, and forgets the streams of any new one
/// (<see cref="ErasedStreams"/>). Several app instances each keep their own copy, each as exact. (It relies on a stream id never
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

    // The mark of the completed erasures last seen, the erasures seen, and how many times each stream was masked.
    private ErasureMark? _erasureMark;
    private readonly HashSet<Guid> _erasuresSeen = [];
    private readonly ConcurrentDictionary<Guid, long> _erased = new();

    public static TimelineStore Of(IDocumentStore store) => Stores.GetValue(store, _ => new TimelineStore());

    public int Count => _timelines.Count;

    /// <summary>The rows of the event store skipped as no project event, by kind (each kind logged once).</summary>
    public SkippedRows Skipped { get; } = new();

    /// <summary>One project's timeline, or null when there is no such project: one round trip for its version and new events.</summary>
    public async Task<ProjectTimeline?> LoadAsync(IQuerySession session, Guid id, CancellationToken ct)
    {
        var erasures = ErasuresOf(id);
        _timelines.TryGetValue(id, out var cached);
        var after = cached?.Timeline.Version ?? 0;
        var (stored, mark) = await StoredEvents.ReadOneAsync(session, id, after, Skipped, ct);
        await ForgetErasedAsync(session, mark, ct);
        // An erasure masked its events meanwhile: the timeline kept, or what was read before the erasure was seen, may still
        // name the person. Read again (it is forgotten now): whole, and after the erasure.
        if (ErasuresOf(id) != erasures) return await LoadAsync(session, id, ct);
        if (stored is null || (cached is null && !stored.IsProject))
        {
            _timelines.TryRemove(id, out _);
            return null;
        }
        if (cached is not null && stored.Version == after && stored.Entries.Count == 0) return cached.Timeline;
        if (cached is not null && stored.Version > after)
            return Keep(id, cached with { Timeline = new ProjectTimeline(cached.Timeline.Entries.Concat(stored.Entries), stored.Version) }, erasures);
        if (cached is null) return Keep(id, Build(stored), erasures);

        // The stream went back or was replaced since it was kept: read it whole.
        var (all, _) = await StoredEvents.ReadOneAsync(session, id, 0, Skipped, ct);
        if (all is not { IsProject: true }) { _timelines.TryRemove(id, out _); return null; }
        return Keep(id, Build(all), erasures, replace: true);
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
        // A basis kept before an erasure may name the person that the timeline read again since no longer names.
        if (ErasuresOf(id) > 0 && !ReferenceEquals(cached.Timeline, basis)) return;
        _timelines.TryUpdate(id, cached with { Timeline = basis.WithAppended(entry, checkedOnBasis) }, cached);
    }

    /// <summary>Every project's timeline, in the order the projects were registered.</summary>
    public async Task<IReadOnlyList<ProjectTimeline>> LoadAllAsync(IQuerySession session, CancellationToken ct)
    {
        await _refresh.WaitAsync(ct);
        try
        {
            var (versions, mark) = await StreamVersions.ReadAsync(session, ct);
            await ForgetErasedAsync(session, mark, ct);
            foreach (var gone in _timelines.Keys.Where(id => !versions.ContainsKey(id)).ToList()) _timelines.TryRemove(gone, out _);
            foreach (var gone in _others.Keys.Where(id => !versions.ContainsKey(id)).ToList()) _others.TryRemove(gone, out _);
            var moved = versions.Where(v => !(_timelines.TryGetValue(v.Key, out var c) && c.Timeline.Version == v.Value)
                && !(_others.TryGetValue(v.Key, out var other) && other == v.Value)).Select(v => v.Key).ToList();
            var fetched = moved.Count > 0
                ? await FetchAsync(session, moved, versions, everything: moved.Count > versions.Count / 4, ct)
                : [];
            return versions.Keys.Select(id => fetched.GetValueOrDefault(id) ?? _timelines.GetValueOrDefault(id)).OfType<Cached>()
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

    /// <summary>Reads the streams <paramref name="ids"/> (all of them if <paramref name="everything"/>) and keeps their timelines; returns the projects'.</summary>
    private async Task<Dictionary<Guid, Cached>> FetchAsync(
        IQuerySession session, IReadOnlyList<Guid> ids, Dictionary<Guid, long> versions, bool everything, CancellationToken ct)
    {
        var wanted = ids.ToHashSet();
        // Read after the mark of the erasures was (the batch before), unless another request sees a later one meanwhile.
        var erasures = _erased.IsEmpty ? [] : ids.Where(_erased.ContainsKey).ToDictionary(id => id, ErasuresOf);
        var found = new Dictionary<Guid, Cached>();
        IEnumerable<IReadOnlyCollection<Guid>?> chunks = everything ? [(IReadOnlyCollection<Guid>?)null] : ids.Chunk(2_000);
        foreach (var chunk in chunks)
            foreach (var stream in await StoredEvents.ReadAsync(session, chunk, Skipped, ct))
            {
                if (!wanted.Remove(stream.Id)) continue;
                if (!stream.IsProject) { NotAProject(stream.Id, stream.Version); continue; }
                found[stream.Id] = Build(stream);
                Keep(stream.Id, found[stream.Id], erasures.GetValueOrDefault(stream.Id), replace: true);
            }
        // A stream with no live event rows is no project either.
        foreach (var id in wanted) NotAProject(id, versions[id]);
        return found;
    }

    /// <summary>A stream that is not a project's (a tombstone stream of another version of Marten, another aggregate): remembered at its version, so that it is not read again until it moves.</summary>
    private void NotAProject(Guid id, long version)
    {
        _timelines.TryRemove(id, out _);
        _others[id] = version;
    }

    private static Cached Build(StoredStream stream) => new(new ProjectTimeline(stream.Entries, stream.Version), stream.FirstSequence);

    /// <summary>
    /// Keeps the newer of two timelines of a stream (concurrent requests may bring them in any order). One read before an
    /// erasure that another request has seen since (the stream's count of <paramref name="erasures"/> moved) may still
    /// name the person: it answers the request that read it, but is not kept.
    /// </summary>
    private ProjectTimeline Keep(Guid id, Cached next, long erasures, bool replace = false)
    {
        var kept = _timelines.AddOrUpdate(id, next, (_, old) => replace || next.Timeline.Version >= old.Timeline.Version ? next : old).Timeline;
        if (ErasuresOf(id) != erasures) _timelines.TryRemove(id, out _);
        return kept;
    }

    /// <summary>How many times an erasure has masked the stream's events since the app started.</summary>
    private long ErasuresOf(Guid id) => _erased.IsEmpty ? 0 : _erased.GetValueOrDefault(id);

    /// <summary>
    /// When the mark of the completed erasures has moved since last seen, forgets the timelines of the streams that the
    /// erasures not seen yet have masked. The mark is moved last: a request that reads it moved knows they are forgotten.
    /// </summary>
    private async Task ForgetErasedAsync(IQuerySession session, ErasureMark mark, CancellationToken ct)
    {
        if (mark == Volatile.Read(ref _erasureMark)) return;
        var completed = await ErasedStreams.ReadCompletedAsync(session, ct);
        lock (_erasuresSeen)
        {
            Forget(completed.Where(e => _erasuresSeen.Add(e.Erasure)).SelectMany(e => e.Streams));
            Volatile.Write(ref _erasureMark, mark);
        }
    }

    /// <summary>Forgets the timelines of streams whose events were masked: the next read reads them whole.</summary>
    public void Forget(IEnumerable<Guid> streams)
    {
        foreach (var id in streams)
        {
            _erased.AddOrUpdate(id, 1, (_, n) => n + 1);
            _timelines.TryRemove(id, out _);
            _others.TryRemove(id, out _);
        }
    }
}
