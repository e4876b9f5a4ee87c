using System.Net;
using System.Text.Json.Nodes;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Analytics;

/// <summary>Small hand-built histories whose drift is obvious, read through /api/analytics.</summary>
public class ReplayingDrift(AppFixture app) : ApiTest(app)
{
    private async Task<Guid> FadingCooperationAsync(string name)
    {
        var id = await RegisterAsync(name, "2015-01-01");
        await LogAsync(id, Actor("Mairie", "2015-02-01", "publicBody"));
        await LogAsync(id, Actor("Ferme", "2015-03-01", "farmer"));
        await LogAsync(id, new { type = "accompanimentStarted", occurredOn = "2015-01-15", byHub = true });
        await LogAsync(id, new { type = "accompanimentEnded", occurredOn = "2018-01-15", byHub = true });
        await LogAsync(id, new { type = "actorLeft", occurredOn = "2019-06-01", actorName = "Ferme", reason = "plus le temps" });
        return id;
    }

    [Fact]
    public async Task the_portfolio_at_a_date_counts_by_stage_and_averages_the_pillars()
    {
        await FadingCooperationAsync("Un");
        var two = await RegisterAsync("Deux", "2016-01-01");
        await LogAsync(two, new { type = "projectStopped", occurredOn = "2017-01-01", reasons = new[] { "goalReached" } });

        var at2016 = await GetJsonAsync("/api/analytics/portfolio?asOf=2016-06-30");
        at2016["projects"]!.GetValue<int>().ShouldBe(2);
        at2016["byStage"]!["collective"]!.GetValue<int>().ShouldBe(1);
        at2016["byStage"]!["idea"]!.GetValue<int>().ShouldBe(1);
        var at2018 = await GetJsonAsync("/api/analytics/portfolio?asOf=2018-06-30");
        at2018["byStage"]!["stopped"]!.GetValue<int>().ShouldBe(1);
        // Un: 2 local actors of 2 kinds = local-actors 3, actor-diversity 1, collective-at-emergence 1; Deux: nothing
        at2018["pillarMeans"]!["territorial-anchoring"]!.GetValue<double>().ShouldBe(0.5);
        at2018["pillarMeans"]!["collective-ownership"]!.GetValue<double>().ShouldBe(0.25);
    }

    [Fact]
    public async Task one_projects_drift_is_sampled_by_period_with_the_causes_of_each_change()
    {
        var id = await FadingCooperationAsync("Un");
        var drift = await GetJsonAsync($"/api/analytics/projects/{id}/drift?period=year&asOf=2020-12-31");
        var samples = drift["samples"]!.AsArray();
        samples.Select(s => s!["date"]!.GetValue<string>()).ShouldBe(
            ["2015-12-31", "2016-12-31", "2017-12-31", "2018-12-31", "2019-12-31", "2020-12-31"]);
        samples[3]!["pillarMeans"]!["collective-ownership"]!.GetValue<double>().ShouldBe(0.5);
        samples[4]!["pillarMeans"]!["collective-ownership"]!.GetValue<double>().ShouldBe(0.25, "the farm left in 2019: one kind of actor left");
        var change = drift["changePoints"]!.AsArray().Single(c => c!["date"]!.GetValue<string>() == "2019-06-01")!;
        change["events"]![0]!["type"]!.GetValue<string>().ShouldBe("actorLeft");

        var quarterly = await GetJsonAsync($"/api/analytics/projects/{id}/drift?period=quarter&asOf=2015-12-31");
        quarterly["samples"]!.AsArray().Select(s => s!["date"]!.GetValue<string>()).ShouldBe(["2015-03-31", "2015-06-30", "2015-09-30", "2015-12-31"]);
    }

    [Fact]
    public async Task cohorts_give_mean_median_and_count_per_period()
    {
        await FadingCooperationAsync("Un");
        await FadingCooperationAsync("Deux");
        var lone = await RegisterAsync("Seul", "2015-06-01");
        var cohorts = await GetJsonAsync("/api/analytics/cohorts?by=accompanied&period=year&asOf=2016-12-31");
        var points = cohorts["points"]!.AsArray().Select(p => p!.AsObject()).ToList();
        var yes2016 = points.Single(p => p["cohort"]!.GetValue<string>() == "yes" && p["date"]!.GetValue<string>() == "2016-12-31");
        yes2016["projects"]!.GetValue<int>().ShouldBe(2);
        yes2016["pillars"]!["territorial-anchoring"]!["mean"]!.GetValue<double>().ShouldBe(1.0);
        var no2016 = points.Single(p => p["cohort"]!.GetValue<string>() == "no" && p["date"]!.GetValue<string>() == "2016-12-31");
        no2016["projects"]!.GetValue<int>().ShouldBe(1);
        no2016["score"]!["median"]!.GetValue<double>().ShouldBe(0);
        lone.ShouldNotBe(Guid.Empty);
    }

    [Fact]
    public async Task drift_aligned_on_the_end_of_support_shows_cooperation_fading_after_it()
    {
        await FadingCooperationAsync("Un");
        var aligned = await GetJsonAsync("/api/analytics/aligned?on=hubSupportEnded&asOf=2023-12-31");
        aligned["projectsAligned"]!.GetValue<int>().ShouldBe(1);
        var points = aligned["points"]!.AsArray().ToDictionary(p => p!["offsetYears"]!.GetValue<int>(), p => p!);
        points.Keys.Order().ToArray().ShouldBe(new[] { -3, -2, -1, 0, 1, 2, 3, 4, 5 });
        points[1]!["pillars"]!["collective-ownership"]!["mean"]!.GetValue<double>().ShouldBe(0.5);
        points[2]!["pillars"]!["collective-ownership"]!["mean"]!.GetValue<double>().ShouldBe(0.25);
    }

    [Fact]
    public async Task known_at_shows_what_the_database_said_before_late_entries_and_retractions()
    {
        var id = await RegisterAsync("Tardif", "2015-01-01");
        var wrong = await LogAsync(id, Actor("Erreur", "2015-02-01"));
        // The app's today (a Paris day), not the test machine's UTC date: the two differ every night from 22:00 or 23:00 UTC.
        var yesterday = App.Today.AddDays(-1).ToString("yyyy-MM-dd");
        var today = App.Today.ToString("yyyy-MM-dd");
        // Everything here was recorded today: as known yesterday, the portfolio was empty.
        (await GetJsonAsync($"/api/analytics/portfolio?asOf=2016-01-01&knownAt={yesterday}"))["projects"]!.GetValue<int>().ShouldBe(0);
        (await GetJsonAsync($"/api/analytics/portfolio?asOf=2016-01-01&knownAt={today}"))["projects"]!.GetValue<int>().ShouldBe(1);

        await LogAsync(id, new { type = "retraction", occurredOn = today, retractedEventId = wrong, reason = "saisie" });
        var now = await GetJsonAsync("/api/analytics/portfolio?asOf=2016-01-01");
        now["profiles"]![0]!["indicators"]!["activeActors"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task grid_v2_rescores_the_same_history_without_touching_the_events()
    {
        var id = await FadingCooperationAsync("Un");
        await LogAsync(id, new { type = "criteriaAssessed", occurredOn = "2016-01-01", gridVersion = "v1", scores = new object[] { new { criterionId = "cooperation-alive", points = 3 } } });
        var eventsBefore = (await HistoryAsync(id)).Count;

        var v1 = await GetJsonAsync($"/api/projects/{id}?asOf=2020-01-01&grid=v1");
        var v2 = await GetJsonAsync($"/api/projects/{id}?asOf=2020-01-01&grid=v2");
        Points(v1, "cooperation-alive").ShouldBe(3);
        Points(v2, "cooperation-alive").ShouldBe(1, "v2 derives it: one actor of two left (50 %)");
        v2["score"]!["score"]!.GetValue<int>().ShouldBe(v1["score"]!["score"]!.GetValue<int>() - 2);

        var compare = await GetJsonAsync("/api/analytics/compare?grid=v1&with=v2&asOf=2020-01-01");
        compare["base"]!["gridVersion"]!.GetValue<string>().ShouldBe("v1");
        compare["other"]!["gridVersion"]!.GetValue<string>().ShouldBe("v2");
        (await HistoryAsync(id)).Count.ShouldBe(eventsBefore);

        static int Points(JsonObject project, string criterion) =>
            project["score"]!["criteria"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == criterion)!["points"]!.GetValue<int>();
    }

    [Fact]
    public async Task a_portfolio_profile_carries_the_points_of_the_project_card_and_what_was_never_assessed()
    {
        var id = await RegisterAsync("Compact", "2015-06-01");
        await LogAsync(id, Actor("Mairie", "2015-07-01", "publicBody"));
        await LogAsync(id, new { type = "criteriaAssessed", occurredOn = "2016-01-01", gridVersion = "v1", scores = new object[] { new { criterionId = "cooperation-alive", points = 3 } } });

        var card = (await GetJsonAsync($"/api/projects/{id}?asOf=2020-01-01"))["score"]!;
        var profile = (await GetJsonAsync("/api/analytics/portfolio?asOf=2020-01-01"))["profiles"]!.AsArray().Single()!["score"]!;
        var criteria = card["criteria"]!.AsArray();
        profile["points"]!.AsObject().Select(p => (p.Key, p.Value!.GetValue<int>()))
            .ShouldBe(criteria.Select(c => (c!["id"]!.GetValue<string>(), c["points"]!.GetValue<int>())));
        profile["neverAssessed"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldBe(criteria
            .Where(c => c!["source"]!.GetValue<string>() == "assessed" && !c["assessed"]!.GetValue<bool>()).Select(c => c!["id"]!.GetValue<string>()));
        profile["neverAssessed"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldNotContain("cooperation-alive");
        profile["neverAssessed"]!.AsArray().Count.ShouldBeGreaterThan(0);
        profile["score"]!.GetValue<int>().ShouldBe(card["score"]!.GetValue<int>());
        profile.AsObject().ContainsKey("criteria").ShouldBeFalse("labels and rationales are the grid's and the project page's");
    }

    [Fact]
    public async Task answers_come_as_tidy_csv_too()
    {
        await FadingCooperationAsync("Un");
        foreach (var url in new[] { "/api/analytics/distribution.csv?asOf=2020-01-01", "/api/analytics/distribution?asOf=2020-01-01&format=csv" })
        {
            var response = await Client.GetAsync(url);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
            var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lines[0].ShouldBe("subject,date,measure,value,libelle");
            lines.ShouldContain("portfolio,2020-01-01,threshold,26,Portefeuille · Seuil de potentiel ECT");
            lines.ShouldContain("score:3,2020-01-01,projects,0,Projets au score 3 · Nombre de projets");
        }
    }

    [Fact]
    public async Task the_drift_of_an_unknown_project_is_a_404()
    {
        var response = await Client.GetAsync($"/api/analytics/projects/{Guid.NewGuid()}/drift");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ProblemAsync(response))["title"]!.GetValue<string>().ShouldBe("Projet inconnu");
    }

    [Theory]
    [InlineData("/api/analytics/cohorts?by=colour", "by")]
    [InlineData("/api/analytics/cohorts", "by")]
    [InlineData("/api/analytics/distribution?asOf=1980-01-01", "asOf")]
    [InlineData("/api/analytics/sample?grid=v9", "grid")]
    [InlineData("/api/analytics/aligned?on=moonLanding", "on")]
    [InlineData("/api/analytics/compare?grid=v1", "with")]
    [InlineData("/api/analytics/portfolio?knownAt=demain", "knownAt")]
    [InlineData("/api/analytics/portfolio?format=pdf", "format")]
    public async Task bad_parameters_are_a_400_naming_them(string url, string field)
    {
        var response = await Client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(response))["errors"]![field].ShouldNotBeNull();
    }
}
