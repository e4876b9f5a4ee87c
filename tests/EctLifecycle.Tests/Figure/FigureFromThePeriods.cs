using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EctLifecycle.Analytics;
using EctLifecycle.Figure;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.ScoreHistory;
using EctLifecycle.Tests.Support;
using EctLifecycle.Timelines;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EctLifecycle.Tests.Figure;

/// <summary>
/// The entrepreneurial figure read from the score history (each member's period at the date and one reading of every
/// period) says what the figure folded from each member's timeline says, project by project: the study portfolio, whose
/// carriers are typed and profiled, after late carriers, late profiles and retractions, under every grid, at three dates;
/// and periods written by an older version (without the carrier's type and status) are read from the timelines.
/// </summary>
public class FigureFromThePeriods(AppFixture app) : ApiTest(app)
{
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();
    private GridCatalog Grids => App.Host.Services.GetRequiredService<GridCatalog>();

    private Task<IReadOnlyList<Guid>> ImportStudyAsync() => PeriodOracle.ImportStudyAsync(App.Host.Services);

    [Fact]
    public async Task the_figure_from_the_periods_equals_the_figure_from_the_timelines_after_late_carriers_profiles_and_retractions()
    {
        var ids = await ImportStudyAsync();
        var random = new Random(41);
        var (carriers, profiles) = (0, 0);
        foreach (var id in ids.OrderBy(_ => random.Next()).Take(24))
        {
            var (timeline, _) = await PeriodOracle.RawAsync(Store, id);
            var emerged = timeline.StateAsOf(App.Today)!.EmergedOn;
            var late = emerged.AddDays(random.Next(1, Math.Max(2, App.Today.DayNumber - emerged.DayNumber))).ToString("yyyy-MM-dd");
            // A carrier logged late, of a type drawn, then its profile: each changes the periods from its day on.
            var name = $"Porteur tardif {random.Next(1000)}";
            var type = random.Next(3) switch { 0 => "person", 1 => "structure", _ => "hubAwaitingCarrier" };
            if ((await PostMilestoneAsync(id, new { type = "carrierIdentified", occurredOn = late, carrierName = name, carrierType = type })).StatusCode == HttpStatusCode.OK)
            {
                carriers++;
                // Its status some days later, then the time it gives alone later still: each changes the periods on its own.
                var status = random.Next(4) switch { 0 => "salaried", 1 => "volunteer", 2 => "elected", _ => "inBusiness" };
                var day = DateOnly.Parse(late, System.Globalization.CultureInfo.InvariantCulture);
                if ((await PostMilestoneAsync(id, new { type = "carrierProfiled", occurredOn = day.AddDays(20).ToString("yyyy-MM-dd"), carrierName = name, carrierStatus = status }))
                    .StatusCode == HttpStatusCode.OK)
                    profiles++;
                if ((await PostMilestoneAsync(id, new { type = "carrierProfiled", occurredOn = day.AddDays(45).ToString("yyyy-MM-dd"), carrierName = name, timeGiven = "occasional" }))
                    .StatusCode == HttpStatusCode.OK)
                    profiles++;
            }
        }
        carriers.ShouldBeGreaterThan(5, "late carriers the rules let through");
        profiles.ShouldBeGreaterThan(3, "late profiles the rules let through");
        (await PeriodOracle.LateEntriesAndRetractionsAsync(Client, Store, ids, random, App.Today, projects: 30))
            .ShouldBeGreaterThan(10, "the late milestones and retractions the rules let through");

        await using var session = Store.QuerySession();
        var folded = PortfolioHistory.Of(await session.LoadAllTimelinesAsync(CancellationToken.None));
        var (compared, typed, statuses, reached, years) = (0, new HashSet<string>(), new HashSet<string>(), 0, 0);
        var (stopped, timeGiven, hubFigures) = (0, 0, 0);
        foreach (var grid in Grids.All)
            foreach (var asOf in new[] { new DateOnly(2016, 6, 30), new DateOnly(2021, 12, 31), App.Today })
            {
                var p = new AnalyticsParameters(asOf, grid, null);
                var stored = await PortfolioHistory.LoadAsync(session, p, CancellationToken.None);
                stored.GetType().Name.ShouldBe("StoredHistory");
                var members = await stored.FigureFactsAtAsync(asOf, grid);
                members.ShouldNotContain(m => PortfolioHistory.IsStale(m, grid));
                var expected = await EntrepreneurialFigure.FromTimelinesAsync(stored, members, p, chunk: 7, CancellationToken.None);
                var fromStored = (await EntrepreneurialFigure.FromPeriodsAsync(stored, members, p, CancellationToken.None)).ShouldNotBeNull();
                var fromFolded = (await EntrepreneurialFigure.FromPeriodsAsync(folded, await folded.FigureFactsAtAsync(asOf, grid), p, CancellationToken.None)).ShouldNotBeNull();
                var what = $"{grid.Version} au {asOf}";
                Same(fromStored, expected, $"{what}, depuis les périodes stockées");
                Same(fromFolded, expected, $"{what}, depuis les périodes repliées");
                var settings = new FigureSettings();
                JsonSerializer.Serialize(EntrepreneurialFigure.Of(fromStored, p, settings))
                    .ShouldBe(JsonSerializer.Serialize(EntrepreneurialFigure.Of(expected, p, settings)), what);
                // Under a grid that counts the hub's interim carrying (neither shipped grid does), read from the same periods.
                var counting = new AnalyticsParameters(asOf, grid with { HubInterimCarryingCounts = true }, null);
                var hubCounted = (await EntrepreneurialFigure.FromPeriodsAsync(stored, members, counting, CancellationToken.None)).ShouldNotBeNull();
                Same(hubCounted, await EntrepreneurialFigure.FromTimelinesAsync(stored, members, counting, chunk: 1_000, CancellationToken.None), $"{what}, portage d'attente compté");
                hubFigures += hubCounted.Count(o => o.Project.CarrierType == "hubAwaitingCarrier" && o.Project.EntrepreneurialFigure);
                compared += expected.Count;
                stopped += expected.Count(o => o.Project.Stopped);
                timeGiven += expected.Count(o => o.Project.TimeGiven is not null);
                typed.UnionWith(expected.Select(o => o.Project.CarrierType));
                statuses.UnionWith(expected.Select(o => o.Project.CarrierStatus));
                reached += expected.Count(o => o.ReachedAfterYears.ContainsKey(Stage.Operating));
                years += expected.Sum(o => o.Pillars.Count);
            }
        compared.ShouldBeGreaterThan(ids.Count * 2);
        foreach (var group in new[] { "person", "structure", "hubAwaitingCarrier", CarrierTypes.None }) typed.ShouldContain(group);
        statuses.Count.ShouldBeGreaterThan(3);
        reached.ShouldBeGreaterThan(10);
        years.ShouldBeGreaterThan(compared);
        stopped.ShouldBeGreaterThan(5);
        timeGiven.ShouldBeGreaterThan(3);
        hubFigures.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task periods_written_before_they_held_the_carriers_type_are_read_from_the_timelines()
    {
        await ImportStudyAsync();
        var grid = Grids.Default;
        var p = new AnalyticsParameters(App.Today, grid, null);
        async Task<(EntrepreneurialFigure Figure, IReadOnlyList<EntrepreneurialFigure.Observed>? FromPeriods)> FigureAsync()
        {
            await using var session = Store.QuerySession();
            var history = await PortfolioHistory.LoadAsync(session, p, CancellationToken.None);
            var members = await history.FigureFactsAtAsync(p.AsOf, grid);
            return (await EntrepreneurialFigure.OfAsync(history, p, new FigureSettings(), CancellationToken.None),
                await EntrepreneurialFigure.FromPeriodsAsync(history, members, p, CancellationToken.None));
        }
        var (expected, _) = await FigureAsync();
        expected.Groups.Count(g => g.Comparison == EntrepreneurialFigure.ByType).ShouldBeGreaterThan(2);
        // The periods as an app before this version wrote them: without the carrier's type, status and time, and of another
        // fingerprint; first those of the projects whose key's number is odd (a rebuild half done), then all of them.
        var table = Store.Options.Schema.For<EctLifecycle.ScoreHistory.ScorePeriod>();
        foreach (var which in new[] { "and right(data ->> 'key', 1) in ('1', '3', '5', '7', '9')", "" })
        {
            await using (var db = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!))
            await using (var older = db.CreateCommand(
                $"update {table} set data = (data - 'carrierType' - 'carrierStatus' - 'carrierTimeGiven') " +
                $"|| jsonb_build_object('gridFingerprint', 'avant') where grid = $1 {which}"))
            {
                older.Parameters.Add(new NpgsqlParameter { Value = grid.Version });
                (await older.ExecuteNonQueryAsync()).ShouldBeGreaterThan(100);
            }
            var (figure, fromOldPeriods) = await FigureAsync();
            JsonSerializer.Serialize(figure).ShouldBe(JsonSerializer.Serialize(expected), which);
            // Read from those periods, the projects whose periods are older would have had no carrier: the fold of their
            // timelines is what keeps the answer right.
            var stripped = fromOldPeriods.ShouldNotBeNull().Where(o => which == "" || "13579".Contains(o.Project.Key[^1])).ToList();
            stripped.Count.ShouldBeGreaterThan(10);
            stripped.ShouldAllBe(o => o.Project.CarrierType == CarrierTypes.None);
            expected.ProjectFigures.Where(f => stripped.Any(o => o.Project.Key == f.Key)).ShouldContain(f => f.CarrierType != CarrierTypes.None);
        }
    }

    /// <summary>Each project's observation equal, its pillars compared in the order of <see cref="Grid.PillarIds"/>.</summary>
    private static void Same(IReadOnlyList<EntrepreneurialFigure.Observed> actual, IReadOnlyList<EntrepreneurialFigure.Observed> expected, string what)
    {
        actual.Count.ShouldBe(expected.Count, what);
        for (var i = 0; i < expected.Count; i++)
            Text(actual[i]).ShouldBe(Text(expected[i]), $"{what}, {expected[i].Project.Key}");
    }

    private static string Text(EntrepreneurialFigure.Observed o) => JsonSerializer.Serialize(new
    {
        o.Project,
        Reached = o.ReachedAfterYears.OrderBy(x => x.Key).Select(x => $"{x.Key}={x.Value}").ToList(),
        Pillars = o.Pillars.Select(x => new { x.Years, x.Projects, x.Score, Means = Grid.PillarIds.Select(id => x.Pillars.GetValueOrDefault(id, double.NaN)).ToList() }).ToList(),
    }, new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
}
