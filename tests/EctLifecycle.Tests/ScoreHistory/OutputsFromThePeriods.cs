using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EctLifecycle.Analytics;
using EctLifecycle.Outputs;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;
using EctLifecycle.Timelines;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EctLifecycle.Tests.ScoreHistory;

/// <summary>
/// What projects produce, read from each project's period at the date (its latest outputs), is what the fold of every
/// timeline says: the study portfolio after late measurements in French and in several units, their retractions and other
/// late milestones, under every grid, at four dates, with and without cohorts, counting the stopped projects or not; and
/// periods written by an older version (without the outputs) are read from the timelines.
/// </summary>
public class OutputsFromThePeriods(AppFixture app) : ApiTest(app)
{
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();
    private GridCatalog Grids => App.Host.Services.GetRequiredService<GridCatalog>();
    private EctLifecycle.Communes.Territory Territory => App.Host.Services.GetRequiredService<EctLifecycle.Communes.Territory>();

    private Task<IReadOnlyList<Guid>> ImportStudyAsync() => PeriodOracle.ImportStudyAsync(App.Host.Services);

    // Late measurements of random projects: some measures in French, a volume in a unit drawn among three, then a second
    // measurement later that replaces some of them; one in three of the first retracted.
    private async Task<int> LateOutputsAsync(IReadOnlyList<Guid> ids, Random random)
    {
        var accepted = 0;
        foreach (var id in ids.OrderBy(_ => random.Next()).Take(25))
        {
            var (timeline, _) = await PeriodOracle.RawAsync(Store, id);
            var emerged = timeline.Registration!.Event.OccurredOn;
            var day = emerged.AddDays(random.Next(1, Math.Max(2, App.Today.DayNumber - emerged.DayNumber)));
            var first = new Dictionary<string, object?>
            {
                ["type"] = "outputsMeasured", ["occurredOn"] = day.ToString("yyyy-MM-dd"), ["jobsFte"] = $"{random.Next(1, 9)},5",
                ["beneficiaries"] = $"{random.Next(1, 3)} {random.Next(100, 999)}", ["activityVolume"] = random.Next(10, 500),
                ["activityUnit"] = random.Next(3) switch { 0 => "paniers", 1 => " Paniers ", _ => "MWh" },
            };
            var response = await PostMilestoneAsync(id, first);
            if (response.StatusCode != HttpStatusCode.OK) continue;
            accepted++;
            var eventId = (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["eventId"]!.GetValue<Guid>();
            var later = new Dictionary<string, object?>
            {
                ["type"] = "outputsMeasured", ["occurredOn"] = day.AddDays(random.Next(30, 900)).ToString("yyyy-MM-dd"),
                ["turnoverEuros"] = $"{random.Next(1, 90)} 000,50 €", ["volunteers"] = random.Next(0, 40),
            };
            if ((await PostMilestoneAsync(id, later)).StatusCode == HttpStatusCode.OK) accepted++;
            if (random.Next(3) == 0
                && (await PostMilestoneAsync(id, new { type = "retraction", occurredOn = App.Today.ToString("yyyy-MM-dd"), retractedEventId = eventId, reason = "erreur de saisie" }))
                .StatusCode == HttpStatusCode.OK)
                accepted++;
        }
        return accepted;
    }

    [Fact]
    public async Task the_outputs_from_the_periods_equal_the_outputs_from_the_timelines_after_late_measurements_and_retractions()
    {
        var ids = await ImportStudyAsync();
        var random = new Random(47);
        (await LateOutputsAsync(ids, random)).ShouldBeGreaterThan(30, "late measurements and retractions the rules let through");
        (await PeriodOracle.LateEntriesAndRetractionsAsync(Client, Store, ids, random, App.Today, projects: 30))
            .ShouldBeGreaterThan(10, "the late milestones and retractions the rules let through");

        await using var session = Store.QuerySession();
        var (reporting, stoppedLeftOut, units) = (0, 0, new HashSet<string>());
        foreach (var grid in Grids.All)
            foreach (var asOf in new[] { new DateOnly(2016, 6, 30), new DateOnly(2019, 12, 31), new DateOnly(2022, 6, 30), App.Today })
                foreach (var by in new CohortField?[] { null, CohortField.Sector, CohortField.LegalForm, CohortField.Territory })
                    foreach (var countStopped in new[] { false, true })
                    {
                        var p = new AnalyticsParameters(asOf, grid, null);
                        var settings = new OutputSettings { CountStoppedProjects = countStopped };
                        var what = $"{grid.Version} au {asOf}, {by}, arrêtés comptés {countStopped}";
                        var history = await PortfolioHistory.LoadAsync(session, p, CancellationToken.None);
                        (await history.OutputFactsAtAsync(asOf, grid)).ShouldNotContain(m => PortfolioHistory.IsStale(m, grid), what);
                        var cohorts = by is { } field
                            ? (await history.AtAsync(asOf, grid)).ToDictionary(m => m.ProjectId, m => EctLifecycle.Analytics.Cohorts.ValueOf(field, m, Territory))
                            : null;
                        var expected = await OutputsAt.OfAsync(session.EachTimelineAsync(CancellationToken.None), p, by, cohorts, settings);
                        var actual = await OutputsEndpoint.OfAsync(session, p, by, settings, Territory, CancellationToken.None);
                        JsonSerializer.Serialize(actual).ShouldBe(JsonSerializer.Serialize(expected), what);
                        reporting += expected.ProjectsReporting;
                        if (!countStopped)
                            stoppedLeftOut += (await OutputsAt.OfAsync(session.EachTimelineAsync(CancellationToken.None), p, by, cohorts,
                                new OutputSettings { CountStoppedProjects = true })).ProjectsReporting - expected.ProjectsReporting;
                        units.UnionWith(expected.Figures.Where(f => f.UnitShown is not null).Select(f => f.UnitShown!));
                    }
        reporting.ShouldBeGreaterThan(100, "projects reporting outputs, over the readings");
        stoppedLeftOut.ShouldBeGreaterThan(0, "stopped projects reporting outputs, left out unless counted");
        units.Count.ShouldBeGreaterThan(1, "units as typed");
    }

    [Fact]
    public async Task periods_written_before_they_held_the_outputs_are_read_from_the_timelines()
    {
        var ids = await ImportStudyAsync();
        (await LateOutputsAsync(ids, new Random(5))).ShouldBeGreaterThan(20);
        var grid = Grids.Default;
        var p = new AnalyticsParameters(App.Today, grid, null);
        var settings = new OutputSettings();
        async Task<OutputsAt> OutputsAsync()
        {
            await using var session = Store.QuerySession();
            return await OutputsEndpoint.OfAsync(session, p, null, settings, Territory, CancellationToken.None, chunk: 4);
        }
        var expected = await OutputsAsync();
        expected.ProjectsReporting.ShouldBeGreaterThan(10);
        // The periods as an app before this version wrote them: without the outputs, and of another fingerprint; first those
        // of the projects whose key's number is odd (a rebuild half done), then all of them.
        var table = Store.Options.Schema.For<EctLifecycle.ScoreHistory.ScorePeriod>();
        foreach (var which in new[] { "and right(data ->> 'key', 1) in ('1', '3', '5', '7', '9')", "" })
        {
            await using (var db = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!))
            await using (var older = db.CreateCommand(
                $"update {table} set data = (data - 'outputs') || jsonb_build_object('gridFingerprint', 'avant') where grid = $1 {which}"))
            {
                older.Parameters.Add(new NpgsqlParameter { Value = grid.Version });
                (await older.ExecuteNonQueryAsync()).ShouldBeGreaterThan(100);
            }
            JsonSerializer.Serialize(await OutputsAsync()).ShouldBe(JsonSerializer.Serialize(expected), which);
        }
        // Read as if they were of this version, those periods would say that no project measured anything.
        await using (var db = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!))
        await using (var current = db.CreateCommand($"update {table} set data = data || jsonb_build_object('gridFingerprint', $2::text) where grid = $1"))
        {
            current.Parameters.Add(new NpgsqlParameter { Value = grid.Version });
            current.Parameters.Add(new NpgsqlParameter { Value = EctLifecycle.ScoreHistory.ScorePeriods.Fingerprint(grid) });
            (await current.ExecuteNonQueryAsync()).ShouldBeGreaterThan(100);
        }
        (await OutputsAsync()).ProjectsReporting.ShouldBe(0);
    }
}
