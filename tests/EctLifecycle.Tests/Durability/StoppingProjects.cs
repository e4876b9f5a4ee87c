using System.Net;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Durability;

/// <summary>What a stop records, and the follow-ups staff log after it, through the API.</summary>
public class StoppingProjects(AppFixture app) : ApiTest(app)
{
    private static object Stop(string occurredOn, string[] reasons, string? otherReason = null) => new
    {
        type = "projectStopped", occurredOn, reasons, otherReason, note = "dissolution votée",
        activityTakenOverBy = "Commune de Valfleuri", assetsPassedOnTo = "Les Semeurs", lastingNetwork = true, jobsKept = 2,
        hubStance = "followUp",
    };

    private static object FollowUp(string occurredOn) => new
    {
        type = "followUpObserved", occurredOn, activityStillRunning = true, takenOverBy = "Commune de Valfleuri",
        networkStillActive = false, jobsStillThere = 1, note = "visite sur place",
    };

    [Fact]
    public async Task a_stop_records_its_coded_reasons_what_remains_and_the_hubs_stance()
    {
        var id = await RegisterAsync();
        await LogAsync(id, Stop("2021-05-01", ["fundingLostOrEnded", "other"], "local perdu"));

        var stopped = (await GetJsonAsync($"/api/projects/{id}"))["stopped"]!;
        stopped["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["fundingLostOrEnded", "other"]);
        stopped["otherReason"]!.GetValue<string>().ShouldBe("local perdu");
        stopped["activityTakenOverBy"]!.GetValue<string>().ShouldBe("Commune de Valfleuri");
        stopped["assetsPassedOnTo"]!.GetValue<string>().ShouldBe("Les Semeurs");
        stopped["lastingNetwork"]!.GetValue<bool>().ShouldBeTrue();
        stopped["jobsKept"]!.GetValue<int>().ShouldBe(2);
        stopped["hubStance"]!.GetValue<string>().ShouldBe("followUp");
    }

    [Fact]
    public async Task an_unknown_reason_is_a_400_listing_the_allowed_ones()
    {
        var id = await RegisterAsync();
        var response = await PostMilestoneAsync(id, Stop("2021-05-01", ["carrierLeft", "financement perdu"]));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var message = (await ProblemAsync(response))["errors"]!["reasons[1]"]![0]!.GetValue<string>();
        message.ShouldContain("financement perdu");
        message.ShouldContain("fundingLostOrEnded, carrierLeft, cooperationFaded, noAppropriation, goalReached, " +
                              "mergedIntoAnotherProject, regulatoryObstacle, other");
        (await HistoryAsync(id)).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData(new[] { "other" }, null, "otherReason")]
    [InlineData(new[] { "goalReached" }, "texte sans raison other", "otherReason")]
    [InlineData(new string[0], null, "reasons")]
    public async Task reasons_that_do_not_add_up_are_a_400_naming_the_field(string[] reasons, string? otherReason, string field)
    {
        var id = await RegisterAsync();
        var response = await PostMilestoneAsync(id, Stop("2021-05-01", reasons, otherReason));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(response))["errors"]![field].ShouldNotBeNull();
    }

    [Fact]
    public async Task a_follow_up_before_the_stop_is_a_409_followUpBeforeStop()
    {
        var id = await RegisterAsync();
        await LogAsync(id, Stop("2021-05-01", ["carrierLeft"]));
        var response = await PostMilestoneAsync(id, FollowUp("2020-05-01"));
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await ProblemAsync(response))["rule"]!.GetValue<string>().ShouldBe("followUpBeforeStop");

        var live = await RegisterAsync("Vivant");
        var onLive = await PostMilestoneAsync(live, FollowUp("2020-05-01"));
        (await ProblemAsync(onLive))["rule"]!.GetValue<string>().ShouldBe("followUpBeforeStop");
    }

    [Fact]
    public async Task a_follow_up_after_the_stop_is_kept_beside_it_and_leaves_the_stop_unchanged()
    {
        var id = await RegisterAsync();
        await LogAsync(id, Stop("2021-05-01", ["carrierLeft"]));
        var before = (await GetJsonAsync($"/api/projects/{id}"))["stopped"]!.ToJsonString();
        await LogAsync(id, FollowUp("2022-05-01"));
        await LogAsync(id, new { type = "followUpObserved", occurredOn = "2023-05-01", activityStillRunning = false });

        var history = await HistoryAsync(id);
        history.Select(e => e!["type"]!.GetValue<string>()).ShouldBe(["projectRegistered", "projectStopped", "followUpObserved", "followUpObserved"]);
        history[2]!["data"]!["jobsStillThere"]!.GetValue<int>().ShouldBe(1);
        history[3]!["data"]!["networkStillActive"].ShouldBeNull("not observed that time");
        (await GetJsonAsync($"/api/projects/{id}"))["stopped"]!.ToJsonString().ShouldBe(before);
    }

    [Fact]
    public async Task after_a_stop_only_notes_follow_ups_and_retractions_are_accepted()
    {
        var id = await RegisterAsync();
        await LogAsync(id, Stop("2021-05-01", ["cooperationFaded"]));
        var refused = await PostMilestoneAsync(id, new { type = "projectPaused", occurredOn = "2022-01-01", reason = "r" });
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await ProblemAsync(refused))["rule"]!.GetValue<string>().ShouldBe("projectStopped");
        var actor = await PostMilestoneAsync(id, Actor("Tard", "2022-01-01"));
        (await ProblemAsync(actor))["rule"]!.GetValue<string>().ShouldBe("projectStopped");

        await LogAsync(id, new { type = "note", occurredOn = "2022-01-01", text = "le réseau se réunit encore" });
        var followUp = await LogAsync(id, FollowUp("2022-06-01"));
        await LogAsync(id, new { type = "retraction", occurredOn = "2022-07-01", retractedEventId = followUp, reason = "mauvais projet" });
    }

    [Fact]
    public async Task an_empty_follow_up_is_a_400()
    {
        var id = await RegisterAsync();
        await LogAsync(id, Stop("2021-05-01", ["goalReached"]));
        var response = await PostMilestoneAsync(id, new { type = "followUpObserved", occurredOn = "2022-05-01" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
