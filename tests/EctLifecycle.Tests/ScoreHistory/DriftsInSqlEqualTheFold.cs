using EctLifecycle.Timelines;
using System.Text.Json;
using EctLifecycle.Analytics;
using EctLifecycle.Portfolio;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.ScoreHistory;

/// <summary>
/// The drifts read from the score history (their points counted by the app from rows streamed out of the covering indexes)
/// answer what the same questions computed in memory from the folded timelines answer: every cohort field, every anchor with and without cohorts, every grid, at several dates.
/// </summary>
public class DriftsInSqlEqualTheFold(AppFixture app) : ApiTest(app)
{
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();
    private EctLifecycle.EventStore.IScorePeriodRows PeriodRows => App.Host.Services.GetRequiredService<EctLifecycle.EventStore.IScorePeriodRows>();
    private GridCatalog Grids => App.Host.Services.GetRequiredService<GridCatalog>();

    [Fact]
    public async Task cohort_and_aligned_drifts_read_in_sql_equal_those_folded_in_memory()
    {
        await ImportSyntheticAsync(60, seed: 29);
        await using var session = Store.QuerySession();
        var folded = PortfolioHistory.Of(await session.LoadAllTimelinesAsync(CancellationToken.None));
        var stored = await PortfolioHistory.LoadAsync(session, new AnalyticsParameters(App.Today, Grids.Default, null), CancellationToken.None);
        stored.GetType().Name.ShouldBe("StoredHistory");
        // The cohorts' facts are in their columns, so that the cohort drift counts its points in the app rather than have
        // PostgreSQL aggregate them from the view (its fallback for rows of an older version).
        (await PeriodRows.ReadFactsAtAsync(Grids.Default.Version, App.Today, CancellationToken.None)).ShouldNotBeNull();
        var streamed = 0;
        (await PeriodRows.ReadPeriodValuesAsync(Grids.Default.Version, App.Today, yearEndsOnly: false,
            (_, _, _, _, _) => streamed++, CancellationToken.None)).ShouldBeTrue();
        streamed.ShouldBeGreaterThan(60);
        var (points, aligned) = (0, 0);
        foreach (var grid in Grids.All)
            foreach (var asOf in new[] { new DateOnly(2012, 6, 30), new DateOnly(2021, 12, 31), App.Today })
            {
                foreach (var by in Enum.GetValues<CohortField>().Where(f => !Cohorts.ByTerritory(f))) // the territory's cohorts are in memory only
                    foreach (var period in new[] { Period.Year, Period.Quarter })
                    {
                        var inSql = await stored.CohortPointsAsync(grid, by, asOf, period);
                        Same(Json(inSql), Json(await folded.CohortPointsAsync(grid, by, asOf, period)), $"{grid.Version} {by} {period} {asOf}");
                        points += inSql.Count;
                    }
                foreach (var on in Enum.GetValues<AlignAnchor>())
                    foreach (var by in new CohortField?[] { null, CohortField.Stopped, CohortField.LegalForm })
                    {
                        var inSql = await stored.AlignedPointsAsync(grid, on, by, asOf, AlignedDrift.Offsets);
                        Same(Json(inSql), Json(await folded.AlignedPointsAsync(grid, on, by, asOf, AlignedDrift.Offsets)), $"{grid.Version} {on} {by} {asOf}");
                        aligned += inSql.Aligned;
                    }
            }
        points.ShouldBeGreaterThan(1_000);
        aligned.ShouldBeGreaterThan(100);
    }

    /// <summary>Equal, or the first difference shown with what surrounds it (the answers are long); <paramref name="read"/> says how the actual one was read.</summary>
    internal static void Same(string actual, string expected, string what, string read = "in SQL")
    {
        var at = Enumerable.Range(0, Math.Min(actual.Length, expected.Length)).FirstOrDefault(i => actual[i] != expected[i], -1);
        if (at < 0 && actual.Length == expected.Length) return;
        at = at < 0 ? Math.Min(actual.Length, expected.Length) : at;
        string Around(string s) => s[Math.Max(0, at - 250)..Math.Min(s.Length, at + 150)];
        actual.ShouldBe(expected, $"{what}: {read} …{Around(actual)}… folded …{Around(expected)}…");
    }

    internal static string Json(object o) => JsonSerializer.Serialize(o, new JsonSerializerOptions { IncludeFields = true });
}
