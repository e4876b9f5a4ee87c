using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests;

/// <summary>
/// The app's days are Paris days, whatever the server's zone and the hour in UTC: late at night in UTC, and on the
/// days the clocks go forward (2026-03-29, 23 hours) and back (2026-10-25, 25 hours). Each scenario stops the app's
/// clock at an instant and reads "today" through the app: what is refused as the future, the forms' and the reads'
/// default date, "as known at" a day.
/// </summary>
public partial class ParisDays(AppFixture app) : ApiTest(app)
{
    public static TheoryData<string, string> Instants => new()
    {
        { "2026-01-15T23:30:00Z", "2026-01-16" }, // winter night: 00:30 in Paris
        { "2026-06-15T23:30:00Z", "2026-06-16" }, // summer night: 01:30 in Paris
        { "2026-06-15T21:59:59Z", "2026-06-15" }, // 23:59:59 in Paris
        { "2026-03-28T23:30:00Z", "2026-03-29" }, // the night the clocks go forward, 00:30 (+01:00)
        { "2026-03-29T00:30:00Z", "2026-03-29" }, // 01:30 (+01:00), half an hour before 02:00 becomes 03:00
        { "2026-03-29T01:30:00Z", "2026-03-29" }, // 03:30 (+02:00), just after
        { "2026-03-29T22:30:00Z", "2026-03-30" }, // 00:30 (+02:00): the 23-hour day is over
        { "2026-10-24T22:30:00Z", "2026-10-25" }, // the night the clocks go back, 00:30 (+02:00)
        { "2026-10-25T00:30:00Z", "2026-10-25" }, // 02:30 (+02:00), the first time
        { "2026-10-25T01:30:00Z", "2026-10-25" }, // 02:30 (+01:00), the second time
        { "2026-10-25T22:30:00Z", "2026-10-25" }, // 23:30 (+01:00): the 25-hour day goes on
        { "2026-10-25T23:30:00Z", "2026-10-26" }, // 00:30 (+01:00)
    };

    [Theory, MemberData(nameof(Instants))]
    public async Task today_is_the_paris_date_for_what_is_refused_as_the_future_and_for_every_default(string instant, string parisDate)
    {
        var today = DateOnly.ParseExact(parisDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var tomorrow = Iso(today.AddDays(1));
        var id = await RegisterAsync("Avant", "2015-01-01");
        App.Clock.AdjustTime(DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture));
        App.Today.ShouldBe(today);

        (await RegisterAsync("Aujourd'hui", parisDate)).ShouldNotBe(Guid.Empty);
        await ShouldBeTheFutureAsync(await Client.PostAsJsonAsync("/api/projects", Registration("Demain", tomorrow)));
        await LogAsync(id, new { type = "note", occurredOn = parisDate, text = "ce jour" });
        await ShouldBeTheFutureAsync(await PostMilestoneAsync(id, new { type = "note", occurredOn = tomorrow, text = "demain" }));

        (await GetJsonAsync($"/api/projects/{id}"))["asOf"]!.GetValue<string>().ShouldBe(parisDate);
        (await GetJsonAsync("/api/analytics/distribution"))["asOf"]!.GetValue<string>().ShouldBe(parisDate);
        (await Client.GetAsync($"/api/analytics/portfolio?asOf={tomorrow}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        DateInputs(await Client.GetStringAsync($"/projets/{id}/jalon/note")).ShouldBe([parisDate], "the milestone form's date");
        DateInputs(await Client.GetStringAsync("/projets/nouveau")).ShouldBe([parisDate], "the registration form's date");
        DateInputs(await Client.GetStringAsync($"/projets/{id}/evaluation")).ShouldBe([parisDate], "the assessment form's date");
        (await Client.GetStringAsync($"/projets/{id}")).ShouldContain($"max=\"{parisDate}\"");
    }

    [Theory, MemberData(nameof(Instants))]
    public async Task what_is_recorded_now_is_known_at_the_end_of_todays_paris_date_and_not_the_day_before(string instant, string parisDate)
    {
        var today = DateOnly.ParseExact(parisDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        App.Clock.AdjustTime(DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture));
        await RegisterAsync("Tardif", "2015-01-01");

        (await KnownProjectsAsync(today.AddDays(-1))).ShouldBe(0);
        (await KnownProjectsAsync(today)).ShouldBe(1);
        (await Client.GetAsync($"/api/analytics/portfolio?knownAt={Iso(today.AddDays(1))}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    public static TheoryData<string, string, double> DaysTheClocksChange => new()
    {
        { "2026-03-29", "2026-03-28T23:00:00Z", 23 },
        { "2026-10-25", "2026-10-24T22:00:00Z", 25 },
        { "2026-06-15", "2026-06-14T22:00:00Z", 24 },
        { "2026-01-15", "2026-01-14T23:00:00Z", 24 },
    };

    [Theory, MemberData(nameof(DaysTheClocksChange))]
    public async Task a_day_as_known_at_runs_from_paris_midnight_to_paris_midnight_however_long_it_is(string day, string startsAt, double hours)
    {
        var date = DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var start = DateTimeOffset.Parse(startsAt, CultureInfo.InvariantCulture);
        var end = start.AddHours(hours);
        App.Clock.AdjustTime(start.AddTicks(-10)); // the last microsecond of the day before
        var id = await RegisterAsync("Bornes", "2015-01-01");
        App.Clock.AdjustTime(start);
        await LogAsync(id, Actor("Première heure", "2015-02-01"));
        App.Clock.AdjustTime(end.AddTicks(-10));
        await LogAsync(id, Actor("Dernière heure", "2015-02-01"));
        App.Clock.AdjustTime(end);
        await LogAsync(id, Actor("Lendemain", "2015-02-01"));

        (await KnownActorsAsync(date.AddDays(-1))).ShouldBe(0);
        (await KnownActorsAsync(date)).ShouldBe(2);
        (await KnownActorsAsync(date.AddDays(1))).ShouldBe(3);
    }

    private async Task<int> KnownProjectsAsync(DateOnly knownAt) =>
        (await GetJsonAsync($"/api/analytics/portfolio?asOf=2016-01-01&knownAt={Iso(knownAt)}"))["projects"]!.GetValue<int>();

    private async Task<int> KnownActorsAsync(DateOnly knownAt)
    {
        var portfolio = await GetJsonAsync($"/api/analytics/portfolio?asOf=2016-01-01&knownAt={Iso(knownAt)}");
        return portfolio["profiles"]!.AsArray().Sum(p => p!["indicators"]!["activeActors"]!.GetValue<int>());
    }

    private static async Task ShouldBeTheFutureAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        var errors = (await ProblemAsync(response))["errors"]!.AsObject();
        errors["occurredOn"]![0]!.GetValue<string>().ShouldContain("futur");
    }

    private static List<string> DateInputs(string html) =>
        DateInput().Matches(html).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex("name=\"occurredOn\" type=\"date\" value=\"([^\"]*)\"")]
    private static partial Regex DateInput();

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
