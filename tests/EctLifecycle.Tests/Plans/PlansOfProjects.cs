using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EctLifecycle.Plans;
using Microsoft.Extensions.DependencyInjection;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Plans;

/// <summary>Reading plans through the API.</summary>
public abstract class PlanTest(AppFixture app) : ApiTest(app)
{
    private static readonly JsonSerializerOptions Wire = WireOptions();

    private static JsonSerializerOptions WireOptions()
    {
        var o = new JsonSerializerOptions();
        Json.Configure(o);
        return o;
    }

    protected async Task<List<Plan>> PlansAsync(string query = "state=all")
    {
        var response = await Client.GetAsync($"/api/plans?{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<List<Plan>>(Wire))!;
    }

    protected Task<Guid> StopAsync(Guid id, string on) =>
        LogAsync(id, new { type = "projectStopped", occurredOn = on, reasons = new[] { "other" }, otherReason = "fin" });
}

/// <summary>Plans made, closed and cancelled by the milestones staff log, through the API, read back at once.</summary>
public class PlansOfProjects(AppFixture app) : PlanTest(app)
{
    [Fact]
    public async Task a_stop_makes_its_three_follow_ups_and_the_follow_up_observed_closes_the_first()
    {
        var id = await RegisterAsync(occurredOn: "2018-03-01");
        var stop = await StopAsync(id, "2020-06-15");
        var followUps = (await PlansAsync()).Where(p => p.Kind == PlanKind.FollowUp).OrderBy(p => p.Due).ToList();
        followUps.Select(p => p.Due).ShouldBe([new DateOnly(2021, 6, 15), new DateOnly(2022, 6, 15), new DateOnly(2025, 6, 15)]);
        followUps.ShouldAllBe(p => p.ProjectId == id && p.State == PlanState.Open && p.MadeFrom == stop && p.InCharge == AppFixture.LoginOf(EctLifecycle.Accounts.Role.Admin));
        followUps[0].Title.ShouldBe("Suivi à 1 an de l'arrêt du 15/06/2020");

        var seen = await LogAsync(id, new { type = "followUpObserved", occurredOn = "2021-07-02", activityStillRunning = true });
        var after = (await PlansAsync()).Where(p => p.Kind == PlanKind.FollowUp).OrderBy(p => p.Due).ToList();
        (after[0].State, after[0].FulfilledBy, after[0].DoneOn).ShouldBe((PlanState.Done, seen, new DateOnly(2021, 7, 2)));
        after.Skip(1).ShouldAllBe(p => p.State == PlanState.Open);
        (await PlansAsync()).ShouldNotContain(p => p.Kind == PlanKind.Reassessment && p.State == PlanState.Open, "a stopped project is not re-assessed");
    }

    [Fact]
    public async Task a_plan_made_from_a_fact_logged_by_someone_without_an_active_account_goes_to_the_team()
    {
        var book = App.Host.Services.GetRequiredService<PlanBook>();
        var store = App.Host.Services.GetRequiredService<Marten.IDocumentStore>();
        var admin = AppFixture.LoginOf(EctLifecycle.Accounts.Role.Admin);
        foreach (var (author, inCharge) in new[] { (admin, admin), ("ancien-compte", (string?)null) })
        {
            var h = History.Emerging("2018-03-01");
            h.Add(new EctLifecycle.Projects.ProjectStopped(h.ProjectId, History.D("2020-06-15"), author, ["other"], null, "fin"));
            await using var session = store.LightweightSession();
            var changes = await book.SyncAsync(session, h.Timeline, watch: false, CancellationToken.None);
            var followUps = changes.Made.Where(p => p.Kind == PlanKind.FollowUp).ToList();
            followUps.Count.ShouldBe(3, author);
            followUps.ShouldAllBe(p => p.InCharge == inCharge, author);
        }
    }

    [Fact]
    public async Task retracting_the_stop_cancels_its_follow_ups_and_the_events_stay()
    {
        var id = await RegisterAsync(occurredOn: "2018-03-01");
        var stop = await StopAsync(id, "2020-06-15");
        await LogAsync(id, new { type = "retraction", occurredOn = App.Today.ToString("yyyy-MM-dd"), retractedEventId = stop, reason = "saisi par erreur" });
        var followUps = (await PlansAsync()).Where(p => p.Kind == PlanKind.FollowUp).ToList();
        followUps.Count.ShouldBe(3);
        followUps.ShouldAllBe(p => p.State == PlanState.Cancelled && p.CancelReason == "jalon retiré");
        (await HistoryAsync(id)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task a_registration_plans_its_first_reassessment_and_an_assessment_closes_it_and_plans_the_next()
    {
        var id = await RegisterAsync(occurredOn: "2024-01-10");
        (await PlansAsync()).Single(p => p.Kind == PlanKind.Reassessment).Due.ShouldBe(new DateOnly(2025, 1, 10));
        var assessed = await LogAsync(id, new { type = "criteriaAssessed", occurredOn = "2025-02-01", gridVersion = "v1",
            scores = new object[] { new { criterionId = "cooperation-alive", points = 2 } } });
        var plans = (await PlansAsync()).Where(p => p.Kind == PlanKind.Reassessment).OrderBy(p => p.Due).ToList();
        (plans[0].State, plans[0].FulfilledBy).ShouldBe((PlanState.Done, assessed));
        (plans[1].State, plans[1].Due, plans[1].MadeFrom).ShouldBe((PlanState.Open, new DateOnly(2026, 2, 1), assessed));
    }
}

/// <summary>The card at a past date still lists today's plans: it says so, since « en retard » is counted from today.</summary>
public class PlansOnACardAtAPastDate(AppFixture app) : PlanTest(app)
{
    [Fact]
    public async Task the_card_at_a_past_date_says_its_plans_are_todays_and_the_card_of_today_does_not()
    {
        var id = await RegisterAsync(occurredOn: App.Today.AddYears(-3).ToString("yyyy-MM-dd"));
        (await PlansAsync()).Where(p => p.ProjectId == id).ShouldNotBeEmpty("a registration long ago makes its plans");

        var past = await VisibleText.GetAsync(Client, $"/projets/{id}?asOf={App.Today.AddYears(-2):yyyy-MM-dd}");
        past.ShouldContain($"Les plans d'aujourd'hui ({App.Today:dd/MM/yyyy}), quelle que soit la date affichée");
        past.ShouldContain("(en retard)");
        (await VisibleText.GetAsync(Client, $"/projets/{id}")).ShouldNotContain("Les plans d'aujourd'hui");
    }
}
