using System.Net;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Projects;

public class ReadingHistory(AppFixture app) : ApiTest(app)
{
    private static readonly object[] Journey =
    [
        Actor("Mairie", "2018-04-01", "publicBody"),
        Actor("Ferme du Val", "2018-05-01", "farmer"),
        new { type = "carrierIdentified", occurredOn = "2018-06-01", carrierName = "Julie" },
        new { type = "fundingSecured", occurredOn = "2019-01-01", fundingId = "F1", sourceKind = "publicSubsidy", funder = "Département", amountEuros = 8000 },
        new { type = "legalFormAdopted", occurredOn = "2019-02-01", form = "association", inEss = true },
        new { type = "criteriaAssessed", occurredOn = "2019-06-01", gridVersion = "v1", scores = new object[] { new { criterionId = "social-cohesion", points = 3 } } },
        new { type = "actorLeft", occurredOn = "2020-01-01", actorName = "Mairie", reason = "changement d'équipe" },
    ];

    [Fact]
    public async Task history_logged_late_and_out_of_order_gives_the_same_state_as_logged_in_order()
    {
        var inOrder = await RegisterAsync("Dans l'ordre");
        foreach (var m in Journey) await LogAsync(inOrder, m);
        var late = await RegisterAsync("En retard");
        // the staff enter the history years later, newest first, except that a leave needs its join
        foreach (var i in new[] { 5, 4, 3, 0, 6, 2, 1 }) await LogAsync(late, Journey[i]);

        foreach (var date in new[] { "2018-03-01", "2018-04-15", "2019-01-15", "2019-12-31", "2024-06-30" })
        {
            var a = await GetJsonAsync($"/api/projects/{inOrder}?asOf={date}");
            var b = await GetJsonAsync($"/api/projects/{late}?asOf={date}");
            foreach (var key in new[] { "stage", "legalForm", "carrier", "indicators", "score" })
                b[key]?.ToJsonString().ShouldBe(a[key]?.ToJsonString(), $"{key} at {date}");
        }
        var driftA = await GetJsonAsync($"/api/projects/{inOrder}/drift");
        var driftB = await GetJsonAsync($"/api/projects/{late}/drift");
        driftB["points"]!.AsArray().Select(p => p!["score"]!.GetValue<int>())
            .ShouldBe(driftA["points"]!.AsArray().Select(p => p!["score"]!.GetValue<int>()));
    }

    [Fact]
    public async Task the_history_is_in_business_order_with_recording_time_and_retractions_marked()
    {
        var id = await RegisterAsync();
        var later = await LogAsync(id, Actor("Amap", "2019-05-01"));
        var earlier = await LogAsync(id, Actor("Mairie", "2018-05-01", "publicBody"));
        var retraction = await LogAsync(id, new { type = "retraction", occurredOn = "2020-01-01", retractedEventId = later, reason = "doublon" });

        var history = await HistoryAsync(id);
        history.Select(e => e!["eventId"]!.GetValue<Guid>()).Skip(1).ShouldBe([earlier, later, retraction]);
        var retracted = history.Single(e => e!["eventId"]!.GetValue<Guid>() == later)!;
        retracted["retracted"]!.GetValue<bool>().ShouldBeTrue();
        retracted["retractedBy"]!["reason"]!.GetValue<string>().ShouldBe("doublon");
        // Recorded by the app's clock, which stands still in the tests (PostgreSQL keeps microseconds).
        history.ShouldAllBe(e => (e!["recordedAt"]!.GetValue<DateTimeOffset>() - App.Clock.GetUtcNow()).Duration() < TimeSpan.FromMicroseconds(1));
        history.Single(e => e!["eventId"]!.GetValue<Guid>() == earlier)!["retracted"]!.GetValue<bool>().ShouldBeFalse();
        retracted["data"]!["actorName"]!.GetValue<string>().ShouldBe("Amap");

        var state = await GetJsonAsync($"/api/projects/{id}?asOf=2019-12-31");
        state["collective"]!.AsArray().Select(a => a!["actorName"]!.GetValue<string>()).ShouldBe(["Mairie"]);
    }

    [Fact]
    public async Task retracting_twice_or_retracting_the_registration_is_refused()
    {
        var id = await RegisterAsync();
        var note = await LogAsync(id, new { type = "note", occurredOn = "2019-01-01", text = "erreur" });
        await LogAsync(id, new { type = "retraction", occurredOn = "2019-02-01", retractedEventId = note, reason = "saisie" });
        var again = await PostMilestoneAsync(id, new { type = "retraction", occurredOn = "2019-03-01", retractedEventId = note, reason = "saisie" });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await ProblemAsync(again))["rule"]!.GetValue<string>().ShouldBe("alreadyRetracted");

        var registration = (await HistoryAsync(id))[0]!["eventId"]!.GetValue<Guid>();
        var reg = await PostMilestoneAsync(id, new { type = "retraction", occurredOn = "2019-03-01", retractedEventId = registration, reason = "x" });
        (await ProblemAsync(reg))["rule"]!.GetValue<string>().ShouldBe("registrationNotRetractable");
        (await HistoryAsync(id)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task drift_gives_one_point_per_date_where_the_score_moved_with_its_causes()
    {
        var id = await RegisterAsync();
        var join = await LogAsync(id, Actor("Mairie", "2018-04-01", "publicBody"));
        await LogAsync(id, new { type = "note", occurredOn = "2018-05-01", text = "réunion" });
        await LogAsync(id, new { type = "carrierIdentified", occurredOn = "2018-06-01", carrierName = "Julie" });

        var drift = await GetJsonAsync($"/api/projects/{id}/drift");
        var points = drift["points"]!.AsArray();
        points.Select(p => p!["date"]!.GetValue<string>()).ShouldBe(["2018-03-01", "2018-04-01", "2018-06-01"]);
        points[1]!["events"]![0]!["eventId"]!.GetValue<Guid>().ShouldBe(join);
        points[2]!["pillarMeans"]!["hybrid-economic-model"]!.GetValue<double>().ShouldBe(1.0);
    }

    [Fact]
    public async Task read_parameters_are_checked()
    {
        var id = await RegisterAsync();
        var badDate = await Client.GetAsync($"/api/projects/{id}?asOf=hier");
        badDate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(badDate))["errors"]!["asOf"].ShouldNotBeNull();
        var badGrid = await Client.GetAsync($"/api/projects?grid=v9");
        (await ProblemAsync(badGrid))["errors"]!["grid"]![0]!.GetValue<string>().ShouldContain("v1");
        var beforeBirth = await Client.GetAsync($"/api/projects/{id}?asOf=2010-01-01");
        beforeBirth.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
