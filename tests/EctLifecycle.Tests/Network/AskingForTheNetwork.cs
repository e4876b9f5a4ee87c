using System.Net;
using System.Text.Json.Nodes;
using EctLifecycle.Accounts;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Network;

/// <summary>The network through the API and its page, on a portfolio built through the API whose measures were computed by hand.</summary>
public class AskingForTheNetwork(AppFixture app) : ApiTest(app)
{
    /// <summary>Les Paniers (2019): Mairie, Asso, Ferme, accompanied by the hub from 01/03/2019. La Recyclerie (2020): Épicerie, Atelier.</summary>
    private async Task PortfolioAsync()
    {
        var one = await RegisterAsync("Les Paniers", "2019-01-01");
        await LogAsync(one, Actor("Mairie", "2019-02-01", "publicBody"));
        await LogAsync(one, Actor("Asso", "2019-02-01"));
        await LogAsync(one, Actor("Ferme", "2019-02-01", "farmer"));
        await LogAsync(one, new { type = "accompanimentStarted", occurredOn = "2019-03-01", byHub = true });
        var two = await RegisterAsync("La Recyclerie", "2020-01-01");
        await LogAsync(two, Actor("Épicerie", "2020-02-01", "company"));
        await LogAsync(two, Actor("Atelier", "2020-02-01"));
    }

    [Fact]
    public async Task the_measures_at_two_dates_are_those_computed_by_hand_and_nothing_was_known_before_it_was_recorded()
    {
        await PortfolioAsync();

        // End of 2020: {Mairie, Asso, Ferme, pôle} (6 links) and {Épicerie, Atelier} (1): 6 nodes, 7 of 15 possible links.
        var late = (await GetJsonAsync("/api/analytics/network?asOf=2020-12-31"))["network"]!["measures"]!;
        late["projects"]!.GetValue<int>().ShouldBe(2);
        late["actors"]!.GetValue<int>().ShouldBe(5);
        late["coMemberships"]!.GetValue<int>().ShouldBe(7);
        late["density"]!.GetValue<double>().ShouldBe(7.0 / 15, 1e-9);
        late["components"]!.GetValue<int>().ShouldBe(2);
        late["hub"]!["projects"]!.GetValue<int>().ShouldBe(1);
        late["hub"]!["share"]!.GetValue<double>().ShouldBe(0.5);
        late["hub"]!["degree"]!.GetValue<int>().ShouldBe(3);

        // Mid-2019: Les Paniers alone, its clique of four.
        var answer = await GetJsonAsync("/api/analytics/network?asOf=2019-06-30");
        var early = answer["network"]!["measures"]!;
        (early["projects"]!.GetValue<int>(), early["coMemberships"]!.GetValue<int>(), early["density"]!.GetValue<double>()).ShouldBe((1, 6, 1.0));
        answer["growth"]!.AsArray().ShouldBeEmpty();
        (await GetJsonAsync("/api/analytics/network?asOf=2021-01-01"))["growth"]!.AsArray()
            .Select(g => g!["date"]!.GetValue<string>()).ShouldBe(["2019-12-31", "2020-12-31"]);

        // Everything was recorded today: as known yesterday, there was no project.
        var yesterday = App.Today.AddDays(-1).ToString("yyyy-MM-dd");
        (await GetJsonAsync($"/api/analytics/network?asOf=2020-12-31&knownAt={yesterday}"))["network"]!["measures"]!["projects"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task the_csv_has_the_tidy_columns_and_a_french_label_on_every_row()
    {
        await PortfolioAsync();
        var response = await Client.GetAsync("/api/analytics/network.csv?asOf=2020-12-31");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("subject,date,measure,value,libelle");
        lines.ShouldContain("network,2020-12-31,components,2,Réseau · Composantes connexes");
        lines.ShouldContain(l => l.StartsWith("network,2020-12-31,density,0.4667,"));
        lines.ShouldContain(l => l.StartsWith("clef,") && l.Contains("Trop peu de projets pour conclure"));
        lines.Skip(1).ShouldAllBe(l => !l.EndsWith(","));
    }

    [Fact]
    public async Task a_bad_date_is_refused_in_french_naming_the_field()
    {
        var response = await Client.GetAsync("/api/analytics/network?asOf=2020-13-45");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(response))["errors"]!["asOf"]![0]!.GetValue<string>().ShouldBe("« 2020-13-45 » n'est pas une date : il n'y a pas de mois 13 (de 1 à 12)");
        (await App.ClientAs(Role.Staff).GetAsync("/api/analytics/network")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task the_page_draws_the_network_with_graphviz_or_says_why_not_and_states_the_clef()
    {
        await PortfolioAsync();
        var response = await App.ClientAs(Role.Analyst).GetAsync("/reseau?asOf=2020-12-31");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        if (global::EctLifecycle.Network.NetworkPicture.Engine(8) is null) html.ShouldContain("Graphviz n'est pas installé sur le serveur");
        else
        {
            html.ShouldContain("<title id=\"reseau-titre\">Le réseau des acteurs et des projets</title>");
            html.ShouldContain("<title>Pôle : Le pôle</title>");
            html.ShouldContain("<title>Acteur : Mairie</title>");
        }
        html.ShouldContain("Renforcer l'écosystème coopératif territorial représente-il une « clef »");
        html.ShouldContain("Trop peu de projets pour conclure");
        html.ShouldContain("Lié à 1 projet(s) sur 2 (50 %)", Case.Sensitive, "a share as a whole percentage, as the report writes it");
    }
}
