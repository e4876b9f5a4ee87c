using EctLifecycle.Timelines;
using EctLifecycle.Analytics;
using EctLifecycle.Persistence;
using EctLifecycle.Portfolio;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.ScoreHistory;

/// <summary>
/// The arcs read off the stored periods of the covering index (at emergence, peak, end of the score and of each pillar, what
/// the pillars' persistence and the durability report read) are those <see cref="Arc.Of"/> reads off the periods folded in
/// memory: every project live or stopped at three dates, under every grid, and the persistence built on them.
/// </summary>
public class ArcsInSqlEqualTheFold(AppFixture app) : ApiTest(app)
{
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();
    private GridCatalog Grids => App.Host.Services.GetRequiredService<GridCatalog>();

    [Fact]
    public async Task the_arcs_read_in_sql_equal_those_read_off_the_folded_periods()
    {
        await ImportSyntheticAsync(50, seed: 31);
        await using var session = Store.QuerySession();
        var folded = PortfolioHistory.Of(await session.LoadAllTimelinesAsync(CancellationToken.None));
        var (arcs, stopped, peaksNotAtEnd) = (0, 0, 0);
        foreach (var grid in Grids.All)
            foreach (var asOf in new[] { new DateOnly(2012, 6, 30), new DateOnly(2021, 12, 31), App.Today })
            {
                var stored = await PortfolioHistory.LoadAsync(session, new AnalyticsParameters(asOf, grid, null), CancellationToken.None);
                stored.GetType().Name.ShouldBe("StoredHistory");
                var members = await stored.AtAsync(asOf, grid);
                var windows = members.Select(m => new ArcWindow(m.ProjectId, m.EmergedOn, m.StoppedOn ?? asOf)).ToList();
                var first = members.Count == 0 ? asOf : members.Min(m => m.EmergedOn);
                var inSql = await stored.ArcsAsync(grid, windows, first, asOf);
                var inMemory = await folded.ArcsAsync(grid, windows, first, asOf);
                inSql.Keys.OrderBy(k => k.ToString()).ShouldBe(inMemory.Keys.OrderBy(k => k.ToString()), $"{grid.Version} {asOf}");
                foreach (var (key, arc) in inMemory)
                {
                    inSql[key].ShouldBe(arc, $"{grid.Version} {asOf} {key}");
                    if (arc.Peak.Date < arc.End.Date && arc.Peak.Value > arc.End.Value) peaksNotAtEnd++;
                }
                arcs += inSql.Count;
                stopped += members.Count(m => m.StoppedOn is not null);

                var p = new AnalyticsParameters(asOf, grid, null);
                var rules = App.Host.Services.GetRequiredService<PersistenceRules>();
                (await PillarPersistence.OfAsync(stored, p, rules)).ShouldBeEquivalentTo(await PillarPersistence.OfAsync(folded, p, rules));
            }
        arcs.ShouldBeGreaterThan(500);
        stopped.ShouldBeGreaterThan(5);
        peaksNotAtEnd.ShouldBeGreaterThan(20);
    }
}
