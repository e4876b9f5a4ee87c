using System.Net;
using EctLifecycle.Analytics;
using EctLifecycle.Projects;
using EctLifecycle.ScoreHistory;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;
using EctLifecycle.Timelines;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EctLifecycle.Tests.ScoreHistory;

/// <summary>
/// The aligned drift read from the periods' anniversaries (<see cref="ScorePeriod.Anniversaries"/>, only the periods an
/// anniversary of the anchor falls within) answers what the drift folded in memory from the timelines answers, after late
/// milestones that move the anchors themselves (an earlier first funding, legal form or end of the hub's support, the
/// retraction of a first occurrence), late actors and retractions, for every anchor, with and without cohorts, under every
/// grid, at random dates; and periods written before they held their anniversaries are read as before.
/// </summary>
public class AlignedDriftFromTheAnniversaries(AppFixture app) : ApiTest(app)
{
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();
    private EctLifecycle.EventStore.IScorePeriodRows PeriodRows => App.Host.Services.GetRequiredService<EctLifecycle.EventStore.IScorePeriodRows>();
    private GridCatalog Grids => App.Host.Services.GetRequiredService<GridCatalog>();

    private async Task<List<Guid>> ProjectsAsync()
    {
        await using var session = Store.QuerySession();
        return (await session.Query<ProjectKey>().ToListAsync()).Select(k => k.ProjectId).OrderBy(id => id).ToList();
    }

    /// <summary>
    /// Moves anchors of some projects as staff do after the fact; returns the projects whose anchors of the whole timeline
    /// changed (each anchor counted: <see cref="ScorePeriods.AlignmentAnchors(ProjectTimeline)"/>, before and after).
    /// </summary>
    private async Task<int> MoveAnchorsAsync(IReadOnlyList<Guid> ids, Random random)
    {
        var moved = 0;
        foreach (var id in ids.OrderBy(_ => random.Next()).Take(30))
        {
            var (timeline, _) = await PeriodOracle.RawAsync(Store, id);
            var before = ScorePeriods.AlignmentAnchors(timeline)!;
            var emerged = timeline.Registration!.Event.OccurredOn;
            DateOnly Between(DateOnly from, DateOnly to) => from.AddDays(random.Next(Math.Max(1, to.DayNumber - from.DayNumber)));
            string Day(DateOnly d) => d.ToString("yyyy-MM-dd");
            switch (random.Next(4))
            {
                case 0:
                    // The first effective occurrence of an anchor retracted: the anchor moves to the next one, or goes.
                    var firsts = timeline.Effective().Where(e => e.Event is AccompanimentEnded { ByHub: true } or LegalFormAdopted or FundingSecured or CarrierLost)
                        .GroupBy(e => e.Event.GetType()).Select(g => g.First()).ToList();
                    if (firsts.Count == 0) goto case 1;
                    var target = firsts[random.Next(firsts.Count)];
                    await PostMilestoneAsync(id, new { type = "retraction", occurredOn = Day(App.Today), retractedEventId = target.EventId, reason = "erreur de saisie" });
                    break;
                case 1:
                    // A first funding earlier than any logged.
                    var funded = before[(int)ScorePeriod.AnniversaryAnchor.FirstFunding] ?? App.Today;
                    await PostMilestoneAsync(id, new
                    {
                        type = "fundingSecured", occurredOn = Day(Between(emerged, funded)), fundingId = $"TARDIF-{random.Next(100_000)}",
                        sourceKind = "publicSubsidy", funder = "Région", amountEuros = 1000 + random.Next(20_000),
                    });
                    break;
                case 2:
                    // A legal form adopted earlier than any logged.
                    var adopted = before[(int)ScorePeriod.AnniversaryAnchor.LegalFormAdopted] ?? App.Today;
                    await PostMilestoneAsync(id, new { type = "legalFormAdopted", occurredOn = Day(Between(emerged, adopted)), form = "association", inEss = true });
                    break;
                default:
                    // The hub's support started and ended before its first end logged.
                    var ended = before[(int)ScorePeriod.AnniversaryAnchor.HubSupportEnded] ?? App.Today;
                    var start = Between(emerged, ended);
                    if ((await PostMilestoneAsync(id, new { type = "accompanimentStarted", occurredOn = Day(start), byHub = true, programme = "Émergence" })).StatusCode == HttpStatusCode.OK)
                        await PostMilestoneAsync(id, new { type = "accompanimentEnded", occurredOn = Day(Between(start.AddDays(1), ended)), byHub = true });
                    break;
            }
            var after = ScorePeriods.AlignmentAnchors((await PeriodOracle.RawAsync(Store, id)).Timeline)!;
            if (!before.SequenceEqual(after)) moved++;
        }
        return moved;
    }

    [Fact]
    public async Task the_aligned_drift_from_the_anniversaries_equals_the_fold_after_late_anchors_actors_and_retractions()
    {
        await ImportSyntheticAsync(60, seed: 31);
        // A project whose anchors fall on 29 February and on its emergence's day (a year added to 29 February gives 28
        // February in a common year, on both sides).
        var leap = await RegisterAsync("Tiers-lieu bissextile", "2012-02-29");
        await LogAsync(leap, new { type = "legalFormAdopted", occurredOn = "2012-02-29", form = "association", inEss = true });
        await LogAsync(leap, new { type = "accompanimentStarted", occurredOn = "2013-01-10", byHub = true, programme = "Émergence" });
        await LogAsync(leap, new { type = "accompanimentEnded", occurredOn = "2016-02-29", byHub = true });
        await LogAsync(leap, new { type = "fundingSecured", occurredOn = "2016-02-29", fundingId = "B-1", sourceKind = "publicSubsidy", funder = "Région", amountEuros = 5000 });
        var ids = await ProjectsAsync();
        var random = new Random(43);
        (await MoveAnchorsAsync(ids, random)).ShouldBeGreaterThan(10, "the projects whose anchors the late milestones moved");
        (await PeriodOracle.LateEntriesAndRetractionsAsync(Client, Store, ids, random, App.Today, projects: 20))
            .ShouldBeGreaterThan(10, "the late milestones and retractions the rules let through");
        // Every period's anniversaries are those of its place and of its project's anchors now (with the rest of the row).
        var dates = Enumerable.Range(0, 40).Select(_ => DateOnly.FromDayNumber(random.Next(new DateOnly(2000, 1, 1).DayNumber, App.Today.DayNumber))).ToList();
        var stored = await PeriodOracle.StoredAsync(Store);
        foreach (var id in ids) await PeriodOracle.ShouldEqualTheFoldAsync(Store, Grids, id, dates, stored);

        await using var session = Store.QuerySession();
        var folded = PortfolioHistory.Of(await session.LoadAllTimelinesAsync(CancellationToken.None));
        var (aligned, points, read) = (0, 0, 0);
        foreach (var grid in Grids.All)
            foreach (var asOf in dates.Take(5).Concat([new(2013, 2, 28), new(2017, 2, 28), new(2017, 3, 1), new(2020, 2, 29), new(2021, 12, 31), App.Today]))
            {
                var history = await PortfolioHistory.LoadAsync(session, new AnalyticsParameters(asOf, grid, null), CancellationToken.None);
                history.GetType().Name.ShouldBe("StoredHistory");
                foreach (var on in Enum.GetValues<AlignAnchor>())
                {
                    // The anniversaries are read (not the fallback on every period), and for a cohort the members too.
                    (await PeriodRows.ReadAnniversariesAsync(grid.Version, asOf, AnchorOf(on), (_, _, _, _, _) => read++, CancellationToken.None)).ShouldBeTrue();
                    (await PeriodRows.ReadMembersAtAsync(grid.Version, asOf, "'all'", "null", (_, _, _, _, _) => { }, CancellationToken.None)).ShouldBeTrue();
                    foreach (var by in new CohortField?[] { null, CohortField.Stopped, CohortField.LegalForm })
                    {
                        var fromAnniversaries = await history.AlignedPointsAsync(grid, on, by, asOf, AlignedDrift.Offsets);
                        Same(Json(fromAnniversaries), Json(await folded.AlignedPointsAsync(grid, on, by, asOf, AlignedDrift.Offsets)), $"{grid.Version} {on} {by} {asOf}");
                        aligned += fromAnniversaries.Aligned;
                        points += fromAnniversaries.Points.Sum(p => p.Projects);
                    }
                }
            }
        aligned.ShouldBeGreaterThan(500);
        points.ShouldBeGreaterThan(2_000);
        read.ShouldBeGreaterThan(1_000);
    }

    [Fact]
    public async Task periods_written_before_they_held_their_anniversaries_are_read_as_before()
    {
        await ImportSyntheticAsync(40, seed: 37);
        var grid = Grids.Default;
        await using var session = Store.QuerySession();
        var folded = PortfolioHistory.Of(await session.LoadAllTimelinesAsync(CancellationToken.None));
        var expected = Json(await folded.AlignedPointsAsync(grid, AlignAnchor.FirstFunding, null, App.Today, AlignedDrift.Offsets));
        var table = Store.Options.Schema.For<ScorePeriod>();
        // Half the periods as an app before this version wrote them (no anniversaries), then all of them: the drift is read
        // from every period of the grid, as before, with the same answer.
        foreach (var which in new[] { "and right(data ->> 'key', 1) in ('1', '3', '5', '7', '9')", "" })
        {
            await using (var db = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!))
            await using (var older = db.CreateCommand($"update {table} set anniversaries = null, data = data - 'anniversaries' where grid = $1 {which}"))
            {
                older.Parameters.AddWithValue(grid.Version);
                (await older.ExecuteNonQueryAsync()).ShouldBeGreaterThan(0);
            }
            (await PeriodRows.ReadAnniversariesAsync(grid.Version, App.Today, ScorePeriod.AnniversaryAnchor.FirstFunding, (_, _, _, _, _) => { }, CancellationToken.None))
                .ShouldBeFalse(which);
            var history = await PortfolioHistory.LoadAsync(session, new AnalyticsParameters(App.Today, grid, null), CancellationToken.None);
            Same(Json(await history.AlignedPointsAsync(grid, AlignAnchor.FirstFunding, null, App.Today, AlignedDrift.Offsets)), expected, which);
        }
    }

    private static ScorePeriod.AnniversaryAnchor AnchorOf(AlignAnchor on) => Enum.Parse<ScorePeriod.AnniversaryAnchor>(on.ToString());

    private static void Same(string actual, string expected, string what) =>
        DriftsInSqlEqualTheFold.Same(actual, expected, what, "from the anniversaries");

    private static string Json(object o) => DriftsInSqlEqualTheFold.Json(o);
}
