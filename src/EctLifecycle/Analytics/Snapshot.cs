using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using Marten;

namespace EctLifecycle.Analytics;

/// <summary>One project at one business date: its state, its indicators and its score card under a grid.</summary>
public sealed record Snapshot(ProjectTimeline Timeline, ProjectState State, Indicators Indicators, ScoreCard Card)
{
    public static Snapshot Of(ProjectTimeline timeline, ProjectState state, Grid grid)
    {
        var indicators = Indicators.Of(state);
        return new Snapshot(timeline, state, indicators, Scorer.Score(grid, state, indicators));
    }

    public string Key => ProjectKey.Of((ProjectRegistered)Timeline.Registration!.Event);
    public double Pillar(string id) => Card.PillarMean(id);
    public double Resilience => Card.PillarMean(Pillars.Resilience);
}

public static class Pillars
{
    public const string Resilience = "territorial-resilience";
}

/// <summary>The portfolio's histories, as recorded (or as they stood at a recording date), ready to be folded.</summary>
public sealed class PortfolioHistory(IReadOnlyList<ProjectTimeline> timelines)
{
    public IReadOnlyList<ProjectTimeline> Timelines { get; } = timelines;

    public static async Task<PortfolioHistory> LoadAsync(IQuerySession session, AnalyticsParameters p, CancellationToken ct)
    {
        var all = await session.LoadAllTimelinesAsync(ct);
        return new PortfolioHistory(p.RecordedBy is { } by
            ? all.Select(t => t.KnownAt(by)).Where(t => t.Registration is not null).ToList()
            : all);
    }

    // Projects fold independently: spread over the cores, in the portfolio's order.
    public IReadOnlyList<Snapshot> At(DateOnly date, Grid grid) =>
        Timelines.AsParallel().AsOrdered().Select(t => t.StateAsOf(date) is { } s ? Snapshot.Of(t, s, grid) : null)
            .OfType<Snapshot>().ToList();
}
