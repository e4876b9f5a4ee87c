using System.Net.Http.Json;
using System.Net;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Actors;

/// <summary>The directory's pages, in French: search, an actor's projects over time, a merge and its undo, the linking step, the milestone form.</summary>
public class DirectoryPages(AppFixture app) : DirectoryStory(app)
{
    private HttpClient Staff => App.ClientAs(EctLifecycle.Accounts.Role.Staff);

    private static IEnumerable<KeyValuePair<string, string>> Fields(params (string Name, string Value)[] fields) =>
        fields.Select(f => KeyValuePair.Create(f.Name, f.Value));

    [Fact]
    public async Task a_search_that_finds_more_than_a_page_shows_them_page_by_page_keeping_the_search()
    {
        var limit = EctLifecycle.Actors.SearchActorsEndpoint.Limit;
        for (var i = 0; i < limit + 5; i++) await EnterAsync($"Ferme Paginée {i:00}", kind: "farmer");
        await EnterAsync("Mairie Paginée", communeCode: "39300");

        var first = await VisibleText.GetAsync(Staff, "/acteurs?q=paginee&kind=farmer");
        first.ShouldContain($"{limit + 5} acteur(s) trouvé(s), 1 à {limit} affichés (page 1 sur 2)");
        first.ShouldContain("Ferme Paginée 00");
        first.ShouldNotContain($"Ferme Paginée {limit + 4}");
        first.ShouldNotContain("Page précédente");
        var html = await Staff.GetStringAsync("/acteurs?q=paginee&kind=farmer");
        html.ShouldContain("href=\"/acteurs?q=paginee&amp;kind=farmer&amp;p=2\"");

        var second = await VisibleText.GetAsync(Staff, "/acteurs?q=paginee&kind=farmer&p=2");
        second.ShouldContain($"{limit + 5} acteur(s) trouvé(s), {limit + 1} à {limit + 5} affichés (page 2 sur 2)");
        second.ShouldContain($"Ferme Paginée {limit + 4}");
        second.ShouldNotContain("Ferme Paginée 00");
        second.ShouldNotContain("Mairie Paginée");
        second.ShouldContain("Page précédente");
        second.ShouldNotContain("Page suivante");

        // The API pages the same way, and says how many answer.
        var api = await Client.GetAsync("/api/actors?q=paginee&kind=farmer&page=2");
        api.Headers.GetValues("X-Total-Count").Single().ShouldBe($"{limit + 5}");
        (await api.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonArray>())!.Count.ShouldBe(5);
        var refused = await Client.GetAsync("/api/actors?page=0");
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(refused))["errors"]!["page"]![0]!.GetValue<string>().ShouldContain("un nombre entier de 1");
    }

    [Fact]
    public async Task staff_find_an_actor_read_its_projects_merge_two_entries_and_undo_it()
    {
        var mairie = await EnterAsync("Mairie de Lons-le-Saunier", communeCode: "39300");
        var commune = await EnterAsync("Commune de Lons", communeCode: "39300");
        var project = await RegisterAsync("Les Paniers");
        await LogAsync(project, Joining("Mairie de Lons", "2019-01-10", mairie, introducedBy: "pôle"));

        var list = await VisibleText.GetAsync(Staff, "/acteurs?q=LONS&kind=publicBody&commune=39300");
        list.ShouldContain("2 acteur(s) trouvé(s)");
        list.ShouldContain("Mairie de Lons-le-Saunier Collectivité / organisme public Lons-le-Saunier (39) oui 1 : Les Paniers");
        var card = await VisibleText.GetAsync(Staff, $"/acteurs/{mairie}");
        card.ShouldContain("10/01/2019");
        card.ShouldContain("Les Paniers Arrivée dans le collectif Mairie de Lons le pôle");

        var merged = await WebForms.PostAsync(Staff, "/acteurs?handler=Merge", Fields(("kept", mairie.ToString()), ("absorbed", commune.ToString())));
        merged.Status.ShouldBe(HttpStatusCode.Redirect, merged.Text);
        (await VisibleText.GetAsync(Staff, "/acteurs?q=lons")).ShouldContain("1 acteur(s) trouvé(s)");
        var refused = await WebForms.PostAsync(Staff, "/acteurs?handler=Merge", Fields(("kept", mairie.ToString()), ("absorbed", commune.ToString())));
        refused.Status.ShouldBe(HttpStatusCode.OK);
        refused.Text.ShouldContain("cet acteur est déjà fusionné dans un autre");

        var merge = (await GetJsonAsync($"/api/actors/{mairie}"))["merges"]!.AsArray().Single()!["id"]!.GetValue<Guid>();
        var undone = await WebForms.PostAsync(Staff, $"/acteurs/{mairie}?handler=Undo", Fields(("merge", merge.ToString())));
        undone.Status.ShouldBe(HttpStatusCode.Redirect, undone.Text);
        (await VisibleText.GetAsync(Staff, $"/acteurs/{mairie}")).ShouldContain("annulée le");
    }

    [Fact]
    public async Task the_linking_page_proposes_and_staff_confirm()
    {
        var entry = await EnterAsync("Fromagerie Bérod", "company");
        var project = await RegisterAsync("Les Paniers");
        await LogAsync(project, Actor("FROMAGERIE BEROD", "2019-01-10", "company"));

        (await VisibleText.GetAsync(Staff, "/acteurs/liens")).ShouldContain("FROMAGERIE BEROD (1 jalon(s)) Fromagerie Bérod Entreprise même nom");
        var confirmed = await WebForms.PostAsync(Staff, "/acteurs/liens", Fields(
            ("projectId", project.ToString()), ("name", "FROMAGERIE BEROD"), ("actorId", entry.ToString()), ("link", "true")));
        confirmed.Status.ShouldBe(HttpStatusCode.Redirect, confirmed.Text);
        (await VisibleText.GetAsync(Staff, "/acteurs/liens")).ShouldContain("Aucun lien à proposer.");
        (await ResolveAsync(project, "Fromagerie Bérod")).ActorId.ShouldBe(null, "the project tells accents apart: another name of it, not linked");
        (await ResolveAsync(project, "fromagerie berod")).ActorId.ShouldBe(entry);
    }

    [Fact]
    public async Task the_milestone_form_offers_the_directory_and_posts_the_actor_chosen()
    {
        var entry = await EnterAsync("Fromagerie Bérod", "company");
        var project = await RegisterAsync("Les Paniers");
        var html = await Staff.GetStringAsync($"/projets/{project}/jalon/carrierIdentified");
        html.ShouldContain("data-actors=\"f-carrierName-actorId\"");
        html.ShouldContain("name=\"actorId\"");

        var logged = await WebForms.PostAsync(Staff, $"/projets/{project}/jalon/carrierIdentified", Fields(
            ("occurredOn", "2019-02-01"), ("carrierName", "Fromagerie Bérod"), ("actorId", entry.ToString())));
        logged.Status.ShouldBe(HttpStatusCode.Redirect, logged.Text);
        (await GetJsonAsync($"/api/actors/{entry}"))["overTime"]!.AsArray().Single()!["what"]!.GetValue<string>().ShouldBe("carrier");

        var unknown = await WebForms.PostAsync(Staff, $"/projets/{project}/jalon/carrierIdentified", Fields(
            ("occurredOn", "2019-03-01"), ("carrierName", "Autre"), ("actorId", Guid.NewGuid().ToString())));
        unknown.Status.ShouldBe(HttpStatusCode.OK);
        unknown.Text.ShouldContain("aucun acteur de l'annuaire n'a l'identifiant");
    }
}
