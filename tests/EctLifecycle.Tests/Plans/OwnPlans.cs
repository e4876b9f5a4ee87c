using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EctLifecycle.Plans;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Plans;

/// <summary>Staff's own plans through the API: written, moved, cancelled; bad input refused in French, changing nothing.</summary>
public class OwnPlans(AppFixture app) : PlanTest(app)
{
    private string Day(int days) => App.Today.AddDays(days).ToString("yyyy-MM-dd");

    private async Task<Plan> PostPlanAsync(object body)
    {
        var response = await Client.PostAsJsonAsync("/api/plans", body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await PlansAsync()).Single(p => p.Kind == PlanKind.Own);
    }

    [Fact]
    public async Task a_plan_is_written_moved_with_its_history_and_cancelled_with_a_reason()
    {
        var id = await RegisterAsync(occurredOn: "2024-01-10");
        var plan = await PostPlanAsync(new { projectId = id, title = "Appeler la porteuse", due = Day(3), inCharge = "TEST-STAFF" });
        (plan.Due, plan.InCharge, plan.State, plan.CreatedBy).ShouldBe((App.Today.AddDays(3), "test-staff", PlanState.Open, "test-admin"));

        (await Client.PostAsJsonAsync($"/api/plans/{plan.Id}/move", new { due = Day(10), reason = "congés" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var moved = (await PlansAsync()).Single(p => p.Id == plan.Id);
        moved.Due.ShouldBe(App.Today.AddDays(10));
        moved.Moves.Single().ShouldBe(new PlanMove(App.Today.AddDays(3), App.Today.AddDays(10), "test-admin", moved.Moves[0].At, "congés"));
        (await PlansAsync("who=test-staff")).Select(p => p.Id).ShouldBe([plan.Id]);
        (await PlansAsync("who=team")).ShouldNotContain(p => p.Id == plan.Id);
        (await PlansAsync($"due_before={Day(10)}")).ShouldNotContain(p => p.Id == plan.Id);
        (await PlansAsync($"due_before={Day(11)}")).ShouldContain(p => p.Id == plan.Id);

        (await Client.PostAsJsonAsync($"/api/plans/{plan.Id}/cancel", new { reason = "réglé par téléphone" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var cancelled = (await PlansAsync()).Single(p => p.Id == plan.Id);
        (cancelled.State, cancelled.CancelReason, cancelled.ClosedBy).ShouldBe((PlanState.Cancelled, "réglé par téléphone", "test-admin"));
        var again = await Client.PostAsJsonAsync($"/api/plans/{plan.Id}/move", new { due = Day(12) });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await ProblemAsync(again))["detail"]!.GetValue<string>().ShouldContain("déjà annulé");
    }

    [Fact]
    public async Task an_own_plan_is_done_by_the_next_milestone_of_its_type_logged_after_it()
    {
        var id = await RegisterAsync(occurredOn: "2024-01-10");
        await LogAsync(id, new { type = "note", occurredOn = "2024-02-01", text = "avant" });
        var plan = await PostPlanAsync(new { projectId = id, title = "Faire le point", due = Day(0), milestoneType = "note" });
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await LogAsync(id, Actor("Mairie", "2024-03-01", "publicBody"));
        (await PlansAsync()).Single(p => p.Id == plan.Id).State.ShouldBe(PlanState.Open);
        // Dated in the past, but logged after the plan was written: it fulfils it.
        var note = await LogAsync(id, new { type = "note", occurredOn = "2024-03-02", text = "point fait" });
        var done = (await PlansAsync()).Single(p => p.Id == plan.Id);
        (done.State, done.FulfilledBy, done.ClosedBy).ShouldBe((PlanState.Done, note, "test-admin"));
    }

    [Theory]
    [InlineData("unknownProject", "projectId", "projet inconnu")]
    [InlineData("pastDue", "due", "passée")]
    [InlineData("badDate", "due", "AAAA-MM-JJ")]
    [InlineData("frenchDate", "due", "AAAA-MM-JJ")]
    [InlineData("unknownLogin", "inCharge", "identifiant inconnu")]
    [InlineData("analyst", "inCharge", "seul un compte Équipe ou Administrateur")]
    [InlineData("emptyTitle", "title", "vide")]
    [InlineData("unknownType", "milestoneType", "type de jalon inconnu")]
    public async Task a_bad_new_plan_is_a_400_naming_its_field_and_writes_nothing(string @case, string field, string message)
    {
        var id = await RegisterAsync(occurredOn: "2024-01-10");
        var body = new JsonObject { ["projectId"] = id, ["title"] = "Appeler", ["due"] = Day(5) };
        switch (@case)
        {
            case "unknownProject": body["projectId"] = Guid.NewGuid(); break;
            case "pastDue": body["due"] = Day(-1); break;
            case "badDate": body["due"] = "demain"; break;
            case "frenchDate": body["due"] = App.Today.AddDays(5).ToString("dd/MM/yyyy"); break;
            case "unknownLogin": body["inCharge"] = "personne"; break;
            case "analyst": body["inCharge"] = "test-analyst"; break;
            case "emptyTitle": body["title"] = "  "; break;
            case "unknownType": body["milestoneType"] = "visite"; break;
        }
        var before = (await PlansAsync()).Count;
        var response = await Client.PostAsJsonAsync("/api/plans", body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(response))["errors"]![field]![0]!.GetValue<string>().ShouldContain(message);
        (await PlansAsync()).Count.ShouldBe(before);
    }

    [Fact]
    public async Task cancel_needs_a_reason_move_a_day_to_come_and_an_unknown_plan_is_a_404()
    {
        var id = await RegisterAsync(occurredOn: "2024-01-10");
        var plan = await PostPlanAsync(new { projectId = id, title = "Appeler", due = Day(5) });
        var noReason = await Client.PostAsJsonAsync($"/api/plans/{plan.Id}/cancel", new { reason = " " });
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(noReason))["errors"]!["reason"]![0]!.GetValue<string>().ShouldContain("vide");
        var past = await Client.PostAsJsonAsync($"/api/plans/{plan.Id}/move", new { due = Day(-2) });
        past.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(past))["errors"]!["due"]![0]!.GetValue<string>().ShouldContain("passée");
        // The API takes YYYY-MM-DD only: a day typed the French way is for the pages' forms.
        var french = await Client.PostAsJsonAsync($"/api/plans/{plan.Id}/move", new { due = App.Today.AddDays(9).ToString("dd/MM/yyyy") });
        french.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var nine = App.Today.AddDays(9);
        (await ProblemAsync(french))["errors"]!["due"]![0]!.GetValue<string>()
            .ShouldBe($"date attendue au format AAAA-MM-JJ : « {nine:dd/MM/yyyy} » s'écrit {nine:yyyy-MM-dd}");
        (await PlansAsync()).Single(p => p.Id == plan.Id).ShouldSatisfyAllConditions(p => p.State.ShouldBe(PlanState.Open), p => p.Due.ShouldBe(App.Today.AddDays(5)));
        (await Client.PostAsJsonAsync($"/api/plans/{Guid.NewGuid()}/cancel", new { reason = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var who = await Client.GetAsync("/api/plans?who=personne&due_before=2026-13-01");
        who.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await ProblemAsync(who))["errors"]!;
        errors["who"]![0]!.GetValue<string>().ShouldContain("identifiant inconnu");
        errors["due_before"]![0]!.GetValue<string>().ShouldBe("« 2026-13-01 » n'est pas une date : il n'y a pas de mois 13 (de 1 à 12)");
    }
}
