using EctLifecycle.Timelines;
using EctLifecycle.EventStore;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace EctLifecycle.ScoreHistory;

/// <summary>
/// The score history: for each project stream the events touch, its whole timeline folded again in business order and its
/// <see cref="ScorePeriod"/> documents replaced (every grid of the catalog), since a late milestone or a retraction rewrites
/// periods anywhere in the project's past, not only after its last one. Registered <b>inline</b>: the periods are written in
/// the transaction that appends the events, so a portfolio read right after a write sees it (read-your-writes) with no
/// wait for a daemon, and two instances never show different portfolios. The same projection runs in Marten's daemon for a
/// rebuild (<c>projections rebuild</c>, the admin route), where the events it is given are already stored.
/// </summary>
public sealed class ScoreHistoryProjection(GridCatalog grids, Func<IEventRows> rows, Func<IScorePeriodRows> periodRows) : IProjection
{
    /// <summary>The projection's name, as <c>projections list</c> and <c>projections rebuild -p</c> know it.</summary>
    public const string Name = "ScoreHistory";

    public GridCatalog Grids { get; } = grids;

    // Found when the projection first runs (the rows are built from the store this projection is part of).
    private IScorePeriodRows PeriodRows => _periodRows ??= periodRows();
    private IScorePeriodRows? _periodRows;

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var touched = events.Where(e => e.Data is IProjectEvent).GroupBy(e => e.StreamId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<IEvent>)g.ToList());
        if (touched.Count == 0) return;
        var kept = TimelineStore.Of(operations.DocumentStore);
        var toRead = new List<Guid>();
        foreach (var (id, pending) in touched)
        {
            // A write (its events not stored yet, so without a sequence): the stream is new, or the timeline kept in memory is
            // the stored one just before the pending events (the write appended after its version, which the store refuses if
            // the stream moved: then nothing is written). A rebuild's events are stored: read below, every period rewritten.
            if (pending[0].Sequence > 0) toRead.Add(id);
            else if (pending[0].Version == 1 && pending[0].Data is ProjectRegistered)
                Replace(operations, id, Timeline([], pending, 0), 0, registered: true, since: null);
            else if (kept.Kept(id) is { } known && pending[0].Version == known.Version + 1)
            {
                if (pending.All(e => ScorePeriods.ChangesNoPeriod((IProjectEvent)e.Data, known))) continue;
                // The write's own timeline when it made one (folded once, from the day of the change: see ProjectTimeline.WithAppended).
                var after = (pending.Count == 1 ? kept.WrittenWith((IProjectEvent)pending[0].Data, pending[0].Version) : null)
                    ?? Timeline(known.Entries, pending, known.Version);
                // A change that moves an alignment anchor (an earlier first end of the hub's support, its retraction…) moves its
                // anniversaries in periods before the change too (ScorePeriod.Anniversaries): then every period is rewritten.
                var since = ChangedFrom(known, pending) is { } changed && SameAlignmentAnchors(known, after) ? changed : (DateOnly?)null;
                // The sequence of the stream's first event is not kept with the timeline: read into the rewritten periods.
                Replace(operations, id, after, 0, registered: true, since: since);
            }
            else toRead.Add(id);
        }
        if (toRead.Count > 0) await ReadAndReplaceAsync(operations, toRead, touched, ct);
    }

    /// <summary>
    /// Folds the named projects again from their stored events and replaces all their periods, in the unit of work of
    /// <paramref name="operations"/>: after their events were masked in place (an erasure), which no append announces.
    /// </summary>
    public Task ReprojectAsync(IDocumentOperations operations, IReadOnlyCollection<Guid> projects, CancellationToken ct) =>
        projects.Count == 0 ? Task.CompletedTask : ReadAndReplaceAsync(operations, [.. projects], new Dictionary<Guid, IReadOnlyList<IEvent>>(), ct);

    private async Task ReadAndReplaceAsync(IDocumentOperations operations, List<Guid> toRead, Dictionary<Guid, IReadOnlyList<IEvent>> touched, CancellationToken ct)
    {
        // The stored events of the others, in one query: a write whose timeline was not kept, a page of a rebuild (whose
        // events are stored already: each is counted once, by its id), masked streams. Read as the app reads every stream,
        // skipping the rows that are no project event this version knows (Marten's own read throws on those).
        var stored = (await rows().ReadStreamsAsync(toRead, TimelineStore.Of(operations.DocumentStore).Skipped, ct)).ToDictionary(s => s.Id);
        foreach (var id in toRead)
        {
            var before = stored.GetValueOrDefault(id);
            var storedIds = before?.Entries.Select(e => e.EventId).ToHashSet() ?? [];
            var given = touched.GetValueOrDefault(id) ?? [];
            var pending = given.Where(e => !storedIds.Contains(e.Id)).ToList();
            // A page of a rebuild that does not reach the stream's last event: the page that does folds it whole.
            if (given.Count > 0 && pending.Count == 0 && before is not null && before.Version > given[^1].Version) continue;
            Replace(operations, id, Timeline(before?.Entries ?? [], pending, before?.Version ?? 0), before?.FirstSequence ?? 0,
                registered: before is null, since: null);
        }
    }

    /// <summary>
    /// The stored entries with the pending events appended after <paramref name="storedVersion"/>. A pending event's version
    /// is the one the session gave it, or (when the append mode leaves it to the server) the next after the stored ones.
    /// </summary>
    private static ProjectTimeline Timeline(IEnumerable<TimelineEntry> stored, IReadOnlyList<IEvent> pending, long storedVersion)
    {
        var entries = stored.ToList();
        var next = storedVersion;
        foreach (var e in pending)
        {
            next = e.Version > 0 ? e.Version : next + 1;
            entries.Add(new TimelineEntry(e.Id, next, e.Timestamp, (IProjectEvent)e.Data));
        }
        return new ProjectTimeline(entries, next);
    }

    /// <summary>
    /// The first business date the pending events can change: the earliest of their dates, or of the milestones they retract;
    /// null (everything) when a retraction names a milestone the timeline does not hold.
    /// </summary>
    private static DateOnly? ChangedFrom(ProjectTimeline stored, IReadOnlyList<IEvent> pending)
    {
        var earliest = DateOnly.MaxValue;
        foreach (var e in pending)
        {
            if (stored.FirstDateChangedBy((IProjectEvent)e.Data) is not { } d) return null;
            if (d < earliest) earliest = d;
        }
        return earliest;
    }

    private static bool SameAlignmentAnchors(ProjectTimeline before, ProjectTimeline after) =>
        ScorePeriods.AlignmentAnchors(before) is { } a && ScorePeriods.AlignmentAnchors(after) is { } b && a.AsSpan().SequenceEqual(b);

    /// <summary>
    /// Replaces the project's periods with those of its timeline now, and stores its stints (<see cref="ProjectStints"/>): all of them (every grid, a grid gone included) when
    /// <paramref name="since"/> is null, else only those the change can have touched (<see cref="ScorePeriods.Since"/>): a
    /// milestone logged today rewrites the last period or two, not the project's whole past.
    /// </summary>
    private void Replace(IDocumentOperations operations, Guid id, ProjectTimeline timeline, long firstSequence, bool registered, DateOnly? since)
    {
        var rewritten = ScorePeriods.Since(timeline, Grids.All, firstSequence, since);
        // The stints first: their upsert locks the project's row of the stints' table until the commit, so that two transactions
        // rewriting the project's periods at once (a rebuild's page beside a write, two instances rebuilding, an erasure) take
        // turns, and the second's delete sees the rows the first inserted instead of colliding with them (ConcurrentRewrites).
        if (ProjectStints.Of(timeline) is { } stints) operations.Store(stints);
        // Every grid's periods, a grid gone included, when the whole history is rewritten.
        if (since is null) operations.DeleteWhere<ScorePeriod>(p => p.ProjectId == id);
        foreach (var grid in rewritten)
            // Two statements per grid, whatever the number of periods: see MartenScorePeriodRows.QueueReplace.
            PeriodRows.QueueReplace(operations, id, grid.Grid.Version, grid.From, grid.Rows, readSequence: registered);
    }

}
