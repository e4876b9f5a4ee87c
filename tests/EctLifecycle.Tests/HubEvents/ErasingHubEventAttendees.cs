using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EctLifecycle.Tests.Actors;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.HubEvents;

/// <summary>
/// An erasure reaches the hub's events: an attendee is a directory actor (its name goes with the entry's), and what staff
/// typed in an event's stream (its name as first recorded, why it was withdrawn, why an attendee was retracted) reads the
/// pseudonym too; the database names the person nowhere, and the counts stay the same.
/// </summary>
public class ErasingHubEventAttendees(AppFixture app) : DirectoryStory(app)
{
    private async Task<Guid> HoldAsync(object body)
    {
        var response = await Client.PostAsJsonAsync("/api/hub-events", body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
    }

    private async Task PostOkAsync(string url, object body)
    {
        var response = await Client.PostAsJsonAsync(url, body);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task an_erased_attendee_and_the_texts_naming_her_in_the_hub_events_read_the_pseudonym_and_the_database_names_her_nowhere()
    {
        var person = await EnterAsync("Gwenaëlle Kerbrat", "naturalPerson", "39434");
        var mairie = await EnterAsync("Mairie de Lons", "publicBody", "39300");
        var atelier = await HoldAsync(new
        {
            name = "Atelier chez Gwenaëlle Kerbrat", kind = "workshop", occurredOn = "2019-05-10",
            attendees = new object[] { new { actorId = person }, new { actorId = mairie } },
        });
        await PostOkAsync($"/api/hub-events/{atelier}/corrections", new { name = "Atelier des producteurs", kind = "workshop", occurredOn = "2019-05-10" });
        await PostOkAsync($"/api/hub-events/{atelier}/attendees/{mairie}/retraction", new { reason = "confondue avec KERBRAT Gwenaëlle" });
        var doublon = await HoldAsync(new { name = "Atelier des producteurs (bis)", kind = "workshop", occurredOn = "2019-05-10" });
        await PostOkAsync($"/api/hub-events/{doublon}/withdrawal", new { reason = "doublon saisi par gwenaelle kerbrat" });
        var countsBefore = (await GetJsonAsync("/api/analytics/hub-events?asOf=2020-12-31"))["allActors"]!.ToJsonString();
        (await DatabaseDump.TextAsync()).ShouldContain("Kerbrat", customMessage: "the dump reads what the test looks for");

        var erased = await App.ClientAs(EctLifecycle.Accounts.Role.Admin).PostAsJsonAsync("/api/privacy/erasures",
            new { name = "Gwenaëlle Kerbrat", reason = "demande écrite du 12/03" });
        erased.StatusCode.ShouldBe(HttpStatusCode.Created, await erased.Content.ReadAsStringAsync());
        var pseudonym = (await erased.Content.ReadFromJsonAsync<JsonObject>())!["pseudonym"]!.GetValue<string>();

        var read = await GetJsonAsync($"/api/hub-events/{atelier}");
        read["name"]!.GetValue<string>().ShouldBe("Atelier des producteurs");
        var attendees = read["attendees"]!.AsArray();
        attendees.Single(a => a!["actorId"]!.GetValue<Guid>() == person)!["name"]!.GetValue<string>().ShouldBe(pseudonym);
        attendees.Single(a => a!["actorId"]!.GetValue<Guid>() == mairie)!["retractionReason"]!.GetValue<string>().ShouldStartWith("confondue avec Personne ");
        (await GetJsonAsync($"/api/hub-events/{doublon}"))["withdrawalReason"]!.GetValue<string>().ShouldStartWith("doublon saisi par Personne ");
        (await GetJsonAsync("/api/analytics/hub-events?asOf=2020-12-31"))["allActors"]!.ToJsonString().ShouldBe(countsBefore);
        var dump = await DatabaseDump.TextAsync();
        dump.ShouldNotContain("Kerbrat", Case.Insensitive);
        dump.ShouldContain("Atelier des producteurs");
    }

    [Fact]
    public async Task a_person_named_only_in_a_hub_event_is_erased_too()
    {
        var atelier = await HoldAsync(new { name = "Atelier chez Hélène Dupuis", kind = "workshop", occurredOn = "2019-05-10" });
        var erased = await App.ClientAs(EctLifecycle.Accounts.Role.Admin).PostAsJsonAsync("/api/privacy/erasures",
            new { name = "Hélène Dupuis", reason = "demande du 12/03" });
        erased.StatusCode.ShouldBe(HttpStatusCode.Created, await erased.Content.ReadAsStringAsync());
        (await GetJsonAsync($"/api/hub-events/{atelier}"))["name"]!.GetValue<string>().ShouldStartWith("Atelier chez Personne ");
    }
}
