using System.Net;
using System.Text.Json.Nodes;
using EctLifecycle.Projects;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EctLifecycle.Tests.Privacy;

/// <summary>
/// Staff say which actors and carriers are natural persons, through the API and the forms, and mark any name of a
/// project later; events stored without the flag read as not said, and nothing of it changes a score.
/// </summary>
public class MarkingNaturalPersons(AppFixture app) : ApiTest(app)
{
    private async Task<List<string>> StoredBodiesAsync()
    {
        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        await using var connection = App.Host.Services.GetRequiredService<NpgsqlDataSource>().CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select data::text from {store.Options.Events.DatabaseSchemaName}.mt_events where type <> 'tombstone' order by seq_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var bodies = new List<string>();
        while (await reader.ReadAsync()) bodies.Add(reader.GetString(0));
        return bodies;
    }

    [Fact]
    public async Task the_flags_go_through_the_api_and_are_written_only_when_said()
    {
        var id = await RegisterAsync();
        await LogAsync(id, new { type = "actorJoined", occurredOn = "2018-04-01", actorName = "Marie Dupont", kind = "inhabitant", isLocal = true, role = "initiator", naturalPerson = true });
        await LogAsync(id, Actor("Les Semeurs", "2018-04-02"));
        await LogAsync(id, new { type = "carrierIdentified", occurredOn = "2018-05-01", carrierName = "Les Semeurs", naturalPerson = false });
        await LogAsync(id, new { type = "carryingHandedOver", occurredOn = "2019-05-01", from = "Les Semeurs", to = "Jean Martin", hubAsIntermediary = false, toNaturalPerson = true });
        await LogAsync(id, new { type = "carrierIdentified", occurredOn = "2019-06-01", carrierName = "Paul Durand", naturalPerson = (bool?)null });

        var data = (await HistoryAsync(id)).Select(e => e!["data"]!.AsObject()).ToList();
        data[1]["naturalPerson"]!.GetValue<bool>().ShouldBeTrue();
        data[2].ContainsKey("naturalPerson").ShouldBeFalse("not said");
        data[3]["naturalPerson"]!.GetValue<bool>().ShouldBeFalse();
        data[4]["toNaturalPerson"]!.GetValue<bool>().ShouldBeTrue();
        data[5].ContainsKey("naturalPerson").ShouldBeFalse("null is not said");

        var bodies = await StoredBodiesAsync();
        bodies.Count(b => b.Contains("\"naturalPerson\"")).ShouldBe(2);
        bodies.Count(b => b.Contains("\"toNaturalPerson\"")).ShouldBe(1);
    }

    [Fact]
    public async Task a_flag_that_is_not_a_boolean_is_a_french_400_naming_it_and_nothing_is_stored()
    {
        var id = await RegisterAsync();
        var response = await PostMilestoneAsync(id, new { type = "actorJoined", occurredOn = "2018-04-01", actorName = "Marie", kind = "inhabitant", isLocal = true, role = "partner", naturalPerson = "oui" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(response))["errors"]!["naturalPerson"]![0]!.GetValue<string>().ShouldBe("doit valoir oui ou non (dans l'API : true ou false)");

        var handover = await PostMilestoneAsync(id, new { type = "carryingHandedOver", occurredOn = "2018-04-01", from = "A", to = "B", hubAsIntermediary = false, naturalPerson = true });
        (await ProblemAsync(handover))["errors"]!["naturalPerson"]![0]!.GetValue<string>().ShouldBe("champ inconnu pour ce type de jalon",
            "the handover's flag is for its new carrier: toNaturalPerson");
        (await HistoryAsync(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task an_event_stored_before_the_flag_keeps_its_body_and_reads_as_not_said()
    {
        var id = await RegisterAsync();
        // As the app wrote an inhabitant's arrival before the flag existed.
        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            session.Events.Append(id, new ActorJoinedCollective(id, new DateOnly(2018, 4, 1), "avant", "Marie Dupont", ActorKind.Inhabitant, true, ActorRole.Partner));
            await session.SaveChangesAsync();
        }

        var body = JsonNode.Parse((await StoredBodiesAsync())[1])!.AsObject();
        body.Select(p => p.Key).ShouldBe(["projectId", "occurredOn", "loggedBy", "actorName", "kind", "isLocal", "role"], ignoreOrder: true);
        (await HistoryAsync(id))[1]!["data"]!.AsObject().ContainsKey("naturalPerson").ShouldBeFalse();

        var register = await GetJsonAsync("/api/privacy/persons");
        var row = register["persons"]!.AsArray().Single()!;
        row["name"]!.GetValue<string>().ShouldBe("Marie Dupont");
        row["projects"]![0]!["basis"]!.GetValue<string>().ShouldBe("rule", "an inhabitant nothing was said of counts by the rule");
    }

    private async Task<string> PageAsync(string url) => WebUtility.HtmlDecode(await Client.GetStringAsync(url));

    private static Dictionary<string, string> ActorForm(string name, string kind) =>
        new() { ["occurredOn"] = "2018-04-01", ["actorName"] = name, ["kind"] = kind, ["isLocal"] = "oui", ["role"] = "partner" };

    private static IEnumerable<KeyValuePair<string, string>> With(Dictionary<string, string> form, string field, params string[] values) =>
        form.Concat(values.Select(v => new KeyValuePair<string, string>(field, v)));

    [Fact]
    public async Task the_forms_ask_with_a_box_ticked_or_not_and_say_why()
    {
        var id = await RegisterAsync();
        var page = await PageAsync($"/projets/{id}/jalon/actorJoined");
        page.ShouldContain("type=\"checkbox\" value=\"oui\"");
        page.ShouldContain("data-checked-for=\"kind\" data-checked-values=\"inhabitant\"");
        page.ShouldContain("Le nom d'une personne physique est une donnée personnelle : elle peut en demander l'effacement (RGPD). Cochée d'office pour un habitant.");
        (await PageAsync($"/projets/{id}/jalon/carryingHandedOver")).ShouldContain("name=\"toNaturalPerson\"");

        // A ticked box posts its hidden « non » then « oui »; an unticked one the « non » alone.
        var ticked = await WebForms.PostAsync(Client, $"/projets/{id}/jalon/actorJoined", With(ActorForm("Marie Dupont", "inhabitant"), "naturalPerson", "non", "oui"));
        ticked.Status.ShouldBe(HttpStatusCode.Redirect, ticked.Text);
        var unticked = await WebForms.PostAsync(Client, $"/projets/{id}/jalon/actorJoined", With(ActorForm("Habitants du Val", "inhabitant"), "naturalPerson", "non"));
        unticked.Status.ShouldBe(HttpStatusCode.Redirect, unticked.Text);
        var carrier = await WebForms.PostAsync(Client, $"/projets/{id}/jalon/carrierIdentified",
            With(new() { ["occurredOn"] = "2018-05-01", ["carrierName"] = "Marie Dupont" }, "naturalPerson", "non", "oui"));
        carrier.Status.ShouldBe(HttpStatusCode.Redirect, carrier.Text);

        var data = (await HistoryAsync(id)).Select(e => e!["data"]!).ToList();
        data[1]!["naturalPerson"]!.GetValue<bool>().ShouldBeTrue();
        data[2]!["naturalPerson"]!.GetValue<bool>().ShouldBeFalse("unticked, the inhabitants' collective is said not to be a person");
        data[3]!["naturalPerson"]!.GetValue<bool>().ShouldBeTrue();

        var fiche = await PageAsync($"/projets/{id}");
        fiche.ShouldContain("Marie Dupont (personne physique) depuis le 01/05/2018");
        fiche.ShouldContain("Marie Dupont (Habitant, local, partenaire, personne physique)");
        fiche.ShouldContain("Habitants du Val (Habitant, local, partenaire)");
    }

    [Fact]
    public async Task a_box_posting_a_value_it_cannot_post_is_refused_not_read_as_unticked()
    {
        var id = await RegisterAsync();
        var page = await WebForms.PostAsync(Client, $"/projets/{id}/jalon/actorJoined", With(ActorForm("Marie Dupont", "inhabitant"), "naturalPerson", "non", "vrai"));
        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Text.ShouldContain("Rien n'a été enregistré.");
        (await HistoryAsync(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_box_shown_again_after_an_error_keeps_what_was_ticked()
    {
        var id = await RegisterAsync();
        var form = ActorForm("", "inhabitant");
        var page = await WebForms.PostAsync(Client, $"/projets/{id}/jalon/actorJoined", With(form, "naturalPerson", "non", "oui"));
        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Text.ShouldContain("Rien n'a été enregistré.");
        page.Text.ShouldContain("value=\"oui\" checked=\"checked\"");
        (await HistoryAsync(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task staff_mark_a_name_already_recorded_even_after_a_stop_but_only_a_name_the_project_holds()
    {
        var id = await RegisterAsync();
        await LogAsync(id, Actor("Paul Durand", "2018-04-01", kind: "company"));
        await LogAsync(id, new { type = "projectStopped", occurredOn = "2020-01-01", reasons = new[] { "goalReached" }, activityTakenOverBy = "Jeanne Roux" });

        var unknown = await PostMilestoneAsync(id, new { type = "naturalPersonMarked", occurredOn = "2021-01-01", name = "Jeanne Rousse", naturalPerson = true });
        unknown.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await ProblemAsync(unknown);
        problem["rule"]!.GetValue<string>().ShouldBe("nameNotInProject");
        problem["detail"]!.GetValue<string>().ShouldBe("le nom « Jeanne Rousse » n'apparaît dans aucun jalon du projet : marquez un nom tel qu'il a été saisi");

        await LogAsync(id, new { type = "naturalPersonMarked", occurredOn = "2021-01-01", name = "jeanne roux", naturalPerson = true });
        var page = await WebForms.PostAsync(Client, $"/projets/{id}/jalon/naturalPersonMarked",
            new Dictionary<string, string> { ["occurredOn"] = "2021-02-01", ["name"] = "Paul Durand", ["naturalPerson"] = "oui" });
        page.Status.ShouldBe(HttpStatusCode.Redirect, page.Text);
        var missing = await PostMilestoneAsync(id, new { type = "naturalPersonMarked", occurredOn = "2021-01-01", name = "Paul Durand" });
        (await ProblemAsync(missing))["errors"]!["naturalPerson"].ShouldNotBeNull("a mark says yes or no");

        var names = (await GetJsonAsync("/api/privacy/persons"))["persons"]!.AsArray().Select(p => p!["name"]!.GetValue<string>());
        names.ShouldBe(["jeanne roux", "Paul Durand"]);
        (await PageAsync($"/projets/{id}")).ShouldContain("« Paul Durand » est une personne physique");
        (await PageAsync($"/projets/{id}/jalon/naturalPersonMarked")).ShouldContain("<option value=\"Paul Durand\">");
    }

    [Fact]
    public async Task flags_and_marks_change_no_state_and_no_score_at_any_date_under_any_grid()
    {
        async Task<Guid> Story(string name, bool said)
        {
            var id = await RegisterAsync(name);
            object? Flag(bool value) => said ? value : null;
            await LogAsync(id, new { type = "actorJoined", occurredOn = "2018-04-01", actorName = "Marie Dupont", kind = "inhabitant", isLocal = true, role = "initiator", naturalPerson = Flag(true) });
            await LogAsync(id, new { type = "actorJoined", occurredOn = "2018-04-02", actorName = "Mairie", kind = "publicBody", isLocal = true, role = "funder", naturalPerson = Flag(false) });
            await LogAsync(id, new { type = "carrierIdentified", occurredOn = "2018-06-01", carrierName = "Marie Dupont", naturalPerson = Flag(true) });
            await LogAsync(id, new { type = "fundingSecured", occurredOn = "2018-07-01", fundingId = "F1", sourceKind = "publicSubsidy", funder = "Mairie", amountEuros = 5000 });
            await LogAsync(id, new { type = "legalFormAdopted", occurredOn = "2019-01-01", form = "association", inEss = true });
            await LogAsync(id, new { type = "carryingHandedOver", occurredOn = "2020-01-01", from = "Marie Dupont", to = "Jean Martin", hubAsIntermediary = true, toNaturalPerson = Flag(true) });
            if (said)
            {
                await LogAsync(id, new { type = "naturalPersonMarked", occurredOn = "2020-06-01", name = "Marie Dupont", naturalPerson = false });
                await LogAsync(id, new { type = "naturalPersonMarked", occurredOn = "2021-06-01", name = "Jean Martin", naturalPerson = true });
            }
            return id;
        }
        var flagged = await Story("Avec", said: true);
        var plain = await Story("Sans", said: false);

        foreach (var date in new[] { "2018-04-01", "2018-06-15", "2020-01-01", "2020-06-01", "2021-06-01", "2024-01-01" })
            foreach (var grid in new[] { "v1", "v2" })
            {
                var a = await GetJsonAsync($"/api/projects/{flagged}?asOf={date}&grid={grid}");
                var b = await GetJsonAsync($"/api/projects/{plain}?asOf={date}&grid={grid}");
                foreach (var part in new[] { "score", "indicators", "stage", "carrier", "collective" })
                    a[part]?.ToJsonString().ShouldBe(b[part]?.ToJsonString(), $"{part} at {date} under {grid}");
            }
        var drifts = await Task.WhenAll(GetJsonAsync($"/api/analytics/projects/{flagged}/drift?period=quarter"), GetJsonAsync($"/api/analytics/projects/{plain}/drift?period=quarter"));
        drifts[0]["samples"]!.ToJsonString().ShouldBe(drifts[1]["samples"]!.ToJsonString());
    }
}
