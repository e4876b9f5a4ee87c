using EctLifecycle.Timelines;
using EctLifecycle.Analytics;
using EctLifecycle.Durability;
using EctLifecycle.Portfolio;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EctLifecycle.Tests.Durability;

/// <summary>
/// The portfolio report's summary of each stopped project, read from its states at the date and at the stop and from its
/// periods, says what the project's own report (which replays and scores each of its days) and the drift say.
/// </summary>
public class StoppedSummaries(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task each_stopped_projects_summary_equals_what_its_own_report_and_its_drift_say()
    {
        await ImportSyntheticAsync(60, seed: 5);
        await using var session = App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var timelines = (await session.LoadAllTimelinesAsync(CancellationToken.None)).ToDictionary(t => t.Registration!.Event.ProjectId);
        var (summaries, signals) = (0, 0);
        foreach (var grid in App.Host.Services.GetRequiredService<GridCatalog>().All)
            foreach (var asOf in new[] { new DateOnly(2019, 12, 31), App.Today })
            {
                var p = new AnalyticsParameters(asOf, grid, null);
                var report = await PortfolioReport.OfAsync(await PortfolioHistory.LoadAsync(session, p, CancellationToken.None), p);
                foreach (var s in report.Stopped)
                {
                    var timeline = timelines[s.Id];
                    var own = ProjectReport.Of(timeline, asOf, grid)!;
                    var expected = new StoppedSummary(s.Id, s.Key, s.Name, s.LegalForm, own.EmergedOn, own.StoppedOn, own.LifespanYears, own.Stop.Reasons,
                        own.Stop.Remains, own.Stop.HubStance, own.Support.EverByHub, own.Support.HubActiveAtStop, own.Support.YearsFromHubSupportEndToStop,
                        own.FollowUps.LastOrDefault(), WatchRules.SignalsOf(timeline, own.StoppedOn.AddDays(-1), grid), own.ProducedAtStop);
                    s.ShouldBeEquivalentTo(expected);
                    summaries++;
                    signals += s.SignalsBeforeStop.Count;
                }
            }
        summaries.ShouldBeGreaterThan(10);
        signals.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task periods_written_by_an_older_version_give_the_same_stopped_projects_and_watch_list_from_those_projects_events()
    {
        await ImportSyntheticAsync(80, seed: 11);
        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        var grid = App.Host.Services.GetRequiredService<GridCatalog>().Default;
        var p = new AnalyticsParameters(App.Today, grid, null);
        async Task<PortfolioReport> ReportAsync()
        {
            await using var session = store.QuerySession();
            return await PortfolioReport.OfAsync(await PortfolioHistory.LoadAsync(session, p, CancellationToken.None), p);
        }
        static string Read(PortfolioReport r) => System.Text.Json.JsonSerializer.Serialize(new { r.Stopped, r.WatchList });
        var expected = await ReportAsync();
        expected.Stopped.Count.ShouldBeGreaterThan(5);
        expected.WatchList.SelectMany(w => w.Signals).SelectMany(x => x.Evidence).ShouldContain(e => e.Contains("acteurs ont quitté") || e.Contains("évaluée à"));

        // The periods as an app before the watch list's evidence and the stop were stored wrote them: without those, and of another fingerprint.
        var table = store.Options.Schema.For<EctLifecycle.ScoreHistory.ScorePeriod>();
        await using (var db = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!))
        await using (var older = db.CreateCommand(
            $"update {table} set data = (data - 'stop' - 'actorsLeftOn' - 'watchedAssessment' - 'lastCarrierLostOn' - 'lastCarrierLostReason') " +
            "|| jsonb_build_object('gridFingerprint', 'avant') where grid = $1"))
        {
            older.Parameters.Add(new NpgsqlParameter { Value = grid.Version });
            (await older.ExecuteNonQueryAsync()).ShouldBeGreaterThan(100);
        }
        Read(await ReportAsync()).ShouldBe(Read(expected));
    }
}
