using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Actors;

/// <summary>
/// Milestones name directory actors by id, or create one in place; what the directory does not know is refused with a
/// French 400 naming the field, and nothing is written.
/// </summary>
public class RefusingActorInput(AppFixture app) : DirectoryStory(app)
{
    [Fact]
    public async Task an_unknown_actor_id_or_introducer_is_refused_naming_the_field_and_nothing_is_written()
    {
        var project = await RegisterAsync();
        var before = (await HistoryAsync(project)).Count;

        var unknown = await PostMilestoneAsync(project, Joining("Mairie", "2019-01-01", Guid.NewGuid()));
        (await FieldsInErrorAsync(unknown)).ShouldBe(["actorId"]);
        (await ProblemAsync(unknown))["errors"]!["actorId"]![0]!.GetValue<string>().ShouldStartWith("aucun acteur de l'annuaire");
        (await FieldsInErrorAsync(await PostMilestoneAsync(project, Joining("Mairie", "2019-01-01", introducedBy: Guid.NewGuid().ToString()))))
            .ShouldBe(["introducedBy"]);
        (await FieldsInErrorAsync(await PostMilestoneAsync(project, Joining("Mairie", "2019-01-01", introducedBy: "le voisin"))))
            .ShouldBe(["introducedBy"]);
        (await FieldsInErrorAsync(await PostMilestoneAsync(project, new
        {
            type = "carrierIdentified", occurredOn = "2019-01-01", carrierName = "Léa", actorId = "pas-un-id",
        }))).ShouldBe(["actorId"]);
        (await FieldsInErrorAsync(await PostMilestoneAsync(project, new
        {
            type = "carrierIdentified", occurredOn = "2019-01-01", carrierName = "Léa", newActor = new { kind = "chat" },
        }))).ShouldBe(["newActor.kind"]);
        var entry = await EnterAsync("Mairie");
        (await FieldsInErrorAsync(await PostMilestoneAsync(project, new
        {
            type = "actorJoined", occurredOn = "2019-01-01", actorName = "Mairie", kind = "publicBody", isLocal = true, role = "partner",
            actorId = entry, newActor = true,
        }))).ShouldBe(["newActor"]);
        (await FieldsInErrorAsync(await PostMilestoneAsync(project, new { type = "note", occurredOn = "2019-01-01", text = "x", actorId = entry })))
            .ShouldBe(["actorId"], "a note names no actor");

        (await HistoryAsync(project)).Count.ShouldBe(before);
        (await ArrayAsync("/api/actors")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_new_actor_is_registered_with_the_milestone_and_offered_when_its_name_is_typed_again()
    {
        var project = await RegisterAsync();
        var hub = await EnterAsync("Clus'Ter Jura", "hub");
        await LogAsync(project, new
        {
            type = "actorJoined", occurredOn = "2019-01-01", actorName = "Fromagerie Bérod", kind = "company", isLocal = true,
            role = "partner", newActor = new { communeCode = "39300" }, introducedBy = hub.ToString(),
        });
        await LogAsync(project, new { type = "carrierIdentified", occurredOn = "2019-02-01", carrierName = "Léa Morel", naturalPerson = true, newActor = true });

        var found = (await ArrayAsync("/api/actors?q=fromagerie%20berod")).ShouldHaveSingleItem()!.AsObject();
        found["kind"]!.GetValue<string>().ShouldBe("company");
        found["communeName"]!.GetValue<string>().ShouldBe("Lons-le-Saunier (39)");
        found["projects"]!.AsArray().ShouldHaveSingleItem()!["projectId"]!.GetValue<Guid>().ShouldBe(project);
        (await ArrayAsync("/api/actors?kind=naturalPerson")).ShouldHaveSingleItem()!["name"]!.GetValue<string>().ShouldBe("Léa Morel");
        (await ArrayAsync("/api/actors?commune=39300")).Count.ShouldBe(1);
        var introduced = (await GetJsonAsync($"/api/actors/{hub}"))["introduced"]!.AsArray().ShouldHaveSingleItem()!;
        introduced["nameAsTyped"]!.GetValue<string>().ShouldBe("Fromagerie Bérod");
        var id = found["id"]!.GetValue<Guid>();
        (await GetJsonAsync($"/api/actors/{id}"))["introducedBy"]!.AsArray().ShouldHaveSingleItem()!["introducedBy"]!.GetValue<Guid>().ShouldBe(hub);
    }

    [Fact]
    public async Task the_directory_refuses_in_french_what_it_cannot_read()
    {
        var missing = await Client.PostAsJsonAsync("/api/actors", new { communeCode = "99999" });
        (await FieldsInErrorAsync(missing)).ShouldBe(["name", "kind", "communeCode"], ignoreOrder: true);
        (await ProblemAsync(missing))["errors"]!["kind"]![0]!.GetValue<string>().ShouldContain("Personne physique");
        (await FieldsInErrorAsync(await Client.PostAsJsonAsync("/api/actors", new { name = "X", kind = "association", couleur = "bleu" }))).ShouldBe(["couleur"]);
        (await FieldsInErrorAsync(await Client.GetAsync("/api/actors?kind=chat&commune=00000"))).ShouldBe(["kind", "commune"], ignoreOrder: true);
        (await Client.GetAsync($"/api/actors/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await App.ClientAs(EctLifecycle.Accounts.Role.Analyst).PostAsJsonAsync("/api/actors", new { name = "X", kind = "association" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var corrected = await Client.PostAsJsonAsync($"/api/actors/{Guid.NewGuid()}/corrections", new { name = "X", kind = "association" });
        corrected.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
