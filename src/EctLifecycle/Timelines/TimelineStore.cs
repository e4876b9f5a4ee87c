using EctLifecycle.Http;
using EctLifecycle.Projects;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using EctLifecycle.EventStore;
using Marten;

namespace EctLifecycle.Timelines;

/// <summary>
/// The timelines of the projects last used, kept in memory between requests, at most <see cref="Capacity"/> of them (the
/// least recently used is forgotten first): the read model behind writes and single-project reads. Questions about every
/// project read the timelines chunk by chunk from the event store instead (<see cref="EachAsync"/>), and keep none, so that
/// the app's memory does not grow with the portfolio. What is kept is exact, never stale: each read asks the event store
/// for the stream's version and new events (one round trip) and reads it whole again when it went back (a wiped database).
/// Events are immutable and streams append-only, so a timeline at the store's version is the stored timeline, with one
/// exception: an RGPD erasure masks events in place without moving the version, so every read also asks for the mark of
/// the completed erasures, in the same round trip, and forgets the streams of any new one. Several app instances each
/// keep their own, each as exact. (It relies on a stream id never being reused for another history after a wipe: the
/// app's ids are new version-7 Guids. If one were, the administrators' rebuild route forgets everything kept.)
/// </summary>
public sealed class TimelineStore(IEventRows rows, int capacity)
{
    /// <summary>The default of <c>ReadModel:CachedProjects</c>.</summary>
    public const int DefaultCapacity = 10_000;

    /// <summary>Streams per chunk of a read of every project.</summary>
    public const int StreamsPerChunk = 2_000;

    // A timeline kept and when it was last used (a tick of _clock).
    private sealed class Cached(ProjectTimeline timeline)
    {
        public ProjectTimeline Timeline { get; } = timeline;
        public long Used;
    }

    // One per document store (the app has one; each test host has its own), found from any of its sessions, built from
    // the services of the host that configured the store (StoreServices).
    private static readonly ConditionalWeakTable<IDocumentStore, TimelineStore> Stores = new();

    private readonly ConcurrentDictionary<Guid, Cached> _timelines = new();
    private long _clock;
    private readonly Lock _evicting = new();

    // The mark of the completed erasures last seen, the erasures seen, and how many times each stream was masked.
    private ErasureMark? _erasureMark;
    private readonly HashSet<Guid> _erasuresSeen = [];
    private readonly ConcurrentDictionary<Guid, long> _erased = new();
    private long _forgets;

    public static TimelineStore Of(IDocumentStore store) => Stores.GetValue(store, s => new TimelineStore(s.EventRows(),
        StoreServices.Of(s)?.GetRequiredService<IConfiguration>().GetValue("ReadModel:CachedProjects", DefaultCapacity) ?? DefaultCapacity));

    /// <summary>How many projects are kept at most.</summary>
    public int Capacity { get; } = Math.Max(1, capacity);

    public int Count => _timelines.Count;

    /// <summary>The rows of the event store skipped as no project event, by kind (each kind logged once).</summary>
    public SkippedRows Skipped { get; } = new();

    /// <summary>One project's timeline, or null when there is no such project: one round trip for its version and new events.</summary>
    public async Task<ProjectTimeline?> LoadAsync(Guid id, CancellationToken ct)
    {
        var erasures = ErasuresOf(id);
        _timelines.TryGetValue(id, out var cached);
        var after = cached?.Timeline.Version ?? 0;
        var (stored, mark) = await rows.ReadStreamAsync(id, after, Skipped, ct);
        await ForgetErasedAsync(mark, ct);
        // An erasure masked its events meanwhile: the timeline kept, or what was read before the erasure was seen, may still
        // name the person. Read again (it is forgotten now): whole, and after the erasure.
        if (ErasuresOf(id) != erasures) return await LoadAsync(id, ct);
        if (stored is null || (cached is null && !stored.IsProject))
        {
            _timelines.TryRemove(id, out _);
            return null;
        }
        if (cached is not null && stored.Version == after && stored.Entries.Count == 0)
        {
            Touch(cached);
            return cached.Timeline;
        }
        if (cached is not null && stored.Version > after)
            return Keep(id, new ProjectTimeline(cached.Timeline.Entries.Concat(stored.Entries), stored.Version), erasures);
        if (cached is null) return Keep(id, new ProjectTimeline(stored.Entries, stored.Version), erasures);

        // The stream went back or was replaced since it was kept: read it whole.
        var (all, _) = await rows.ReadStreamAsync(id, 0, Skipped, ct);
        if (all is not { IsProject: true }) { _timelines.TryRemove(id, out _); return null; }
        return Keep(id, new ProjectTimeline(all.Entries, all.Version), erasures, replace: true);
    }

    /// <summary>
    /// The timeline kept for <paramref name="id"/>, without asking the store whether it moved since: only for a write that
    /// appends at the version after it, which the event store refuses if the stream moved (the write then reads it again).
    /// </summary>
    public ProjectTimeline? Kept(Guid id)
    {
        if (!_timelines.TryGetValue(id, out var cached)) return null;
        Touch(cached);
        return cached.Timeline;
    }

    /// <summary>
    /// Keeps <paramref name="appended"/> (<paramref name="basis"/> with the write's event, made by the write: see
    /// <see cref="Writing"/>, its fold and scores kept with it), once the append is committed: the next write on the
    /// project starts from it without reading the stream again. Nothing changes if another timeline of
    /// the stream has been kept meanwhile (a newer one, or one read again), or if it was forgotten.
    /// </summary>
    public void Appended(Guid id, ProjectTimeline basis, ProjectTimeline appended)
    {
        if (!_timelines.TryGetValue(id, out var cached) || cached.Timeline.Version != basis.Version) return;
        // A basis kept before an erasure may name the person that the timeline read again since no longer names.
        if (ErasuresOf(id) > 0 && !ReferenceEquals(cached.Timeline, basis)) return;
        var next = new Cached(appended) { Used = Interlocked.Increment(ref _clock) };
        _timelines.TryUpdate(id, next, cached);
    }

    // The timeline each write in progress will make, by the very event it appends (weakly: a write that fails leaves nothing).
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IProjectEvent, ProjectTimeline> _writing = new();

    /// <summary>
    /// Says that the write appending <paramref name="appended"/> makes <paramref name="timeline"/> (its basis with that event
    /// last): the inline projections of its unit of work fold that timeline, and the fold is kept with it after the commit,
    /// rather than each making and folding its own.
    /// </summary>
    public void Writing(IProjectEvent appended, ProjectTimeline timeline) => _writing.AddOrUpdate(appended, timeline);

    /// <summary>The timeline a write in progress makes by appending <paramref name="appended"/> at <paramref name="version"/>, if it said so.</summary>
    public ProjectTimeline? WrittenWith(IProjectEvent appended, long version) =>
        _writing.TryGetValue(appended, out var timeline) && timeline.Version == version && ReferenceEquals(timeline.Entries[^1].Event, appended)
            ? timeline : null;

    /// <summary>
    /// Every project's timeline, in the order the projects were registered, read from the event store a chunk at a time:
    /// none is kept, so that a question about every project holds one chunk, not the portfolio.
    /// </summary>
    public async IAsyncEnumerable<ProjectTimeline> EachAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var chunk in rows.ReadProjectsAsync(StreamsPerChunk, Skipped, ct))
            foreach (var stream in chunk)
                yield return new ProjectTimeline(stream.Entries, stream.Version);
    }

    /// <summary>
    /// The timelines of the projects named (those that exist), a chunk of streams per round trip: those kept brought up to
    /// the store's version (only their new events read, as <see cref="LoadAsync"/> does for one), the others read whole and
    /// kept only into the room the store has, as the least recently used: a report's thousands of projects never make the
    /// store forget a timeline, and are the first forgotten when the writes need the room. A report's read does not count
    /// as a use of those already kept either.
    /// </summary>
    public async Task<IReadOnlyList<ProjectTimeline>> ReadManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var timelines = new List<ProjectTimeline>(ids.Count);
        foreach (var chunk in ids.Distinct().Chunk(StreamsPerChunk)) await ReadChunkAsync(chunk, timelines, again: false, ct);
        return timelines;
    }

    /// <param name="again">The streams are read whole again (one that went back, or was erased, since it was kept): what is
    /// read replaces whatever another request kept meanwhile.</param>
    private async Task ReadChunkAsync(IReadOnlyList<Guid> chunk, List<ProjectTimeline> timelines, bool again, CancellationToken ct)
    {
        // The erasures' count before the timeline kept, as LoadAsync reads them: an erasure's Forget moves the count, then
        // removes the timeline.
        var known = chunk.Select(id => (Id: id, Erasures: ErasuresOf(id))).Select(x => (x.Id, Cached: _timelines.GetValueOrDefault(x.Id), x.Erasures)).ToList();
        var (stored, mark) = await rows.ReadStreamsAfterAsync([.. known.Select(x => (x.Id, x.Cached?.Timeline.Version ?? 0))], Skipped, ct);
        await ForgetErasedAsync(mark, ct);
        var byId = stored.ToDictionary(x => x.Id);
        var readAgain = new List<Guid>();
        var room = Capacity - _timelines.Count;
        foreach (var (id, cached, erasures) in known)
        {
            var after = cached?.Timeline.Version ?? 0;
            // An erasure masked its events meanwhile (what was read may name the person), or the stream went back since it was
            // kept: read whole again, below.
            if (ErasuresOf(id) != erasures || (byId.TryGetValue(id, out var read) && read.Version < after))
            {
                _timelines.TryRemove(id, out _);
                readAgain.Add(id);
                continue;
            }
            if (read is null || (cached is null && !read.IsProject))
            {
                if (cached is not null) _timelines.TryRemove(id, out _);
                continue;
            }
            if (cached is not null && read.Version == after && read.Entries.Count == 0)
            {
                timelines.Add(cached.Timeline);
                continue;
            }
            var timeline = cached is null ? new ProjectTimeline(read.Entries, read.Version)
                : new ProjectTimeline(cached.Timeline.Entries.Concat(read.Entries), read.Version);
            if (cached is null && room-- <= 0 && !again) timelines.Add(timeline);
            else timelines.Add(Keep(id, timeline, erasures, replace: again, used: cached is null ? 0 : Volatile.Read(ref cached.Used)));
        }
        if (readAgain.Count > 0) await ReadChunkAsync(readAgain, timelines, again: true, ct);
    }

    /// <summary>
    /// One page of <see cref="EachAsync"/>: the timelines of the projects registered after the sequence
    /// <paramref name="after"/> (0: from the first), about <paramref name="projects"/> of them, none kept, and where the next
    /// page starts (null after the last): a sweep of every project that goes on from message to message.
    /// </summary>
    public async Task<(IReadOnlyList<ProjectTimeline> Timelines, long? Next)> PageAsync(long after, int projects, CancellationToken ct)
    {
        var page = await rows.ReadProjectsPageAsync(after, projects, Skipped, ct);
        return ([.. page.Projects.Select(s => new ProjectTimeline(s.Entries, s.Version))], page.Next);
    }

    /// <summary>Every project's timeline in a list, read as <see cref="EachAsync"/> does (for the reads that still need them all at once).</summary>
    public async Task<IReadOnlyList<ProjectTimeline>> LoadAllAsync(CancellationToken ct)
    {
        var all = new List<ProjectTimeline>();
        await foreach (var timeline in EachAsync(ct)) all.Add(timeline);
        return all;
    }

    /// <summary>The default of <c>ReadModel:WarmUpProjects</c>.</summary>
    public const int DefaultWarmUp = StreamsPerChunk;

    /// <summary>
    /// Keeps the timelines of the first projects read (in registration order), one chunk of streams at a time, until
    /// <paramref name="most"/> are kept or as many as it may keep: the start-up's warm-up. Returns the projects and events read.
    /// </summary>
    public async Task<(int Projects, int Events)> WarmUpAsync(int most, CancellationToken ct)
    {
        most = Math.Min(most, Capacity);
        // The erasures' mark first: a stream masked after it is read is forgotten by the next read that sees the mark move.
        var (_, mark) = await rows.ReadVersionsAsync(ct);
        await ForgetErasedAsync(mark, ct);
        var (projects, events) = (0, 0);
        await using var chunks = rows.ReadProjectsAsync(StreamsPerChunk, Skipped, ct).GetAsyncEnumerator(ct);
        while (_timelines.Count < most)
        {
            // A chunk read while an erasure was being forgotten may name the person: read, not kept.
            var forgets = Interlocked.Read(ref _forgets);
            if (!await chunks.MoveNextAsync()) break;
            var keep = Interlocked.Read(ref _forgets) == forgets;
            foreach (var stream in chunks.Current)
            {
                projects++;
                events += stream.Entries.Count;
                if (keep && _timelines.Count < most && !_timelines.ContainsKey(stream.Id))
                    Keep(stream.Id, new ProjectTimeline(stream.Entries, stream.Version), ErasuresOf(stream.Id));
            }
        }
        return (projects, events);
    }

    /// <summary>How many projects the event store holds (one query, no event read).</summary>
    public Task<int> CountProjectsAsync(CancellationToken ct) => rows.CountProjectsAsync(ct);

    /// <summary>Forgets every timeline kept and reads every project's events again: the read model's rebuild.</summary>
    public async Task<(int Projects, int Events)> RebuildAsync(CancellationToken ct)
    {
        _timelines.Clear();
        var (projects, events) = (0, 0);
        await foreach (var timeline in EachAsync(ct))
        {
            projects++;
            events += timeline.Entries.Count;
        }
        return (projects, events);
    }

    /// <summary>
    /// Keeps the newer of two timelines of a stream (concurrent requests may bring them in any order). One read before an
    /// erasure that another request has seen since (the stream's count of <paramref name="erasures"/> moved) may still
    /// name the person: it answers the request that read it, but is not kept.
    /// </summary>
    /// <param name="used">When it was last used, if not now (a report's read: see <see cref="ReadManyAsync"/>).</param>
    private ProjectTimeline Keep(Guid id, ProjectTimeline timeline, long erasures, bool replace = false, long? used = null)
    {
        var next = new Cached(timeline) { Used = used ?? Interlocked.Increment(ref _clock) };
        var kept = _timelines.AddOrUpdate(id, next, (_, old) => replace || next.Timeline.Version >= old.Timeline.Version ? next : old).Timeline;
        if (ErasuresOf(id) != erasures) _timelines.TryRemove(id, out _);
        if (_timelines.Count > Capacity) Evict();
        return kept;
    }

    private void Touch(Cached cached) => Volatile.Write(ref cached.Used, Interlocked.Increment(ref _clock));

    /// <summary>
    /// Forgets the least recently used timelines: a tenth of the capacity below it at once, so that the sort is paid once
    /// per that many new timelines rather than at each one.
    /// </summary>
    private void Evict()
    {
        lock (_evicting)
        {
            var over = _timelines.Count - Capacity;
            if (over <= 0) return;
            foreach (var old in _timelines.ToArray().OrderBy(t => Volatile.Read(ref t.Value.Used)).Take(over + Capacity / 10).ToList())
                _timelines.TryRemove(old);
        }
    }

    /// <summary>How many times an erasure has masked the stream's events since the app started.</summary>
    private long ErasuresOf(Guid id) => _erased.IsEmpty ? 0 : _erased.GetValueOrDefault(id);

    /// <summary>
    /// When the mark of the completed erasures has moved since last seen, forgets the timelines of the streams that the
    /// erasures not seen yet have masked. The mark is moved last: a request that reads it moved knows they are forgotten.
    /// </summary>
    private async Task ForgetErasedAsync(ErasureMark mark, CancellationToken ct)
    {
        if (mark == Volatile.Read(ref _erasureMark)) return;
        var completed = await rows.ReadCompletedErasuresAsync(ct);
        lock (_erasuresSeen)
        {
            Forget(completed.Where(e => _erasuresSeen.Add(e.Erasure)).SelectMany(e => e.Streams));
            Volatile.Write(ref _erasureMark, mark);
        }
    }

    /// <summary>Forgets the timelines of streams whose events were masked: the next read reads them whole.</summary>
    public void Forget(IEnumerable<Guid> streams)
    {
        Interlocked.Increment(ref _forgets);
        foreach (var id in streams)
        {
            _erased.AddOrUpdate(id, 1, (_, n) => n + 1);
            _timelines.TryRemove(id, out _);
        }
    }
}
