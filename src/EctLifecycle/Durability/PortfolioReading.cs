using EctLifecycle.Timelines;
using EctLifecycle.Actors;
using EctLifecycle.Analytics;
using EctLifecycle.Communes;
using EctLifecycle.Network;
using EctLifecycle.Persistence;
using EctLifecycle.Projects;
using EctLifecycle.ScoreHistory;
using EctLifecycle.Typology;
using Marten;

namespace EctLifecycle.Durability;

/// <summary>
/// The portfolio report with every section, as the route, the command and their files give it: the durability itself,
/// the actors who went on elsewhere, and the network, the territory and the typology at the report's date (issues 18
/// and 19), each under its own settings.
/// </summary>
public sealed class PortfolioReading(
    PersistenceRules persistence, IActorIdentities identities, NetworkSettings network, TypologySettings typology, Territory territory,
    PortfolioComputations computations)
{
    /// <summary>The report, once its turn among the instance's portfolio-wide computations has come (<see cref="PortfolioComputations"/>).</summary>
    public Task<PortfolioReport> ReadAsync(IQuerySession session, AnalyticsParameters p, CancellationToken ct) =>
        computations.RunAsync(() => ComputeAsync(session, p, ct), ct);

    private async Task<PortfolioReport> ComputeAsync(IQuerySession session, AnalyticsParameters p, CancellationToken ct)
    {
        // The network folds every timeline (as known at the recording date): read once, with the history when that is folded
        // too; not at all when the portfolio is larger than the network's setting allows (nor then drawn).
        var projects = await session.Query<ProjectStints>().CountAsync(ct);
        var leftOut = projects > network.ReportUpToProjects;
        IReadOnlyList<ProjectTimeline>? timelines = null;
        if (!leftOut)
        {
            var all = await session.LoadAllTimelinesAsync(ct);
            timelines = p.RecordedBy is { } by ? all.Select(t => t.KnownAt(by)).Where(t => t.Registration is not null).ToList() : all;
        }
        var history = p.RecordedBy is null || timelines is null ? await PortfolioHistory.LoadAsync(session, p, ct) : PortfolioHistory.Of(timelines);
        // The periods at the date, read once for the report and its territory and typology.
        var snapshots = await history.AtAsync(p.AsOf, p.Grid, ct);
        // The actors who went on read the stints of the projects that may share an actor, through a session of their own,
        // and the typology's clustering needs the periods at the date alone: both on the app's other core while the rest is read.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var actorsRead = ActorsWentOnAsync(session.DocumentStore, p, identities, cancel.Token);
        var typologyRead = Task.Run(() => ProjectTypology.Of(snapshots, p, typology), cancel.Token);
        var read = await Alongside.RunAsync(cancel, async () =>
        {
            var (computed, stoppedPeriods) = await PortfolioReport.WithEvesAsync(history, p, ct, persistence, snapshots);
            var report = computed with { ActorsWentOn = await actorsRead };
            var drawn = timelines is null ? null
                : await ActorNetwork.OfAsync(timelines, history, await identities.ReadAsync(p.RecordedBy, ct), p, network, ct, yearEndBetweenness: false);
            return await WithSectionsAsync(report, history, p, drawn, territory, typology, stoppedPeriods, ct, snapshots, typologyRead);
        }, actorsRead, typologyRead);
        return leftOut ? read with { NetworkLeftOut = NetworkSection.LeftOut(projects, network) } : read;
    }

    private static async Task<IReadOnlyList<ActorWentOn>> ActorsWentOnAsync(
        IDocumentStore store, AnalyticsParameters p, IActorIdentities identities, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await ActorsAfterStop.OfAsync(session, p, identities, ct);
    }

    /// <summary>
    /// The network, territory and typology sections added to a report read from <paramref name="history"/>;
    /// <paramref name="stoppedPeriods"/>: the stopped projects' whole score periods (those holding the day before each stop at
    /// least); <paramref name="typologyRead"/>: the typology of <paramref name="snapshots"/>, when the caller started it.
    /// </summary>
    public static async Task<PortfolioReport> WithSectionsAsync(
        PortfolioReport report, PortfolioHistory history, AnalyticsParameters p, ActorNetwork? network, Territory territory,
        TypologySettings typology, IReadOnlyList<ScorePeriod> stoppedPeriods, CancellationToken ct = default,
        IReadOnlyList<ScorePeriod>? snapshots = null, Task<ProjectTypology>? typologyRead = null)
    {
        snapshots ??= await history.AtAsync(p.AsOf, p.Grid, ct);
        var byProject = stoppedPeriods.ToLookup(x => x.ProjectId);
        var eves = report.Stopped.Select(s => byProject[s.Id].FirstOrDefault(x => x.HoldsAt(s.StoppedOn.AddDays(-1))))
            .OfType<ScorePeriod>().ToList();
        return report with
        {
            Network = network is null ? null : NetworkSection.Of(network),
            Territory = TerritorySection.Of(snapshots, territory),
            Typology = TypologySection.Of(typologyRead is null ? ProjectTypology.Of(snapshots, p, typology) : await typologyRead, snapshots, report.Stopped, eves),
        };
    }
}
