using System.Net;
using System.Text.Json.Nodes;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Outputs;

/// <summary>
/// What projects produce, summed at a date through the API on a hand-built portfolio: each measure's last value by then,
/// a late entry counted at its business date (and not "as known" before it was recorded), a retraction taking a value
/// back, volumes of different units kept apart, groups, the CSV, the card and the durability report.
/// </summary>
public class SummingOutputs(AppFixture app) : ApiTest(app)
{
    private Guid _paniers, _salamandre;

    private async Task BuildAsync()
    {
        _paniers = await RegisterAsync("Les Paniers", "2018-03-01");
        _salamandre = await RegisterAsync("La Salamandre", "2019-02-01");
        await LogAsync(_paniers, new { type = "outputsMeasured", occurredOn = "2019-01-01", jobsFte = "2,5", beneficiaries = 120,
            activityVolume = "1 200", activityUnit = "paniers", turnoverEuros = "15 000,50" });
        await LogAsync(_paniers, new { type = "outputsMeasured", occurredOn = "2020-06-01", jobsFte = "3" });
        await LogAsync(_salamandre, new { type = "outputsMeasured", occurredOn = "2019-06-01", jobsFte = 1, beneficiaries = 80,
            activityVolume = "4,5", activityUnit = "Tonnes" });
    }

    private static JsonObject Figure(JsonObject answer, string measure, string? unit = null, string cohort = "all") =>
        answer["figures"]!.AsArray().Select(f => f!.AsObject())
            .Single(f => f["measure"]!.GetValue<string>() == measure && f["unit"]?.GetValue<string>() == unit && f["cohort"]!.GetValue<string>() == cohort);

    [Fact]
    public async Task each_measure_sums_the_last_value_of_each_project_by_the_date_and_units_are_never_added()
    {
        await BuildAsync();

        var end2019 = await GetJsonAsync("/api/analytics/outputs?asOf=2019-12-31");
        end2019["projects"]!.GetValue<int>().ShouldBe(2);
        var jobs = Figure(end2019, "jobsFte");
        (jobs["projects"]!.GetValue<int>(), jobs["sum"]!.GetValue<decimal>(), jobs["median"]!.GetValue<decimal>()).ShouldBe((2, 3.5m, 1.75m));
        Figure(end2019, "beneficiaries")["sum"]!.GetValue<decimal>().ShouldBe(200);
        Figure(end2019, "activityVolume", "paniers")["sum"]!.GetValue<decimal>().ShouldBe(1200);
        Figure(end2019, "activityVolume", "tonnes")["sum"]!.GetValue<decimal>().ShouldBe(4.5m);
        Figure(end2019, "turnoverEuros")["projects"]!.GetValue<int>().ShouldBe(1);

        var mid2019 = await GetJsonAsync("/api/analytics/outputs?asOf=2019-03-01");
        Figure(mid2019, "jobsFte")["sum"]!.GetValue<decimal>().ShouldBe(2.5m, "La Salamandre measured nothing yet");

        var end2020 = await GetJsonAsync("/api/analytics/outputs?asOf=2020-12-31");
        Figure(end2020, "jobsFte")["sum"]!.GetValue<decimal>().ShouldBe(4m, "3 FTE replace 2,5 from 2020-06-01");
        Figure(end2020, "beneficiaries")["sum"]!.GetValue<decimal>().ShouldBe(200, "a measure holds until the next of the same measure");
    }

    [Fact]
    public async Task a_late_entry_counts_at_its_business_date_unless_read_as_known_before_it_and_a_retraction_takes_it_back()
    {
        await BuildAsync();
        var firstDay = App.Today;
        App.Clock.Advance(TimeSpan.FromDays(40));
        var late = await LogAsync(_salamandre, new { type = "outputsMeasured", occurredOn = "2019-09-01", jobsFte = "2" });

        Figure(await GetJsonAsync("/api/analytics/outputs?asOf=2019-12-31"), "jobsFte")["sum"]!.GetValue<decimal>().ShouldBe(4.5m);
        Figure(await GetJsonAsync("/api/analytics/outputs?asOf=2019-08-31"), "jobsFte")["sum"]!.GetValue<decimal>().ShouldBe(3.5m, "not before its business date");
        var known = await GetJsonAsync($"/api/analytics/outputs?asOf=2019-12-31&knownAt={firstDay:yyyy-MM-dd}");
        known["knownAt"]!.GetValue<string>().ShouldBe(firstDay.ToString("yyyy-MM-dd"));
        Figure(known, "jobsFte")["sum"]!.GetValue<decimal>().ShouldBe(3.5m, "as known before it was recorded");

        var lateDay = App.Today;
        App.Clock.Advance(TimeSpan.FromDays(1));
        await LogAsync(_salamandre, new { type = "retraction", occurredOn = App.Today.ToString("yyyy-MM-dd"), retractedEventId = late, reason = "mauvais projet" });
        Figure(await GetJsonAsync("/api/analytics/outputs?asOf=2019-12-31"), "jobsFte")["sum"]!.GetValue<decimal>().ShouldBe(3.5m);
        var before = lateDay;
        Figure(await GetJsonAsync($"/api/analytics/outputs?asOf=2019-12-31&knownAt={before:yyyy-MM-dd}"), "jobsFte")["sum"]!.GetValue<decimal>()
            .ShouldBe(4.5m, "the retraction was recorded after that day");
    }

    [Fact]
    public async Task groups_compare_the_cohorts_and_a_stopped_project_no_longer_counts_after_its_stop()
    {
        await BuildAsync();
        (await Client.GetAsync("/api/analytics/outputs?asOf=2019-12-31&by=territory")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var grouped = await GetJsonAsync("/api/analytics/outputs?asOf=2019-12-31&by=emergenceYear");
        Figure(grouped, "jobsFte", cohort: "2018")["sum"]!.GetValue<decimal>().ShouldBe(2.5m);
        Figure(grouped, "jobsFte", cohort: "2019")["sum"]!.GetValue<decimal>().ShouldBe(1m);
        Figure(grouped, "jobsFte")["sum"]!.GetValue<decimal>().ShouldBe(3.5m);

        await LogAsync(_salamandre, new { type = "projectStopped", occurredOn = "2021-05-01", reasons = new[] { "fundingLostOrEnded" } });
        var after = await GetJsonAsync("/api/analytics/outputs?asOf=2021-12-31");
        after["projects"]!.GetValue<int>().ShouldBe(2);
        after["projectsReporting"]!.GetValue<int>().ShouldBe(1);
        Figure(after, "jobsFte")["sum"]!.GetValue<decimal>().ShouldBe(3m);

        var report = await Client.GetStringAsync($"/api/reports/durability/{_salamandre}?format=md");
        report.ShouldContain("Ce qu'il avait produit à l'arrêt");
        report.ShouldContain("1 ETP");
        report.ShouldContain("4,5 tonnes");
    }

    [Fact]
    public async Task the_csv_is_tidy_with_french_labels_and_bad_parameters_are_a_400()
    {
        await BuildAsync();
        var response = await Client.GetAsync("/api/analytics/outputs.csv?asOf=2019-12-31");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("subject,date,measure,value,libelle");
        lines.ShouldContain(l => l.StartsWith("portfolio,2019-12-31,sum:jobsFte,3.5,", StringComparison.Ordinal) && l.Contains("Somme : Emplois (ETP)"));
        lines.ShouldContain(l => l.StartsWith("portfolio,2019-12-31,sum:activityVolume:tonnes,4.5,", StringComparison.Ordinal) && l.Contains("tonnes"));
        lines.ShouldContain(l => l.Contains(",2019-01-01,jobsFte,2.5,", StringComparison.Ordinal));
        (await Client.GetStringAsync("/api/analytics/outputs?asOf=2019-12-31&format=csv")).ShouldContain("sum:beneficiaries,200");

        var bad = await Client.GetAsync("/api/analytics/outputs?asOf=2019-13-01&by=colour");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await ProblemAsync(bad))["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(["asOf", "by"], ignoreOrder: true);
    }

    [Fact]
    public async Task the_card_shows_the_outputs_over_time_up_to_its_date()
    {
        await BuildAsync();
        var card = await VisibleText.GetAsync(Client, $"/projets/{_paniers}");
        card.ShouldContain("Production au fil du temps");
        card.ShouldContain("15 000,50 €");
        card.ShouldContain("1 200 paniers");
        card.ShouldContain("01/06/2020");

        var then = await VisibleText.GetAsync(Client, $"/projets/{_paniers}?asOf=2019-12-31");
        then.ShouldContain("Production au fil du temps");
        then.ShouldContain("01/01/2019 120 2,5 1 200 paniers 15 000,50 €");
        then[then.IndexOf("Production au fil du temps", StringComparison.Ordinal)..].ShouldNotContain("01/06/2020 3");
    }

    [Fact]
    public async Task a_unit_is_shown_as_typed_its_symbols_capitals_kept_and_compared_whatever_its_case()
    {
        await BuildAsync();
        await LogAsync(_paniers, new { type = "outputsMeasured", occurredOn = "2019-08-01", activityVolume = "15 000,5", activityUnit = "MWh" });
        await LogAsync(_salamandre, new { type = "outputsMeasured", occurredOn = "2019-07-01", activityVolume = "500", activityUnit = "MWH" });
        var card = await VisibleText.GetAsync(Client, $"/projets/{_paniers}?asOf=2019-12-31");
        card.ShouldContain("15 000,5 MWh", Case.Sensitive);
        card.ShouldContain("(12 derniers mois) — MWh", Case.Sensitive);
        card.ShouldNotContain("mwh", Case.Sensitive);

        // One unit for the analyses (2 projects), shown as most wrote it; the CSV's measure still names it as it is compared,
        // its label as it is shown (it read « — mwh »).
        var answer = await GetJsonAsync("/api/analytics/outputs?asOf=2019-12-31");
        Figure(answer, "activityVolume", "mwh")["projects"]!.GetValue<int>().ShouldBe(2);
        var page = await VisibleText.GetAsync(Client, "/analyses?vue=outputs&asOf=2019-12-31");
        page.ShouldContain("— MWh 2 15 500,5 MWh", Case.Sensitive, "one project each way: the latest measurement's spelling");
        page.ShouldContain("4,5 tonnes", Case.Sensitive);
        var csv = (await Client.GetStringAsync("/api/analytics/outputs.csv?asOf=2019-12-31")).Split('\n');
        csv.ShouldContain(l => l.StartsWith("portfolio,2019-12-31,sum:activityVolume:mwh,15500.5,", StringComparison.Ordinal)
            && l.EndsWith("— MWh", StringComparison.Ordinal));
        csv.Where(l => l.Contains(":activityVolume:mwh", StringComparison.Ordinal) || l.Contains(",activityVolume:mwh", StringComparison.Ordinal))
            .Count().ShouldBe(6, "reporting, sum, median, mean and one row per project");
        csv.Where(l => l.Contains("activityVolume:mwh", StringComparison.Ordinal)).ShouldAllBe(l => !l.Split(',').Last().Contains("mwh"));
    }
}
