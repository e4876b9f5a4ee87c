using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.ScoreHistory;
using Marten;

namespace EctLifecycle.Analytics;

/// <summary>
/// The score history as the projection stores it: each question is one or two SQL queries on the periods' own columns
/// (grid, "from", "to", registration_sequence, indexed by <see cref="ScoreHistorySchema"/>), and the detail of the few
/// projects a question needs is read from their timelines one by one.
/// </summary>
internal sealed class StoredHistory(IQuerySession session) : PortfolioHistory
{
    public override async Task<IReadOnlyList<ScorePeriod>> AtAsync(DateOnly date, Grid grid, CancellationToken ct = default) =>
        await session.Query<ScorePeriod>()
            .Where(x => x.Grid == grid.Version && x.From <= date && (x.To == null || x.To > date))
            .OrderBy(x => x.RegistrationSequence)
            .ToListAsync(ct);

    // Only what the drifts and the watch list's peaks read of each period, built in SQL: a range holds many periods per project.
    private static readonly System.Linq.Expressions.Expression<Func<ScorePeriod, ScorePeriod>> ScoreAndPillars =
        x => new ScorePeriod { ProjectId = x.ProjectId, From = x.From, To = x.To, Score = x.Score, Pillars = x.Pillars };

    public override async Task<IReadOnlyList<ScorePeriod>> OverlappingAsync(Grid grid, DateOnly from, DateOnly to, CancellationToken ct = default) =>
        await session.Query<ScorePeriod>()
            .Where(x => x.Grid == grid.Version && x.From <= to && (x.To == null || x.To > from))
            .OrderBy(x => x.RegistrationSequence).ThenBy(x => x.From)
            .Select(ScoreAndPillars)
            .ToListAsync(ct);

    public override async Task<IReadOnlyList<ScorePeriod>> OfProjectsAsync(Grid grid, IReadOnlyCollection<Guid> ids, DateOnly until, CancellationToken ct = default)
    {
        var wanted = ids.ToArray();
        return await session.Query<ScorePeriod>()
            .Where(x => x.Grid == grid.Version && x.ProjectId.IsOneOf(wanted) && x.From <= until)
            .OrderBy(x => x.RegistrationSequence).ThenBy(x => x.From)
            .Select(ScoreAndPillars)
            .ToListAsync(ct);
    }

    public override Task<ProjectTimeline?> TimelineAsync(Guid id, CancellationToken ct = default) => session.LoadTimelineAsync(id, ct);
}
