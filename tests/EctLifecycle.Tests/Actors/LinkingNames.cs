using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EctLifecycle.Actors;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Actors;

/// <summary>
/// Histories typed with names only are linked to the directory by a step that proposes (the same name but for accents
/// and case, a near name within the setting's letters, the same commune as a hint) and that staff confirm or refuse:
/// nothing is linked until they do, and a refused link is not proposed again.
/// </summary>
public class LinkingNames(AppFixture app) : DirectoryStory(app)
{
    private const string Jardins = "Association Les Jardins d'Émilie";

    private async Task<(Guid Project, Guid Entry, Guid Other)> StoryAsync()
    {
        var entry = await EnterAsync(Jardins, "association", "39300");
        var other = await EnterAsync("Association Les Jardins du Lac", "association", "39198");
        await EnterAsync("Lou", "association");
        var project = await RegisterAsync("Les Paniers");
        await LogAsync(project, new { type = "communePlaced", occurredOn = "2018-03-02", communeCode = "39300" });
        await LogAsync(project, Actor("ASSOCIATION LES JARDINS D'EMILIE", "2018-04-01"));
        await LogAsync(project, Actor("Lons", "2018-04-02"));
        await LogAsync(project, new
        {
            type = "fundingSecured", occurredOn = "2018-05-01", fundingId = "DON-1", sourceKind = "donations",
            funder = "Asociation les Jardin d'Emilie", amountEuros = 500,
        });
        return (project, entry, other);
    }

    private Task<JsonArray> ProposalsAsync() => ArrayAsync("/api/actors/links/proposals");

    private static IEnumerable<(string Name, Guid Actor, string Match)> Read(JsonArray proposals) =>
        proposals.Select(p => (p!["name"]!.GetValue<string>(), p["actorId"]!.GetValue<Guid>(), p["match"]!.GetValue<string>()));

    [Fact]
    public async Task the_same_name_without_accents_or_case_and_a_name_two_letters_off_are_proposed_and_nothing_is_linked_before_staff_say()
    {
        var (project, entry, other) = await StoryAsync();

        var proposals = await ProposalsAsync();
        Read(proposals).ShouldBe(
        [
            ("ASSOCIATION LES JARDINS D'EMILIE", entry, "exact"),
            ("Asociation les Jardin d'Emilie", entry, "near"),
        ], ignoreOrder: true);
        proposals.ShouldAllBe(p => p!["sameCommune"]!.GetValue<bool>() && p["projectKey"] != null);
        proposals.Single(p => p!["match"]!.GetValue<string>() == "near")!["distance"]!.GetValue<int>().ShouldBe(2);
        Read(proposals).ShouldNotContain(p => p.Actor == other, "« Jardins du Lac » is more than two letters away");
        (await ResolveAsync(project, "ASSOCIATION LES JARDINS D'EMILIE")).InDirectory.ShouldBeFalse("nothing is linked silently");
        (await GetJsonAsync($"/api/actors/{entry}"))["overTime"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task a_confirmed_link_makes_the_name_the_entry_and_a_refused_one_is_not_proposed_again()
    {
        var (project, entry, _) = await StoryAsync();

        var confirm = await Client.PostAsJsonAsync("/api/actors/links", new { projectId = project, name = "ASSOCIATION LES JARDINS D'EMILIE", actorId = entry });
        confirm.StatusCode.ShouldBe(HttpStatusCode.Created, await confirm.Content.ReadAsStringAsync());
        var refuse = await Client.PostAsJsonAsync("/api/actors/links/rejections", new { projectId = project, name = "Asociation les Jardin d'Emilie", actorId = entry });
        refuse.StatusCode.ShouldBe(HttpStatusCode.Created, await refuse.Content.ReadAsStringAsync());

        (await ProposalsAsync()).ShouldBeEmpty();
        var linked = await ResolveAsync(project, "association les jardins d'emilie");
        linked.ActorId.ShouldBe(entry);
        linked.Name.ShouldBe(Jardins, "the directory's name is shown");
        (await ResolveAsync(project, "Asociation les Jardin d'Emilie")).InDirectory.ShouldBeFalse();
        var actor = await GetJsonAsync($"/api/actors/{entry}");
        actor["overTime"]!.AsArray().Select(i => i!["what"]!.GetValue<string>()).ShouldBe(["joined"]);
        actor["actor"]!["projects"]!.AsArray().ShouldHaveSingleItem()!["name"]!.GetValue<string>().ShouldBe("Les Paniers");

        var again = await Client.PostAsJsonAsync("/api/actors/links", new { projectId = project, name = "Association les jardins d'Emilie", actorId = entry });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task a_link_is_refused_for_a_name_the_project_does_not_type_or_an_unknown_actor_or_project()
    {
        var (project, entry, _) = await StoryAsync();
        (await FieldsInErrorAsync(await Client.PostAsJsonAsync("/api/actors/links", new { projectId = project, name = "Mairie", actorId = entry })))
            .ShouldBe(["name"]);
        (await FieldsInErrorAsync(await Client.PostAsJsonAsync("/api/actors/links", new { projectId = project, name = "Lons", actorId = Guid.NewGuid() })))
            .ShouldBe(["actorId"]);
        (await FieldsInErrorAsync(await Client.PostAsJsonAsync("/api/actors/links", new { projectId = Guid.NewGuid(), name = "Lons", actorId = entry })))
            .ShouldBe(["projectId"]);
        (await FieldsInErrorAsync(await Client.GetAsync("/api/actors/links/proposals?project=P999"))).ShouldBe(["project"]);
    }

    [Theory]
    [InlineData("Mairie de Lons-le-Saunier", "MAIRIE DE LONS LE SAUNIER", "mairie de lons le saunier")]
    [InlineData("  Léa   Morel ", "lea morel", "lea morel")]
    [InlineData("Cœur du Jura", "coeur du jura", "coeur du jura")]
    public void names_compare_without_accents_case_punctuation_or_repeated_spaces(string a, string b, string key)
    {
        ActorNames.Key(a).ShouldBe(key);
        ActorNames.Key(b).ShouldBe(key);
    }

    [Theory]
    [InlineData("jardins d emilie", "jardin d emilie", 1)]
    [InlineData("asociation", "association", 1)]
    [InlineData("lons", "lou", 2)]
    [InlineData("abcdef", "uvwxyz", 3)]
    public void the_distance_counts_letters_typed_differently_up_to_the_limit(string a, string b, int expected)
    {
        ActorNames.Distance(a, b, 2).ShouldBe(Math.Min(expected, 3));
    }
}
