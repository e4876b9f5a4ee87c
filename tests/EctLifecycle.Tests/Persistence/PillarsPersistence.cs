using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Persistence;

/// <summary>
/// The pillars' persistence on a portfolio logged through the API: a project that had the ECT potential at its genesis and
/// drifted away, one that came closer, a steady one, a stopped one that drifted too, and one not a year old.
/// </summary>
public class PillarsPersistence(AppFixture app) : ApiTest(app)
{
    private const string AsOf = "2024-06-30";
    private static readonly string[] Assessed =
        ["cooperation-alive", "territorial-need", "inhabitant-appropriation", "ecological-transition", "social-cohesion", "local-activity-jobs"];

    private sealed record Portfolio(Guid Drifted, Guid Closer, Guid Steady, Guid Stopped, Guid Young);

    private Task AssessAsync(Guid id, string on, int points) => LogAsync(id, new
    {
        type = "criteriaAssessed", occurredOn = on, gridVersion = "v1",
        scores = Assessed.Select(c => new { criterionId = c, points, rationale = "revue annuelle" }).ToArray(),
    });

    /// <summary>A strong genesis in its first months: five local actors of five kinds, a carrier, a SCIC, every assessed criterion at 3.</summary>
    private async Task<Guid> StrongAsync(string name, int year)
    {
        var id = await RegisterAsync(name, $"{year}-03-01");
        var kinds = new[] { "association", "publicBody", "company", "inhabitant", "farmer" };
        for (var i = 0; i < kinds.Length; i++) await LogAsync(id, Actor($"Acteur {i + 1}", $"{year}-03-{10 + i}", kinds[i]));
        await LogAsync(id, new { type = "carrierIdentified", occurredOn = $"{year}-04-01", carrierName = "Julie" });
        await LogAsync(id, new { type = "structuringPathChosen", occurredOn = $"{year}-04-15", path = "newLegalEntity" });
        await LogAsync(id, new { type = "legalFormAdopted", occurredOn = $"{year}-05-01", form = "scic", inEss = true });
        await AssessAsync(id, $"{year}-06-01", 3);
        return id;
    }

    private async Task<Portfolio> PortfolioAsync()
    {
        var drifted = await StrongAsync("Les Paniers", 2018);
        await AssessAsync(drifted, "2021-01-01", 0);

        var closer = await RegisterAsync("La Recyclerie", "2018-03-01");
        await AssessAsync(closer, "2018-06-01", 1);
        await AssessAsync(closer, "2022-01-01", 3);

        var steady = await StrongAsync("Le Tiers-Lieu", 2018);

        var stopped = await StrongAsync("L'Épicerie", 2017);
        await AssessAsync(stopped, "2019-01-01", 1);
        await LogAsync(stopped, new { type = "projectStopped", occurredOn = "2020-06-01", reasons = new[] { "cooperationFaded" } });

        var young = await RegisterAsync("Le Jardin", "2024-01-01");
        return new Portfolio(drifted, closer, steady, stopped, young);
    }

    private static JsonObject Project(JsonObject answer, Guid id) =>
        answer["projects"]!.AsArray().Single(p => p!["id"]!.GetValue<Guid>() == id)!.AsObject();

    private static JsonObject Pillar(JsonObject project, string id) =>
        project["pillars"]!.AsArray().Single(p => p!["id"]!.GetValue<string>() == id)!.AsObject();

    private static JsonObject Tally(JsonObject answer, string group, string pillar) =>
        answer["pillars"]!.AsArray().Single(t => t!["group"]!.GetValue<string>() == group && t["pillar"]!.GetValue<string>() == pillar)!.AsObject();

    private static IEnumerable<Guid> Ids(JsonObject answer, string list) => answer[list]!.AsArray().Select(p => p!["id"]!.GetValue<Guid>());

    [Fact]
    public async Task the_lists_name_the_project_that_drifted_away_from_its_genesis_potential_and_the_one_that_came_closer()
    {
        var p = await PortfolioAsync();
        var answer = await GetJsonAsync($"/api/analytics/persistence?asOf={AsOf}");

        answer["live"]!.GetValue<int>().ShouldBe(4);
        answer["stopped"]!.GetValue<int>().ShouldBe(1);
        Ids(answer, "driftedAway").ShouldBe([p.Drifted, p.Stopped], "most points lost first: -18, then -12");
        Ids(answer, "cameCloser").ShouldBe([p.Closer]);
        Project(answer, p.Steady)["trend"]!.GetValue<string>().ShouldBe("steady");
        Project(answer, p.Young)["trend"]!.GetValue<string>().ShouldBe("notYetAYear");
        Project(answer, p.Young)["firstYearOver"]!.GetValue<bool>().ShouldBeFalse();

        var drifted = Project(answer, p.Drifted);
        drifted["potentialAtEmergence"]!.GetValue<bool>().ShouldBeTrue();
        drifted["potentialNow"]!.GetValue<bool>().ShouldBeFalse();
        var score = drifted["score"]!;
        score["change"]!.GetValue<double>().ShouldBe(-18, "six assessed criteria from 3 points to none");
        score["atEmergence"]!["date"]!.GetValue<string>().ShouldBe("2019-03-01", "the end of its first year");
        score["peak"]!["date"]!.GetValue<string>().ShouldBe("2018-06-01");
        score["now"]!["date"]!.GetValue<string>().ShouldBe(AsOf);
        var stopped = Project(answer, p.Stopped);
        stopped["score"]!["change"]!.GetValue<double>().ShouldBe(-12);
        stopped["score"]!["now"]!["date"]!.GetValue<string>().ShouldBe("2020-06-01", "a stopped project is read at its stop");
        var closer = Project(answer, p.Closer);
        closer["potentialAtEmergence"]!.GetValue<bool>().ShouldBeFalse();
        closer["score"]!["change"]!.GetValue<double>().ShouldBe(12);

        // The readings are the project's own score and pillars on those days.
        foreach (var id in new[] { p.Drifted, p.Closer, p.Steady, p.Stopped })
        {
            var x = Project(answer, id)["score"]!;
            foreach (var reading in new[] { "atEmergence", "peak", "now" })
            {
                var date = x[reading]!["date"]!.GetValue<string>();
                var card = await GetJsonAsync($"/api/projects/{id}?asOf={date}");
                x[reading]!["value"]!.GetValue<double>().ShouldBe(card["score"]!["score"]!.GetValue<int>(), $"{id} {reading} {date}");
            }
        }
    }

    [Fact]
    public async Task each_pillar_is_counted_kept_lost_or_gained_for_live_and_stopped_projects_apart()
    {
        var p = await PortfolioAsync();
        var answer = await GetJsonAsync($"/api/analytics/persistence?asOf={AsOf}");

        var drifted = Project(answer, p.Drifted);
        Pillar(drifted, "territorial-resilience")["atEmergence"]!["value"]!.GetValue<double>().ShouldBe(3);
        Pillar(drifted, "territorial-resilience")["now"]!["value"]!.GetValue<double>().ShouldBe(0);
        Pillar(drifted, "territorial-resilience")["fate"]!.GetValue<string>().ShouldBe("lost");
        Pillar(drifted, "collective-ownership")["change"]!.GetValue<double>().ShouldBe(-0.75);
        Pillar(drifted, "hybrid-economic-model")["fate"]!.GetValue<string>().ShouldBe("kept", "nothing assessed there");

        var live = Tally(answer, "live", "collective-ownership");
        (live["projects"]!.GetValue<int>(), live["kept"]!.GetValue<int>(), live["lost"]!.GetValue<int>(), live["gained"]!.GetValue<int>(),
            live["notYetAYear"]!.GetValue<int>()).ShouldBe((4, 1, 1, 1, 1));
        Tally(answer, "live", "hybrid-economic-model")["kept"]!.GetValue<int>().ShouldBe(3);
        var liveResilience = Tally(answer, "live", "territorial-resilience");
        liveResilience["meanAtEmergence"]!.GetValue<double>().ShouldBe(Math.Round(7.0 / 3, 4), 0.0001, "3, 1 and 3 a year on");
        liveResilience["meanPeak"]!.GetValue<double>().ShouldBe(3);
        liveResilience["meanNow"]!.GetValue<double>().ShouldBe(2, "0, 3 and 3");
        var stopped = Tally(answer, "stopped", "collective-ownership");
        (stopped["projects"]!.GetValue<int>(), stopped["lost"]!.GetValue<int>()).ShouldBe((1, 1));

        // A wider margin for a pillar: the stopped project's collective ownership, down by half a point, is kept.
        var wider = await GetJsonAsync($"/api/analytics/persistence?asOf={AsOf}&pillarPoints=0.6");
        Tally(wider, "stopped", "collective-ownership")["kept"]!.GetValue<int>().ShouldBe(1);
        wider["rules"]!["pillarPoints"]!.GetValue<double>().ShouldBe(0.6);
    }

    [Fact]
    public async Task the_rules_are_settings_that_a_query_may_set_again_and_they_change_the_lists()
    {
        var p = await PortfolioAsync();
        var defaults = await GetJsonAsync($"/api/analytics/persistence?asOf={AsOf}");
        defaults["rules"]!["driftPoints"]!.GetValue<int>().ShouldBe(3);
        defaults["rules"]!["closerPoints"]!.GetValue<int>().ShouldBe(3);

        var stricter = await GetJsonAsync($"/api/analytics/persistence?asOf={AsOf}&driftPoints=13&closerPoints=13");
        Ids(stricter, "driftedAway").ShouldBe([p.Drifted], "the stopped project lost 12 points only");
        Ids(stricter, "cameCloser").ShouldBeEmpty("the Recyclerie gained 12 points only");
        Project(stricter, p.Stopped)["trend"]!.GetValue<string>().ShouldBe("steady");

        var refused = await Client.GetAsync($"/api/analytics/persistence?asOf={AsOf}&driftPoints=0&pillarPoints=quatre");
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await ProblemAsync(refused))["errors"]!.AsObject();
        errors.ContainsKey("driftPoints").ShouldBeTrue();
        errors.ContainsKey("pillarPoints").ShouldBeTrue();
    }

    [Fact]
    public async Task the_csv_has_every_reading_in_long_rows_with_french_labels()
    {
        var p = await PortfolioAsync();
        var answer = await GetJsonAsync($"/api/analytics/persistence?asOf={AsOf}");
        var key = Project(answer, p.Drifted)["key"]!.GetValue<string>();
        var csv = Encoding.UTF8.GetString(await Client.GetByteArrayAsync($"/api/analytics/persistence.csv?asOf={AsOf}"));

        csv.ShouldContain("portfolio,2024-06-30,driftedAway,2,Portefeuille · Projets éloignés du potentiel ECT");
        csv.ShouldContain("portfolio,2024-06-30,rule:driftPoints,3,");
        csv.ShouldContain($"{key},2019-03-01,atEmergence:score,");
        csv.ShouldContain($"{key},2018-06-01,peak:score,");
        csv.ShouldContain($"{key},2024-06-30,trend,driftedAway,");
        csv.ShouldContain($"{key},2024-06-30,fate:territorial-resilience,lost,");
        csv.ShouldContain("stopped=live|pillar=collective-ownership,2024-06-30,lost,1,");
        (await Client.GetStringAsync($"/api/analytics/persistence?asOf={AsOf}&format=csv")).ShouldContain("trend,driftedAway");
    }

    [Fact]
    public async Task the_durability_report_reads_the_same_arcs_and_carries_the_persistence_of_live_projects_too()
    {
        var p = await PortfolioAsync();
        var answer = await GetJsonAsync($"/api/analytics/persistence?asOf={AsOf}");
        var one = await GetJsonAsync($"/api/reports/durability/{p.Stopped}?asOf={AsOf}");
        foreach (var arc in one["pillars"]!.AsArray())
        {
            var id = arc!["id"]!.GetValue<string>();
            var course = id == "score" ? Project(answer, p.Stopped)["score"]! : Pillar(Project(answer, p.Stopped), id);
            course["atEmergence"]!.ToJsonString().ShouldBe(arc["atEmergence"]!.ToJsonString(), id);
            course["peak"]!.ToJsonString().ShouldBe(arc["peak"]!.ToJsonString(), id);
            course["now"]!.ToJsonString().ShouldBe(arc["atStop"]!.ToJsonString(), id);
        }

        var report = await GetJsonAsync($"/api/reports/durability?asOf={AsOf}");
        Ids(report["persistence"]!.AsObject(), "driftedAway").ShouldBe([p.Drifted, p.Stopped]);
        var markdown = await Client.GetStringAsync($"/api/reports/durability?asOf={AsOf}&format=md");
        markdown.ShouldContain("La pérennité des piliers");
        markdown.ShouldContain("Les Paniers");
        var page = await Client.GetStringAsync($"/rapports?asOf={AsOf}");
        page.ShouldContain("La pérennité des piliers");
    }

    [Fact]
    public async Task the_aligned_drift_aligns_on_the_emergence_itself()
    {
        await PortfolioAsync();
        var aligned = await GetJsonAsync($"/api/analytics/aligned?on=emergence&asOf={AsOf}");

        aligned["projectsAligned"]!.GetValue<int>().ShouldBe(5);
        var points = aligned["points"]!.AsArray();
        points.ShouldAllBe(x => x!["offsetYears"]!.GetValue<int>() >= 0, "nothing before a project's emergence");
        points.Single(x => x!["offsetYears"]!.GetValue<int>() == 0)!["projects"]!.GetValue<int>().ShouldBe(5);
        points.Single(x => x!["offsetYears"]!.GetValue<int>() == 1)!["projects"]!.GetValue<int>().ShouldBe(4, "the young project is not a year old");
    }

    [Fact]
    public async Task the_page_under_analyses_shows_the_lists_the_table_and_the_chart_in_french()
    {
        await PortfolioAsync();
        var html = WebUtility.HtmlDecode(await Client.GetStringAsync($"/analyses?vue=persistence&asOf={AsOf}&driftPoints=3"));

        html.ShouldContain("Pérennité des piliers");
        html.ShouldContain("Éloignés du potentiel ECT (2)");
        html.ShouldContain("Rapprochés (1)");
        html.ShouldContain("/api/analytics/persistence.csv?asOf=2024-06-30&grid=v1&driftPoints=3&closerPoints=3&pillarPoints=0.5");
        html.ShouldContain("<svg");
        html.ShouldContain("s'en éloignent cependant de plus en plus");
    }
}
