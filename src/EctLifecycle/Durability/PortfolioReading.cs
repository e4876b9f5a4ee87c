using EctLifecycle.Actors;
using EctLifecycle.Analytics;
using EctLifecycle.Communes;
using EctLifecycle.Network;
using EctLifecycle.Persistence;
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
        var history = await PortfolioHistory.LoadAsync(session, p, ct);
        var report = await PortfolioReport.OfAsync(history, p, ct, persistence) with
        {
            ActorsWentOn = await ActorsAfterStop.OfAsync(session, p, identities, ct),
        };
        return await WithSectionsAsync(report, history, p, await ActorNetwork.OfAsync(session, p, identities, network, ct), territory, typology, ct);
    }

    /// <summary>The network, territory and typology sections added to a report read from <paramref name="history"/>.</summary>
    public static async Task<PortfolioReport> WithSectionsAsync(
        PortfolioReport report, PortfolioHistory history, AnalyticsParameters p, ActorNetwork network, Territory territory,
        TypologySettings typology, CancellationToken ct = default)
    {
        var snapshots = await history.AtAsync(p.AsOf, p.Grid, ct);
        // Each stopped project as it stood the day before its stop, read whole (a query per day: as many as the stops at most).
        var eves = new List<ScorePeriod>();
        foreach (var day in report.Stopped.GroupBy(s => s.StoppedOn.AddDays(-1)))
        {
            var wanted = day.Select(s => s.Id).ToHashSet();
            eves.AddRange((await history.AtAsync(day.Key, p.Grid, ct)).Where(x => wanted.Contains(x.ProjectId)));
        }
        return report with
        {
            Network = NetworkSection.Of(network),
            Territory = TerritorySection.Of(snapshots, territory),
            Typology = TypologySection.Of(ProjectTypology.Of(snapshots, p, typology), snapshots, report.Stopped, eves),
        };
    }
}
