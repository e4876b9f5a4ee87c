using EctLifecycle.ScoreHistory;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.ScoreHistory;

/// <summary>
/// Two transactions that rewrite one project's periods at once (a rebuild's page beside a write, two instances rebuilding at
/// their start, an erasure): each deletes the project's periods then inserts them again under the same ids, so without an
/// order between them the second's delete misses the first's rows and its insert collides with them. The order is the lock
/// of the project's stints, upserted first (with the upsert moved after the periods, this test failed: 23505, duplicate key).
/// </summary>
public class ConcurrentRewrites(AppFixture app) : ApiTest(app)
{
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();
    private GridCatalog Grids => App.Host.Services.GetRequiredService<GridCatalog>();

    [Fact]
    public async Task rewrites_of_one_projects_periods_at_once_all_commit_and_leave_each_period_once()
    {
        var a = await RegisterAsync("A");
        await LogAsync(a, Actor("Mairie", "2018-05-01", "publicBody"));
        await LogAsync(a, Actor("Ferme", "2019-01-01", "farmer"));
        var projection = ScoreHistorySchema.Projection(Store);
        var failures = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        async Task RewriteAsync()
        {
            for (var i = 0; i < 15; i++)
            {
                try
                {
                    await using var session = Store.LightweightSession();
                    await projection.ReprojectAsync(session, [a], CancellationToken.None);
                    await session.SaveChangesAsync();
                }
                catch (Exception e) { failures.Add(e); }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(RewriteAsync)));
        failures.Select(e => e.Message).ShouldBeEmpty();
        await PeriodOracle.ShouldEqualTheFoldAsync(Store, Grids, a,
            [new(2018, 3, 1), new(2018, 5, 1), new(2018, 12, 31), new(2019, 1, 1), new(2026, 1, 1)]);
    }
}
