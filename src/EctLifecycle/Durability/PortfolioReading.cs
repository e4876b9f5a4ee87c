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
    PersistenceRules persistence, IActorIdentities identities, NetworkSettings network, TypologySettings typology, Territory territory)
{
    public async Task<PortfolioReport> ReadAsync(IQuerySession session, AnalyticsParameters p, CancellationToken ct)
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
            var report = await PortfolioReport.OfAsync(history, p, ct, persistence, snapshots) with { ActorsWentOn = await actorsRead };
            var stoppedPeriods = await EvesAsync(session, history, report, p, ct);
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
    /// The whole period of each stopped project holding the day before its stop (the typology reads more of it than the
    /// history's light rows carry): one per project, found by PostgreSQL; as known at a recording date, from the history
    /// folded then.
    /// </summary>
    private static async Task<IReadOnlyList<ScorePeriod>> EvesAsync(
        IQuerySession session, PortfolioHistory history, PortfolioReport report, AnalyticsParameters p, CancellationToken ct)
    {
        var ids = report.Stopped.Select(s => s.Id).ToArray();
        if (p.RecordedBy is not null || ids.Length == 0) return await history.OfProjectsAsync(p.Grid, ids, p.AsOf, ct);
        var eves = report.Stopped.Select(s => s.StoppedOn.AddDays(-1)).ToArray();
        // The periods' ids found first, each project's in the covering index of (project, grid) alone, then their documents by
        // id: with an "exists" on the pairs, PostgreSQL read the whole table (at M, a sequential scan of 1.2 s for 1,990
        // periods), and with the ids read from the rows, every period of each project (0.7 s).
        var periods = session.DocumentStore.Options.Schema.For<ScorePeriod>();
        return await session.QueryAsync<ScorePeriod>(
            $"where id = any(array(select {ScorePeriod.IdSql("x")} from unnest(?::uuid[], ?::date[]) as w(id, eve) join {periods} x on x.project_id = w.id " +
            "and x.grid = ? and x.\"from\" <= w.eve and (x.\"to\" is null or x.\"to\" > w.eve)))", ct, ids, eves, p.Grid.Version);
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
