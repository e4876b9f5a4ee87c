using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Actors;

/// <summary>An erasure of a person's name reaches the directory: the entry, and the names linked to it, read the pseudonym.</summary>
public class ErasingADirectoryPerson(AppFixture app) : DirectoryStory(app)
{
    [Fact]
    public async Task the_entry_of_an_erased_person_and_the_names_linked_to_it_read_the_pseudonym_and_the_database_names_them_nowhere()
    {
        var project = await RegisterAsync();
        await LogAsync(project, new { type = "carrierIdentified", occurredOn = "2019-02-01", carrierName = "Gwenaëlle Kerbrat", naturalPerson = true, newActor = true });
        var alone = await EnterAsync("GWENAELLE KERBRAT", "naturalPerson");
        var entry = (await ArrayAsync("/api/actors?q=kerbrat")).Select(a => a!["id"]!.GetValue<Guid>()).Single(id => id != alone);
        (await DatabaseDump.TextAsync()).ShouldContain("Gwenaëlle Kerbrat", customMessage: "the dump reads what the test looks for");

        var erased = await App.ClientAs(EctLifecycle.Accounts.Role.Admin).PostAsJsonAsync("/api/privacy/erasures",
            new { name = "gwenaëlle kerbrat", reason = "demande écrite du 12/03" });
        erased.StatusCode.ShouldBe(HttpStatusCode.Created, await erased.Content.ReadAsStringAsync());
        var pseudonym = (await erased.Content.ReadFromJsonAsync<JsonObject>())!["pseudonym"]!.GetValue<string>();

        var actor = await GetJsonAsync($"/api/actors/{entry}");
        actor["actor"]!["name"]!.GetValue<string>().ShouldBe(pseudonym);
        actor["links"]!.AsArray().ShouldHaveSingleItem()!["name"]!.GetValue<string>().ShouldBe(pseudonym);
        actor["overTime"]!.AsArray().ShouldHaveSingleItem()!["nameAsTyped"]!.GetValue<string>().ShouldBe(pseudonym);
        (await GetJsonAsync($"/api/actors/{alone}"))["actor"]!["name"]!.GetValue<string>().ShouldStartWith(pseudonym);
        (await ArrayAsync("/api/actors?q=kerbrat")).ShouldBeEmpty();
        var dump = await DatabaseDump.TextAsync();
        dump.ShouldNotContain("Kerbrat", Case.Insensitive);
    }

    [Fact]
    public async Task a_person_only_in_the_directory_is_erased_too()
    {
        var alone = await EnterAsync("Hélène Dupuis", "naturalPerson");
        var erased = await App.ClientAs(EctLifecycle.Accounts.Role.Admin).PostAsJsonAsync("/api/privacy/erasures",
            new { name = "Hélène Dupuis", reason = "demande du 12/03" });
        erased.StatusCode.ShouldBe(HttpStatusCode.Created, await erased.Content.ReadAsStringAsync());
        (await GetJsonAsync($"/api/actors/{alone}"))["actor"]!["name"]!.GetValue<string>().ShouldStartWith("Personne ");
    }
}
