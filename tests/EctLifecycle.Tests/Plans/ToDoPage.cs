using System.Net;
using System.Net.Http.Json;
using EctLifecycle.Plans;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Plans;

/// <summary>The page /a-faire, the project's card and the menu's count, as staff read them.</summary>
public class ToDoPage(AppFixture app) : PlanTest(app)
{
    private HttpClient Staff => App.ClientAs(EctLifecycle.Accounts.Role.Staff);

    private static IEnumerable<KeyValuePair<string, string>> Fields(params (string Name, string Value)[] fields) =>
        fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value));

    [Fact]
    public async Task a_plan_added_on_the_page_shows_this_week_in_the_menus_count_and_on_the_card()
    {
        var id = await RegisterAsync(occurredOn: "2024-01-10");
        var key = id.ToString();
        var added = await WebForms.PostAsync(Staff, "/a-faire?handler=Ajouter", Fields(
            ("projet", key), ("titre", "Appeler la porteuse"), ("echeance", App.Today.ToString("dd/MM/yyyy")), ("responsable", "test-staff"), ("jalon", "")));
        added.Status.ShouldBe(HttpStatusCode.Redirect, added.Text);

        var page = WebUtilityText(await Staff.GetStringAsync("/a-faire"));
        page.ShouldContain("Cette semaine (1)");
        page.ShouldContain("Appeler la porteuse");
        page.ShouldContain("En retard (0)");
        page.ShouldMatch("À faire\\s*<span class=\"badge\"[^>]*>1</span>");
        page.ShouldContain("title=\"1 plan en retard ou pour cette semaine\"");
        page.ShouldContain("<td>Action ajoutée</td><td>Test Staff</td>");
        WebUtilityText(await Client.GetStringAsync("/a-faire")).ShouldContain("Cette semaine (0)", customMessage: "the admin's own list is empty");
        WebUtilityText(await Client.GetStringAsync("/a-faire?qui=equipe")).ShouldContain("Appeler la porteuse");
        var card = WebUtilityText(await Staff.GetStringAsync($"/projets/{id}"));
        card.ShouldContain($"pour le {App.Today:dd/MM/yyyy} :");
        card.ShouldContain("(Action ajoutée, Test Staff)");
    }

    [Fact]
    public async Task the_page_refuses_a_past_day_and_an_unknown_key_in_french_and_saves_nothing()
    {
        await RegisterAsync(occurredOn: "2024-01-10");
        var refused = await WebForms.PostAsync(Staff, "/a-faire?handler=Ajouter", Fields(
            ("projet", "P999"), ("titre", "Appeler"), ("echeance", App.Today.AddDays(-1).ToString("yyyy-MM-dd")), ("responsable", ""), ("jalon", "")));
        refused.Status.ShouldBe(HttpStatusCode.OK);
        refused.Text.ShouldContain("Rien n'a été enregistré");
        refused.Text.ShouldContain("Clé du projet : aucun projet n'a la clé « P999 »");
        refused.Text.ShouldContain("Échéance : la date ne peut pas être passée");
        (await PlansAsync()).ShouldNotContain(p => p.Kind == PlanKind.Own);
    }

    [Fact]
    public async Task only_the_accounts_that_write_are_offered_and_taken_as_in_charge()
    {
        var id = await RegisterAsync(occurredOn: "2024-01-10");
        var page = await Staff.GetStringAsync("/a-faire");
        page.ShouldContain("<option value=\"test-staff\"");
        page.ShouldContain("<option value=\"test-admin\"");
        page.ShouldNotContain("<option value=\"test-analyst\"");
        var refused = await WebForms.PostAsync(Staff, "/a-faire?handler=Ajouter", Fields(
            ("projet", id.ToString()), ("titre", "Appeler"), ("echeance", App.Today.ToString("dd/MM/yyyy")), ("responsable", "test-analyst"), ("jalon", "")));
        refused.Status.ShouldBe(HttpStatusCode.OK);
        WebUtilityText(refused.Text).ShouldContain("Responsable : « Test Analyst » a le rôle Analyste");
        (await PlansAsync()).ShouldNotContain(p => p.Kind == PlanKind.Own);
    }

    [Fact]
    public async Task the_pages_errors_name_the_forms_fields_and_labels_never_an_id_or_a_wire_name()
    {
        var id = await RegisterAsync(occurredOn: "2024-01-10");
        var noKey = WebUtilityText((await WebForms.PostAsync(Staff, "/a-faire?handler=Ajouter", Fields(
            ("projet", ""), ("titre", "Appeler"), ("echeance", App.Today.ToString("yyyy-MM-dd")), ("responsable", ""), ("jalon", "visite")))).Text);
        var errors = noKey[noKey.IndexOf("id=\"erreurs\"", StringComparison.Ordinal)..];
        errors = errors[..errors.IndexOf("</div>", StringComparison.Ordinal)];
        errors.ShouldContain("Clé du projet : champ obligatoire");
        errors.ShouldContain("Jalon qui le clôt : jalon inconnu « visite », attendu parmi : ");
        errors.ShouldContain(EctLifecycle.Projects.FrenchLabels.MilestoneTypes["actorJoined"]);
        errors.ShouldNotContain("actorJoined"); // the wire names are the list's values, never its words
        foreach (var handler in new[] { "Deplacer", "Annuler" })
        {
            var tampered = WebUtilityText((await WebForms.PostAsync(Staff, $"/a-faire?handler={handler}", Fields(
                ("id", Guid.Empty.ToString()), ("echeance", App.Today.ToString("yyyy-MM-dd")), ("motif", "x")))).Text);
            tampered.ShouldContain("Plan : cette action prévue n'existe pas (ou plus)");
            tampered.ShouldNotContain(Guid.Empty.ToString());
        }
        (await PlansAsync()).ShouldNotContain(p => p.Kind == PlanKind.Own);
        (await Client.PostAsJsonAsync("/api/plans", new { projectId = id, title = "Relire", due = App.Today.ToString("yyyy-MM-dd"), inCharge = "test-staff" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Client.PostAsJsonAsync("/api/plans", new { projectId = id, title = "Rappeler", due = App.Today.ToString("yyyy-MM-dd"), inCharge = "test-staff" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        WebUtilityText(await Staff.GetStringAsync("/")).ShouldContain("title=\"2 plans en retard ou pour cette semaine\"");
    }

    [Fact]
    public async Task the_cards_done_plans_are_in_the_order_of_their_days()
    {
        var id = await RegisterAsync(occurredOn: "2024-01-10");
        foreach (var (title, days, type) in new[] { ("Faire le point", 10, "note"), ("Trouver un partenaire", 5, "actorJoined") })
            (await Client.PostAsJsonAsync("/api/plans", new { projectId = id, title, due = App.Today.AddDays(days).ToString("yyyy-MM-dd"), milestoneType = type }))
                .StatusCode.ShouldBe(HttpStatusCode.Created);
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await LogAsync(id, new { type = "note", occurredOn = "2024-03-01", text = "point fait" });
        await LogAsync(id, Actor("Mairie", "2024-03-05", "publicBody"));
        var card = WebUtilityText(await Staff.GetStringAsync($"/projets/{id}"));
        var first = card.IndexOf("fait le 01/03/2024 :", StringComparison.Ordinal);
        var second = card.IndexOf("fait le 05/03/2024 :", StringComparison.Ordinal);
        (first, second).ShouldSatisfyAllConditions(t => t.first.ShouldBeGreaterThan(0), t => t.second.ShouldBeGreaterThan(t.first));
    }

    [Fact]
    public async Task a_plan_moved_then_cancelled_on_the_page_keeps_its_history()
    {
        var id = await RegisterAsync(occurredOn: "2024-01-10");
        var created = await Client.PostAsJsonAsync("/api/plans", new { projectId = id, title = "Relire la convention", due = App.Today.AddDays(2).ToString("yyyy-MM-dd"), inCharge = "test-staff" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var plan = (await PlansAsync()).Single(p => p.Kind == PlanKind.Own);
        var noReason = await WebForms.PostAsync(Staff, "/a-faire?handler=Annuler", Fields(("id", plan.Id.ToString()), ("motif", "")));
        noReason.Text.ShouldContain("Motif : champ obligatoire");
        var moved = await WebForms.PostAsync(Staff, "/a-faire?handler=Deplacer", Fields(("id", plan.Id.ToString()), ("echeance", App.Today.AddDays(20).ToString("dd/MM/yyyy")), ("motif", "congés")));
        moved.Status.ShouldBe(HttpStatusCode.Redirect, moved.Text);
        var cancelled = await WebForms.PostAsync(Staff, "/a-faire?handler=Annuler", Fields(("id", plan.Id.ToString()), ("motif", "fait autrement")));
        cancelled.Status.ShouldBe(HttpStatusCode.Redirect, cancelled.Text);
        var after = (await PlansAsync()).Single(p => p.Id == plan.Id);
        (after.State, after.CancelReason, after.Due, after.Moves.Single().Reason).ShouldBe((PlanState.Cancelled, "fait autrement", App.Today.AddDays(20), "congés"));
    }

    private static string WebUtilityText(string html) => WebUtility.HtmlDecode(html);
}
