using EctLifecycle.Timelines;
using EctLifecycle.EventStore;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using Marten;
using Npgsql;

namespace EctLifecycle.ScoreHistory;

/// <summary>
/// The score history of what an import writes. The import copies its events below Marten's append, so the inline
/// projection does not see them: the import stores the periods of the projects of each batch itself, in its own
/// transaction (all or nothing with the events), and their stints (<see cref="ProjectStints"/>), folded from the timelines it already has: the stored timeline of a
/// project it appends to, followed by the events it writes.
/// </summary>
public sealed class ImportedPeriods(IDocumentStore store, IEventRows rows, IScorePeriodRows periodRows, GridCatalog grids, IReadOnlyDictionary<Guid, ProjectTimeline> stored)
{
    /// <summary>
    /// Replaces the periods of a batch's projects, once its events are copied (in the import's transaction), and returns
    /// their timelines as stored now: <paramref name="eventIds"/> are the copied events' ids, in the order of the batch's
    /// projects and their events, recorded at <paramref name="recordedAt"/>.
    /// </summary>
    public async Task<IReadOnlyList<ProjectTimeline>> WriteAsync(
        NpgsqlTransaction transaction, IReadOnlyCollection<IStreamAppend> projects, Guid[] eventIds, DateTimeOffset recordedAt, CancellationToken ct)
    {
        if (projects.Count == 0) return [];
        var firstSequences = await periodRows.FirstSequencesAsync(transaction, [.. projects.Select(p => p.Id)], ct);
        var periods = new List<ScorePeriod>();
        var stints = new List<ProjectStints>(projects.Count);
        var timelines = new List<ProjectTimeline>(projects.Count);
        var copied = 0;
        foreach (var project in projects)
        {
            var before = project.CurrentVersion == 0 ? [] : stored.TryGetValue(project.Id, out var timeline)
                ? timeline.Entries : await StoredAsync(project, ct);
            var at = copied;
            var entries = before.Concat(project.Events.Select((e, i) =>
                new TimelineEntry(eventIds[at + i], project.CurrentVersion + i + 1, recordedAt, e)));
            copied += project.Events.Count;
            var after = new ProjectTimeline(entries, project.CurrentVersion + project.Events.Count);
            timelines.Add(after);
            periods.AddRange(ScorePeriods.Of(after, grids.All, firstSequences.GetValueOrDefault(project.Id)));
            if (ProjectStints.Of(after) is { } of) stints.Add(of);
        }
        await periodRows.CopyAsync(transaction, [.. projects.Where(p => p.CurrentVersion > 0).Select(p => p.Id)], periods, ct);
        await periodRows.UpsertStintsAsync(transaction, stints, ct);
        return timelines;
    }

    /// <summary>
    /// The stored events of a project appended to whose timeline the import was not given: as committed, which is the
    /// version the import locked the stream at.
    /// </summary>
    private async Task<IReadOnlyList<TimelineEntry>> StoredAsync(IStreamAppend project, CancellationToken ct)
    {
        var streams = await rows.ReadStreamsAsync([project.Id], TimelineStore.Of(store).Skipped, ct);
        return streams.SingleOrDefault()?.Entries.Where(e => e.Version <= project.CurrentVersion).ToList() ?? [];
    }
}
