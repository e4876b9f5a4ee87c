using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Projects;

public class LoggingMilestones(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task every_kind_of_milestone_is_accepted_and_shapes_the_state()
    {
        var id = await RegisterAsync();
        await LogAsync(id, Actor("Mairie", "2018-04-01", "publicBody"));
        await LogAsync(id, Actor("Amap", "2018-04-02"));
        await LogAsync(id, Actor("Labo", "2018-05-01", "researchBody", isLocal: false));
        await LogAsync(id, new { type = "actorLeft", occurredOn = "2019-01-01", actorName = "Labo", reason = "fin du programme" });
        await LogAsync(id, new { type = "carrierIdentified", occurredOn = "2018-06-01", carrierName = "Julie" });
        await LogAsync(id, new { type = "carrierLost", occurredOn = "2019-06-01", reason = "déménagement" });
        await LogAsync(id, new { type = "carryingHandedOver", occurredOn = "2019-07-01", from = "Julie", to = "Amap", hubAsIntermediary = true });
        await LogAsync(id, new { type = "structuringPathChosen", occurredOn = "2018-09-01", path = "newLegalEntity" });
        await LogAsync(id, new { type = "legalFormAdopted", occurredOn = "2018-10-01", form = "association", inEss = true });
        await LogAsync(id, new { type = "legalFormAdopted", occurredOn = "2020-10-01", form = "scic", inEss = true });
        await LogAsync(id, new { type = "fundingSecured", occurredOn = "2018-11-01", fundingId = "REG-1", sourceKind = "publicSubsidy", funder = "Région", amountEuros = 15000, periodStart = "2018-11-01", periodEnd = "2019-10-31" });
        await LogAsync(id, new { type = "fundingSecured", occurredOn = "2019-01-01", fundingId = "VENTES", sourceKind = "sales", funder = "clients", amountEuros = 5000 });
        await LogAsync(id, new { type = "fundingEnded", occurredOn = "2019-10-31", fundingId = "REG-1", reason = "fin de convention" });
        await LogAsync(id, new { type = "accompanimentStarted", occurredOn = "2018-04-01", byHub = true, programme = "Émergence" });
        await LogAsync(id, new { type = "accompanimentEnded", occurredOn = "2020-04-01", byHub = true });
        await LogAsync(id, new { type = "accompanimentStarted", occurredOn = "2020-05-01", byHub = false, structure = "France Active" });
        await LogAsync(id, new { type = "externalExpertiseSought", occurredOn = "2019-02-01", what = "juridique SCIC", fromWhom = "URSCOP", outsideTerritory = true });
        await LogAsync(id, new { type = "criteriaAssessed", occurredOn = "2020-01-15", gridVersion = "v1", scores = new object[] { new { criterionId = "cooperation-alive", points = 2, rationale = "réunions mensuelles" } } });
        await LogAsync(id, new { type = "projectPaused", occurredOn = "2021-01-01", reason = "crise sanitaire" });
        await LogAsync(id, new { type = "projectResumed", occurredOn = "2021-06-01" });
        await LogAsync(id, new { type = "note", occurredOn = "2021-07-01", text = "Bilan positif" });

        var p = await GetJsonAsync($"/api/projects/{id}?asOf=2021-12-31");
        p["stage"]!.GetValue<string>().ShouldBe("operating");
        p["legalForm"]!["form"]!.GetValue<string>().ShouldBe("scic");
        p["carrier"]!["name"]!.GetValue<string>().ShouldBe("Amap");
        p["indicators"]!["activeActors"]!.GetValue<int>().ShouldBe(2);
        p["indicators"]!["localActorShare"]!.GetValue<double>().ShouldBe(1.0);
        p["indicators"]!["activeFundingEuros"]!.GetValue<decimal>().ShouldBe(5000m);
        p["indicators"]!["publicShare"]!.GetValue<double>().ShouldBe(0.0);
        p["indicators"]!["hubAccompanimentActive"]!.GetValue<bool>().ShouldBeFalse();
        p["indicators"]!["fundingSourceKinds"]!.AsArray().Select(k => k!.GetValue<string>()).ShouldBe(["sales"]);
        var cooperation = p["score"]!["criteria"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == "cooperation-alive")!;
        cooperation["points"]!.GetValue<int>().ShouldBe(2);
        cooperation["assessed"]!.GetValue<bool>().ShouldBeTrue();
        p["score"]!["threshold"]!.GetValue<int>().ShouldBe(26);
        p["score"]!["gridVersion"]!.GetValue<string>().ShouldBe("v1");

        var paused = await GetJsonAsync($"/api/projects/{id}?asOf=2021-03-01");
        paused["stage"]!.GetValue<string>().ShouldBe("paused");
        var early = await GetJsonAsync($"/api/projects/{id}?asOf=2019-03-01");
        early["indicators"]!["publicShare"]!.GetValue<double>().ShouldBe(0.75);
        early["indicators"]!["hubAccompanimentActive"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task an_unknown_type_lists_the_known_ones_and_appends_nothing()
    {
        var id = await RegisterAsync();
        var response = await PostMilestoneAsync(id, new { type = "actorArrived", occurredOn = "2019-01-01" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var message = (await ProblemAsync(response))["errors"]!["type"]![0]!.GetValue<string>();
        message.ShouldContain("actorJoined");
        message.ShouldContain("retraction");
        (await HistoryAsync(id)).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("2999-01-01", "futur")]
    [InlineData("1989-12-31", "01/01/1990")]
    [InlineData("15/03/2021", "AAAA-MM-JJ")]
    public async Task a_bad_business_date_is_a_400_naming_occurredOn(string date, string hint)
    {
        var id = await RegisterAsync();
        var response = await PostMilestoneAsync(id, new { type = "note", occurredOn = date, text = "x" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(response))["errors"]!["occurredOn"]![0]!.GetValue<string>().ShouldContain(hint);
        (await HistoryAsync(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task assessment_points_must_be_0_to_3_on_criteria_the_grid_knows()
    {
        var id = await RegisterAsync();
        var response = await PostMilestoneAsync(id, new
        {
            type = "criteriaAssessed", occurredOn = "2019-01-01", gridVersion = "v1",
            scores = new object[]
            {
                new { criterionId = "cooperation-alive", points = 4 },
                new { criterionId = "no-such-criterion", points = 1 },
                new { criterionId = "local-actors", points = 1 },
            },
        });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await ProblemAsync(response))["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(["scores[0].points", "scores[1].criterionId", "scores[2].criterionId"], ignoreOrder: true);

        var unknownGrid = await PostMilestoneAsync(id, new
        {
            type = "criteriaAssessed", occurredOn = "2019-01-01", gridVersion = "v42",
            scores = new object[] { new { criterionId = "cooperation-alive", points = 1 } },
        });
        (await ProblemAsync(unknownGrid))["errors"]!["gridVersion"]![0]!.GetValue<string>().ShouldContain("v1");
        (await HistoryAsync(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_milestone_for_an_unknown_project_is_a_404()
    {
        var response = await PostMilestoneAsync(Guid.NewGuid(), new { type = "note", occurredOn = "2020-01-01", text = "x" });
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Client.GetAsync($"/api/projects/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Client.GetAsync($"/api/projects/{Guid.NewGuid()}/history")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task broken_rules_are_409s_that_say_which_rule_and_append_nothing()
    {
        var id = await RegisterAsync();
        async Task ShouldBreak(object milestone, string rule)
        {
            var response = await PostMilestoneAsync(id, milestone);
            response.StatusCode.ShouldBe(HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
            var problem = await ProblemAsync(response);
            problem["rule"]!.GetValue<string>().ShouldBe(rule);
            problem["detail"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        }

        await ShouldBreak(new { type = "actorLeft", occurredOn = "2019-01-01", actorName = "Fantôme", reason = "r" }, "actorNotInCollective");
        await ShouldBreak(new { type = "projectResumed", occurredOn = "2019-01-01" }, "notPaused");
        await ShouldBreak(new { type = "fundingEnded", occurredOn = "2019-01-01", fundingId = "F404" }, "fundingNotActive");
        await ShouldBreak(new { type = "note", occurredOn = "2017-01-01", text = "avant" }, "beforeEmergence");
        await LogAsync(id, new { type = "projectStopped", occurredOn = "2020-01-01", reasons = new[] { "fundingLostOrEnded" }, note = "fin" });
        await ShouldBreak(Actor("Tard", "2020-06-01"), "projectStopped");
        await LogAsync(id, new { type = "note", occurredOn = "2021-01-01", text = "ce qu'il en reste" });

        (await HistoryAsync(id)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task a_stale_expected_version_is_a_409_and_the_right_one_appends()
    {
        var id = await RegisterAsync();
        var stale = await PostMilestoneAsync(id, new { type = "note", occurredOn = "2019-01-01", text = "x", expectedVersion = 5 });
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await ProblemAsync(stale))["currentVersion"]!.GetValue<long>().ShouldBe(1);

        var ok = await PostMilestoneAsync(id, new { type = "note", occurredOn = "2019-01-01", text = "x", expectedVersion = 1 });
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ok.Content.ReadFromJsonAsync<JsonObject>())!["version"]!.GetValue<long>().ShouldBe(2);
    }

    [Fact]
    public async Task a_body_over_one_megabyte_is_a_413_and_appends_nothing()
    {
        var id = await RegisterAsync();
        var response = await PostMilestoneAsync(id, new { type = "note", occurredOn = "2019-01-01", text = new string('x', 1_100_000) });
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await HistoryAsync(id)).Count.ShouldBe(1);
    }
}
