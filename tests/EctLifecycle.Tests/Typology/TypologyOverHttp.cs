using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EctLifecycle.Accounts;
using EctLifecycle.Tests.Support;
using EctLifecycle.Typology;

namespace EctLifecycle.Tests.Typology;

/// <summary>The typology as an analyst asks it: JSON, tidy CSV, its page under /analyses; too few projects is a French answer, not an error.</summary>
public class TypologyOverHttp(AppFixture app) : ApiTest(app)
{
    private static readonly JsonSerializerOptions Wire = CreateWire();

    private static JsonSerializerOptions CreateWire()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        EctLifecycle.Json.Configure(o);
        return o;
    }

    private HttpClient Analyst => App.ClientAs(Role.Analyst);

    private async Task<ProjectTypology> TypologyAsync(string query = "")
    {
        var response = await Analyst.GetAsync($"/api/analytics/typology{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ProjectTypology>(Wire))!;
    }

    [Fact]
    public async Task too_few_projects_answer_a_french_sentence_in_json_csv_and_on_the_page()
    {
        await RegisterAsync("Les Paniers", "2018-03-01");
        await RegisterAsync("La Recyclerie", "2019-05-01");

        var t = await TypologyAsync();
        t.Status.ShouldBe(TypologyStatus.TooFewProjects);
        t.Projects.ShouldBe(2);
        t.Verdict.ShouldStartWith("Trop peu de projets pour chercher des types : 2 projets en cours");

        var csv = await Analyst.GetAsync("/api/analytics/typology.csv");
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        (await csv.Content.ReadAsStringAsync()).ShouldContain("status,tooFewProjects,");

        var page = WebUtility.HtmlDecode(await (await Analyst.GetAsync("/analyses?vue=typology")).Content.ReadAsStringAsync());
        page.ShouldContain("Trop peu de projets pour chercher des types");
        page.ShouldContain("href=\"/api/analytics/typology.csv?");
    }

    [Fact]
    public async Task enough_projects_are_partitioned_with_their_silhouette_and_links_to_their_cards()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 11; i++) ids.Add(await RegisterAsync($"Projet {i}", $"{2010 + i}-0{1 + i % 9}-01"));

        var t = await TypologyAsync("?asOf=2024-06-30");
        t.Projects.ShouldBe(11);
        t.Status.ShouldNotBe(TypologyStatus.TooFewProjects);
        t.Candidates.ShouldNotBeEmpty();
        t.Groups.Sum(g => g.Size).ShouldBe(11);
        t.Silhouette.ShouldNotBeNull();

        var page = WebUtility.HtmlDecode(await (await Analyst.GetAsync("/analyses?vue=typology&asOf=2024-06-30")).Content.ReadAsStringAsync());
        page.ShouldContain("Silhouette moyenne de la meilleure partition");
        foreach (var id in ids) page.ShouldContain($"href=\"/projets/{id}\"");
    }

    [Fact]
    public async Task the_staff_may_not_ask_it()
    {
        (await App.ClientAs(Role.Staff).GetAsync("/api/analytics/typology")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
