using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Communes;

/// <summary>Projects placed in communes of the official code, through the API, and the territory's questions on a hand-built portfolio.</summary>
public class PlacingProjects(AppFixture app) : ApiTest(app)
{
    private async Task<Guid> RegisterInAsync(string name, string commune, string occurredOn)
    {
        var response = await Client.PostAsJsonAsync("/api/projects", new
        {
            name, sector = "alimentation", commune, summary = "Un projet", occurredOn,
            emergenceContext = "localProgramme", hubRole = "animator", inspiredElsewhere = false,
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
    }

    private Task<Guid> PlaceAsync(Guid id, string code, string occurredOn, string? fromText = null) =>
        LogAsync(id, new { type = "communePlaced", occurredOn, communeCode = code, fromText });

    private async Task<JsonArray> GetArrayAsync(string url)
    {
        var response = await Client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }

    [Fact]
    public async Task typing_lons_offers_lons_le_saunier_first_and_homonyms_show_their_departement()
    {
        var lons = await GetArrayAsync("/api/communes?q=lons");
        lons[0]!["code"]!.GetValue<string>().ShouldBe("39300");
        lons[0]!["label"]!.GetValue<string>().ShouldBe("Lons-le-Saunier (39)");
        lons[0]!["inAgglomeration"]!.GetValue<bool>().ShouldBeTrue();
        lons.Select(c => c!["label"]!.GetValue<string>()).ShouldContain("Lons (64)");

        var poligny = await GetArrayAsync("/api/communes?q=POLIGNY");
        poligny.Where(c => c!["name"]!.GetValue<string>() == "Poligny").Select(c => c!["label"]!.GetValue<string>())
            .ShouldBe(["Poligny (39)", "Poligny (77)", "Poligny (05)", "Poligny (10)"]);
        (await GetArrayAsync("/api/communes?q=Poligny%20(77)")).ShouldHaveSingleItem()!["code"]!.GetValue<string>().ShouldBe("77370");
        (await GetArrayAsync("/api/communes?q=st-amour"))[0]!["code"]!.GetValue<string>().ShouldBe("39475");
        (await GetArrayAsync("/api/communes?q=39164")).ShouldHaveSingleItem()!["name"]!.GetValue<string>().ShouldBe("Conliège");
    }

    [Theory]
    [InlineData("/api/communes", "obligatoire")]
    [InlineData("/api/communes?q=l", "trop court")]
    [InlineData("/api/communes?q=%20-%20", "trop court")]
    public async Task a_search_without_two_letters_is_refused_in_french(string url, string words)
    {
        var response = await Client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(response))["errors"]!["q"]![0]!.GetValue<string>().ShouldContain(words);
    }

    [Fact]
    public async Task an_unknown_code_is_refused_in_french_and_nothing_is_logged()
    {
        var id = await RegisterInAsync("Épicerie", "Lons", "2019-01-01");
        var response = await PostMilestoneAsync(id, new { type = "communePlaced", occurredOn = "2019-01-01", communeCode = "99999" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(response))["errors"]!["communeCode"]![0]!.GetValue<string>().ShouldContain("aucune commune n'a le code INSEE « 99999 »");
        (await HistoryAsync(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_stored_free_text_is_proposed_and_its_confirmation_is_an_event()
    {
        var id = await RegisterInAsync("Le Fournil", "poligny", "2019-04-01");
        var proposals = await GetArrayAsync("/api/communes/proposals");
        var mine = proposals.Single(p => p!["projectId"]!.GetValue<Guid>() == id)!;
        mine["typed"]!.GetValue<string>().ShouldBe("poligny");
        mine["proposals"]![0]!["commune"]!["code"]!.GetValue<string>().ShouldBe("39434");
        mine["proposals"]!.AsArray().Count.ShouldBe(4);

        // Nothing is linked until staff confirm: the project is still « non placé ».
        (await GetJsonAsync("/api/analytics/territory?asOf=2020-12-31"))["placed"]!.GetValue<int>().ShouldBe(0);

        await PlaceAsync(id, "39434", "2019-04-01", fromText: "poligny");
        var history = await HistoryAsync(id);
        var placed = history.Last()!;
        placed["type"]!.GetValue<string>().ShouldBe("communePlaced");
        placed["data"]!["communeName"]!.GetValue<string>().ShouldBe("Poligny");
        (await GetArrayAsync("/api/communes/proposals")).ShouldBeEmpty();
        (await GetJsonAsync($"/api/projects/{id}?asOf=2020-01-01"))["commune"]!.GetValue<string>().ShouldBe("Poligny");
    }

    /// <summary>Lons-le-Saunier and L'Étoile (in ECLA), Poligny (out of it, 2,000-9,999), Conliège (in, under 2,000), one unplaced.</summary>
    private async Task PortfolioAsync()
    {
        await PlaceAsync(await RegisterInAsync("A", "Lons-le-Saunier", "2018-02-01"), "39300", "2018-02-01");
        await PlaceAsync(await RegisterInAsync("B", "L'Étoile", "2018-05-01"), "39217", "2018-05-01");
        await PlaceAsync(await RegisterInAsync("C", "Poligny", "2019-03-01"), "39434", "2019-03-01");
        await PlaceAsync(await RegisterInAsync("D", "Conliège", "2019-06-01"), "39164", "2019-06-01");
        await RegisterInAsync("E", "Lédonval", "2019-09-01");
    }

    [Fact]
    public async Task cohorts_by_territory_and_by_population_class_count_where_projects_are()
    {
        await PortfolioAsync();
        var byTerritory = await GetJsonAsync("/api/analytics/cohorts?by=territory&period=year&asOf=2019-12-31");
        var at2019 = byTerritory["points"]!.AsArray().Where(p => p!["date"]!.GetValue<string>() == "2019-12-31")
            .ToDictionary(p => p!["cohort"]!.GetValue<string>(), p => p!["projects"]!.GetValue<int>());
        at2019.ShouldBe(new Dictionary<string, int> { ["inside"] = 3, ["outside"] = 1, ["unplaced"] = 1 }, ignoreOrder: true);

        var byClass = await GetJsonAsync("/api/analytics/cohorts?by=populationClass&period=year&asOf=2019-12-31");
        byClass["points"]!.AsArray().Where(p => p!["date"]!.GetValue<string>() == "2019-12-31")
            .ToDictionary(p => p!["cohort"]!.GetValue<string>(), p => p!["projects"]!.GetValue<int>())
            .ShouldBe(new Dictionary<string, int> { [">=10000"] = 1, ["<2000"] = 2, ["2000-9999"] = 1, ["unplaced"] = 1 }, ignoreOrder: true);

        var csv = await Client.GetStringAsync("/api/analytics/cohorts.csv?by=territory&asOf=2019-12-31");
        csv.ShouldContain("territory=outside,2019-12-31,count,1");
        csv.ShouldContain("hors de l'agglomération");
    }

    [Fact]
    public async Task the_territory_says_where_projects_emerged_each_year()
    {
        await PortfolioAsync();
        var t = await GetJsonAsync("/api/analytics/territory?asOf=2019-12-31");
        t["projects"]!.GetValue<int>().ShouldBe(5);
        t["placed"]!.GetValue<int>().ShouldBe(4);
        t["inAgglomeration"]!.GetValue<int>().ShouldBe(3);
        t["agglomerationName"]!.GetValue<string>().ShouldBe("CA ECLA  (Espace Communautaire Lons Agglomération)");
        var years = t["years"]!.AsArray();
        years[0]!["year"]!.GetValue<int>().ShouldBe(2018);
        years[0]!["byTerritory"]!["inside"]!.GetValue<int>().ShouldBe(2);
        years[1]!["byTerritory"]!["outside"]!.GetValue<int>().ShouldBe(1);
        years[1]!["byTerritory"]!["unplaced"]!.GetValue<int>().ShouldBe(1);
        years[1]!["byPopulationClass"]!["<2000"]!.GetValue<int>().ShouldBe(1);
        var epcis = t["epcis"]!.AsArray();
        epcis[0]!["code"]!.GetValue<string>().ShouldBe("200071116");
        epcis[0]!["projects"]!.GetValue<int>().ShouldBe(3);
        epcis[0]!["agglomeration"]!.GetValue<bool>().ShouldBeTrue();

        // Before 2019 only the 2018 projects had emerged.
        (await GetJsonAsync("/api/analytics/territory?asOf=2018-12-31"))["projects"]!.GetValue<int>().ShouldBe(2);
        var csv = await Client.GetStringAsync("/api/analytics/territory.csv?asOf=2019-12-31");
        csv.ShouldContain("year=2018|territory=inside,2019-12-31,count,2");
    }

    [Fact]
    public async Task the_analyses_page_and_the_proposals_page_show_the_territory()
    {
        await PortfolioAsync();
        var html = await Client.GetStringAsync("/analyses?vue=territory&asOf=2019-12-31");
        html.ShouldContain("data-testid=\"territory-summary\"");
        var page = VisibleText.Of(html);
        page.ShouldContain("ni coordonnées ni contours");
        page.ShouldContain("3 projet(s) sur 5 ont émergé dans l'agglomération");
        var proposals = await VisibleText.GetAsync(Client, "/communes");
        proposals.ShouldContain("Lédonval");
        proposals.ShouldContain("Aucune commune de ce nom");
    }
}
