using System.Net;
using EctLifecycle.Portfolio;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.ScoreHistory;

/// <summary>
/// The oracle: on a generated portfolio, imported, then changed through the API by late milestones and retractions, the
/// stored periods say at a thousand random business dates what the full fold of each project's stored events says.
/// </summary>
public class ProjectionEqualsTheFold(AppFixture app) : ApiTest(app)
{
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();
    private GridCatalog Grids => App.Host.Services.GetRequiredService<GridCatalog>();

    [Fact]
    public async Task the_periods_equal_the_fold_at_a_thousand_random_dates_after_an_import_late_milestones_and_retractions()
    {
        await ImportSyntheticAsync(40, seed: 17);
        var ids = await ProjectIdsAsync();
        ids.Count.ShouldBe(40);
        var random = new Random(17);
        await PeriodOracle.ShouldEqualTheFoldAtRandomDatesAsync(Store, Grids, ids, random, App.Today, "after the import");
        var accepted = await PeriodOracle.LateEntriesAndRetractionsAsync(Client, Store, ids, random, App.Today);
        accepted.ShouldBeGreaterThan(10, "the late milestones and retractions the rules let through");
        await PeriodOracle.ShouldEqualTheFoldAtRandomDatesAsync(Store, Grids, ids, random, App.Today, "after the late milestones and retractions");
    }

    private async Task<IReadOnlyList<Guid>> ProjectIdsAsync()
    {
        await using var session = Store.QuerySession();
        return (await session.Query<ProjectKey>().ToListAsync()).Select(k => k.ProjectId).ToList();
    }
}
