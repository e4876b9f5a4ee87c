using System.Net;
using System.Text.Json.Nodes;
using EctLifecycle.Accounts;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Privacy;

/// <summary>
/// The register of the persons named: every name said or counted a natural person's, the projects that hold it and in
/// what role, how many events name it, free texts included, and the way to its erasure; for administrators only.
/// </summary>
public class ReadingThePersonRegister(AppFixture app) : ApiTest(app)
{
    private async Task<(Guid Paniers, Guid Velos)> TwoProjectsAsync()
    {
        var paniers = await RegisterAsync("Les Paniers");
        await LogAsync(paniers, Actor("Marie Dupont", "2018-04-01", kind: "inhabitant", role: "initiator"));
        await LogAsync(paniers, Actor("Mairie de Lons", "2018-04-02", kind: "publicBody", role: "funder"));
        await LogAsync(paniers, Actor("Habitants du Val", "2018-04-03", kind: "inhabitant"));
        await LogAsync(paniers, new { type = "carrierIdentified", occurredOn = "2018-05-01", carrierName = "Jean Martin", naturalPerson = true });
        await LogAsync(paniers, new { type = "note", occurredOn = "2018-06-01", text = "Réunion avec MARIE DUPONT et la Mairie de Lons ; Mariette Dupontel excusée." });
        var wrong = await LogAsync(paniers, new { type = "note", occurredOn = "2018-06-02", text = "Appel de Jean Martin" });
        await LogAsync(paniers, new { type = "retraction", occurredOn = "2018-06-03", retractedEventId = wrong, reason = "doublon de l'appel de Jean Martin" });
        await LogAsync(paniers, new { type = "naturalPersonMarked", occurredOn = "2018-07-01", name = "Habitants du Val", naturalPerson = false });
        await LogAsync(paniers, new { type = "projectStopped", occurredOn = "2020-01-01", reasons = new[] { "goalReached" }, activityTakenOverBy = "Paul Durand", note = "Jean-Martin part" });
        await LogAsync(paniers, new { type = "naturalPersonMarked", occurredOn = "2020-02-01", name = "Paul Durand", naturalPerson = true });

        var velos = await RegisterAsync("Vélos partagés", "2019-01-01");
        await LogAsync(velos, new { type = "note", occurredOn = "2019-02-01", text = "Marie Dupont propose son garage" });
        await LogAsync(velos, new { type = "carrierIdentified", occurredOn = "2019-03-01", carrierName = "Jean Martin", naturalPerson = false });
        return (paniers, velos);
    }

    private static JsonObject Person(JsonObject register, string name) =>
        register["persons"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == name)!.AsObject();

    [Fact]
    public async Task the_register_lists_each_name_said_or_counted_a_person_with_every_project_and_event_that_holds_it()
    {
        var (paniers, velos) = await TwoProjectsAsync();

        var register = await GetJsonAsync("/api/privacy/persons");
        register["rule"]!.GetValue<string>().ShouldContain("un acteur de type « Habitant » en est une");
        register["persons"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ShouldBe(["Jean Martin", "Marie Dupont", "Paul Durand"],
            "the public body is no person, the inhabitants' collective was marked as none");

        var marie = Person(register, "Marie Dupont");
        marie["events"]!.GetValue<int>().ShouldBe(3, "her arrival, the note that cites her in capitals, the other project's note");
        var inPaniers = marie["projects"]![0]!;
        inPaniers["projectId"]!.GetValue<Guid>().ShouldBe(paniers);
        inPaniers["key"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        inPaniers["projectName"]!.GetValue<string>().ShouldBe("Les Paniers");
        inPaniers["basis"]!.GetValue<string>().ShouldBe("rule");
        inPaniers["roles"]![0]!["type"]!.GetValue<string>().ShouldBe("actorJoined");
        inPaniers["roles"]![0]!["kind"]!.GetValue<string>().ShouldBe("inhabitant");
        inPaniers["mentionedIn"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["note"]);
        inPaniers["events"]!.GetValue<int>().ShouldBe(2);
        inPaniers["eraseUrl"]!.GetValue<string>().ShouldBe($"/effacements?nom=Marie%20Dupont&projet={paniers}");
        var inVelos = marie["projects"]![1]!;
        inVelos["projectId"]!.GetValue<Guid>().ShouldBe(velos);
        inVelos["basis"]!.GetValue<string>().ShouldBe("namedOnly");
        inVelos["events"]!.GetValue<int>().ShouldBe(1);

        var jean = Person(register, "Jean Martin");
        jean["projects"]![0]!["basis"]!.GetValue<string>().ShouldBe("said");
        jean["projects"]![0]!["events"]!.GetValue<int>().ShouldBe(4,
            "identified as carrier, the retracted note and its retraction are stored too, and « Jean-Martin » in the stop's note");
        jean["projects"]![0]!["mentionedIn"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["note", "projectStopped", "retraction"]);
        jean["projects"]![1]!["basis"]!.GetValue<string>().ShouldBe("saidNot", "the other project said its Jean Martin is none");

        var paul = Person(register, "Paul Durand");
        paul["events"]!.GetValue<int>().ShouldBe(2, "what remains of the stop, and the mark");
        paul["projects"]![0]!["basis"]!.GetValue<string>().ShouldBe("said");
        paul["projects"]![0]!["mentionedIn"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["projectStopped"]);
    }

    [Fact]
    public async Task the_page_shows_the_register_in_french_with_a_link_to_erase_each_name_in_each_project()
    {
        var (paniers, _) = await TwoProjectsAsync();

        var page = System.Net.WebUtility.HtmlDecode(await Client.GetStringAsync("/personnes"));
        page.ShouldContain("Registre des personnes nommées");
        page.ShouldContain("3 nom(s).");
        page.ShouldContain("Marie Dupont<br /><span class=\"muted\">3 jalon(s) en tout</span>");
        page.ShouldContain("personne physique (règle par défaut)");
        page.ShouldContain("acteur (Habitant, initiateur) ; cité dans : Note");
        page.ShouldContain("dit ne pas être une personne physique ici");
        page.ShouldContain($"<a href=\"/effacements?nom=Marie%20Dupont&projet={paniers}\">Effacer…</a>");
        page.ShouldContain("<a href=\"/personnes\" aria-current=\"page\">Personnes</a>");
        page.ShouldNotContain("Habitants du Val</");
    }

    [Fact]
    public async Task only_administrators_read_the_register()
    {
        foreach (var role in new[] { Role.Staff, Role.Analyst })
        {
            var client = App.ClientAs(role);
            var api = await client.GetAsync("/api/privacy/persons");
            api.StatusCode.ShouldBe(HttpStatusCode.Forbidden, role.ToString());
            (await ProblemAsync(api))["title"]!.GetValue<string>().ShouldBe("Droits insuffisants");
            (await client.GetAsync("/personnes")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, role.ToString());
            (await client.GetStringAsync("/")).ShouldNotContain("href=\"/personnes\"");
        }
        (await App.ClientAs(null).GetAsync("/api/privacy/persons")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Client.GetAsync("/api/privacy/persons")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
