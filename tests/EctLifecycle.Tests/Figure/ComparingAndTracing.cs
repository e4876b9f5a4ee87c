using System.Net;
using System.Text.Json.Nodes;
using EctLifecycle.Accounts;
using EctLifecycle.Analytics;
using EctLifecycle.Figure;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;
using static EctLifecycle.Tests.Support.History;

namespace EctLifecycle.Tests.Figure;

/// <summary>
/// The entrepreneurial figure's comparison and the lineage on small portfolios whose figures are computed by hand here:
/// through the API (JSON, tidy CSV with French labels, refusals, roles), the page and the card; and the comparison
/// under a grid that counts the hub's interim carrying.
/// </summary>
public class ComparingAndTracing(AppFixture app) : ApiTest(app)
{
    private static object Carrier(string name, string type, string on = "2018-04-01") =>
        new { type = "carrierIdentified", occurredOn = on, carrierName = name, carrierType = type };

    // Four projects emerged on 2018-03-01: with a person (a collective on 2018-05-01, stopped on 2020-03-01), the hub
    // waiting for a carrier, none, and a structure in business (a collective on 2019-03-01).
    private async Task<(Guid Person, Guid Hub, Guid None, Guid Structure)> PortfolioAsync()
    {
        var person = await RegisterAsync("Avec une personne");
        await LogAsync(person, Carrier("Léa", "person"));
        await LogAsync(person, Actor("Amap", "2018-05-01"));
        await LogAsync(person, Actor("Mairie", "2018-05-01", kind: "publicBody"));
        await LogAsync(person, new { type = "projectStopped", occurredOn = "2020-03-01", reasons = new[] { "carrierLeft" } });
        var hub = await RegisterAsync("Portage d'attente");
        await LogAsync(hub, Carrier("Clus'Ter Jura", "hubAwaitingCarrier"));
        var none = await RegisterAsync("Sans porteur");
        var structure = await RegisterAsync("Avec une structure");
        await LogAsync(structure, Carrier("Scop du Val", "structure"));
        await LogAsync(structure, new { type = "carrierProfiled", occurredOn = "2018-04-02", carrierName = "Scop du Val", carrierStatus = "inBusiness" });
        await LogAsync(structure, Actor("Ferme", "2019-03-01", kind: "farmer"));
        await LogAsync(structure, Actor("Asso", "2019-03-01"));
        return (person, hub, none, structure);
    }

    private static JsonObject Group(JsonObject answer, string comparison, string group) =>
        answer["groups"]!.AsArray().Single(g => g!["comparison"]!.GetValue<string>() == comparison && g["group"]!.GetValue<string>() == group)!.AsObject();

    private static JsonObject Stage(JsonObject group, string stage) =>
        group["stages"]!.AsArray().Single(s => s!["stage"]!.GetValue<string>() == stage)!.AsObject();

    [Fact]
    public async Task the_comparison_counts_each_group_on_reaching_each_stage_and_its_survival_as_computed_by_hand()
    {
        await PortfolioAsync();
        var a = await GetJsonAsync("/api/analytics/entrepreneurial-figure");
        a["projects"]!.GetValue<int>().ShouldBe(4);
        a["hubInterimCarryingCounts"]!.GetValue<bool>().ShouldBeFalse();

        // Under the default grid the hub's interim carrying is no entrepreneurial figure.
        var with = Group(a, "figure", "yes");
        with["projects"]!.GetValue<int>().ShouldBe(2);
        with["stopped"]!.GetValue<int>().ShouldBe(1);
        var collective = Stage(with, "collective");
        collective["reached"]!.GetValue<int>().ShouldBe(2);
        collective["share"]!.GetValue<double>().ShouldBe(1);
        // 61 days (0.1670 year) and 365 days (0.9993 year) after emergence: the median is their mean.
        collective["medianYears"]!.GetValue<double>().ShouldBe((0.167 + 0.9993) / 2, 0.0001);
        // Stopped after 731 days, the other still followed: the curve falls to one half at 2.0014 years.
        with["survival"]!["medianYears"]!.GetValue<double>().ShouldBe(2.0014, 0.0001);
        with["smallGroup"]!.GetValue<bool>().ShouldBeTrue();
        with["pillarsOverTime"]!.AsArray().Select(x => x!["years"]!.GetValue<int>()).ShouldBe([0, 1, 2, 3, 4, 5]);
        with["pillarsOverTime"]![0]!["projects"]!.GetValue<int>().ShouldBe(2);

        var without = Group(a, "figure", "no");
        without["projects"]!.GetValue<int>().ShouldBe(2);
        Stage(without, "collective")["reached"]!.GetValue<int>().ShouldBe(0);
        without["survival"]!["medianYears"].ShouldBeNull();
        without["paths"]!["none"]!.GetValue<int>().ShouldBe(2);

        foreach (var (group, n) in new[] { ("person", 1), ("structure", 1), ("hubAwaitingCarrier", 1), ("none", 1) })
            Group(a, "carrierType", group)["projects"]!.GetValue<int>().ShouldBe(n, group);
        Group(a, "carrierStatus", "inBusiness")["projects"]!.GetValue<int>().ShouldBe(1);
        Group(a, "carrierStatus", "notSaid")["projects"]!.GetValue<int>().ShouldBe(2);

        var csv = await Client.GetStringAsync("/api/analytics/entrepreneurial-figure.csv");
        csv.TrimStart('\uFEFF').ShouldStartWith("subject,date,measure,value,libelle");
        csv.ShouldContain("figure=yes,");
        csv.ShouldContain("Avec ou sans figure entrepreneuriale · Avec une figure entrepreneuriale · nombre de projets");
        csv.ShouldContain("\"Par type de porteur · Le pôle, dans l'attente de l'identification d'un porteur · nombre de projets\"");

        var page = await VisibleText.GetAsync(Client, "/analyses?vue=entrepreneurial-figure");
        page.ShouldContain("Une figure entrepreneuriale est-elle nécessaire");
        page.ShouldContain("petit effectif");
        page.ShouldContain("Le pôle, dans l'attente de l'identification d'un porteur");
    }

    [Fact]
    public async Task the_analyses_refuse_bad_parameters_in_french_and_staff_may_not_read_them()
    {
        foreach (var route in new[] { "entrepreneurial-figure", "lineage" })
        {
            var bad = await Client.GetAsync($"/api/analytics/{route}?asOf=hier&grid=v9");
            bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            var errors = (await ProblemAsync(bad))["errors"]!;
            errors["asOf"]![0]!.GetValue<string>().ShouldContain("date invalide");
            errors["grid"]![0]!.GetValue<string>().ShouldContain("grille inconnue « v9 »");
            (await App.ClientAs(Role.Staff).GetAsync($"/api/analytics/{route}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task the_lineage_is_a_forest_and_counts_per_carrier_and_per_method_the_projects_that_followed()
    {
        var a = await RegisterAsync("Atelier");
        await LogAsync(a, Carrier("Léa", "person"));
        var b = await RegisterAsync("Boutique");
        var c = await RegisterAsync("Cantine");
        var d = await RegisterAsync("Dépôt");
        var e = await RegisterAsync("Épicerie");
        string Key(Guid id) => id.ToString();
        await LogAsync(b, new { type = "bornOf", occurredOn = "2019-01-01", origin = "otherProjectCarrier", sourceProject = Key(a) });
        await LogAsync(c, new { type = "bornOf", occurredOn = "2019-06-01", origin = "spinOff", sourceProject = Key(b) });
        await LogAsync(d, new { type = "bornOf", occurredOn = "2019-01-01", origin = "hubMethod", method = "Fabrique à initiatives" });
        await LogAsync(e, new { type = "bornOf", occurredOn = "2019-01-01", origin = "hubMethod", method = "fabrique à initiatives " });

        var l = await GetJsonAsync("/api/analytics/lineage");
        l["projects"]!.GetValue<int>().ShouldBe(5);
        l["bornOfOthers"]!.GetValue<int>().ShouldBe(4);
        l["origins"]!["otherProjectCarrier"]!.GetValue<int>().ShouldBe(1);
        l["origins"]!["spinOff"]!.GetValue<int>().ShouldBe(1);
        l["origins"]!["hubMethod"]!.GetValue<int>().ShouldBe(2);
        var tree = l["trees"]!.AsArray().Single()!;
        tree["name"]!.GetValue<string>().ShouldBe("Atelier");
        tree["children"]![0]!["name"]!.GetValue<string>().ShouldBe("Boutique");
        tree["children"]![0]!["bornOf"]![0]!.GetValue<string>().ShouldBe("otherProjectCarrier");
        tree["children"]![0]!["children"]![0]!["name"]!.GetValue<string>().ShouldBe("Cantine");
        var carrier = l["carriers"]!.AsArray().Single()!;
        carrier["name"]!.GetValue<string>().ShouldBe("Léa");
        carrier["followers"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).ShouldBe(["Boutique"]);
        var method = l["methods"]!.AsArray().Single()!;
        method["projects"]!.GetValue<int>().ShouldBe(2);
        method["byStage"]!["idea"]!.GetValue<int>().ShouldBe(2);

        // Before the spin-off's date, the tree stops at the second generation.
        var earlier = await GetJsonAsync("/api/analytics/lineage?asOf=2019-03-01");
        earlier["trees"]![0]!["children"]![0]!["children"]!.AsArray().ShouldBeEmpty();

        (await Client.GetStringAsync("/api/analytics/lineage.csv")).ShouldContain("Méthode « Fabrique à initiatives » · projets qui ont suivi");
        var card = await VisibleText.GetAsync(Client, $"/projets/{b}");
        card.ShouldContain("Filiation : projets nés les uns des autres");
        card.ShouldContain("Atelier");
        card.ShouldContain("Cantine");
        card.ShouldContain("né de : le porteur d'un autre projet");
        (await VisibleText.GetAsync(Client, $"/projets/{d}")).ShouldNotContain("Filiation");
        (await VisibleText.GetAsync(Client, "/analyses?vue=lineage")).ShouldContain("Méthode « Fabrique à initiatives »");
    }

    [Fact]
    public async Task under_a_grid_that_counts_the_hubs_interim_carrying_the_hub_carried_project_has_the_figure()
    {
        var hub = Emerging("2018-03-01");
        hub.Add(new CarrierIdentified(hub.ProjectId, D("2018-04-01"), "test", "Clus'Ter Jura", null, CarrierType: CarrierType.HubAwaitingCarrier));
        var none = Emerging("2018-03-01");
        var history = PortfolioHistory.Of([hub.Timeline, none.Timeline]);
        var grid = GridCatalog.LoadFrom(GridCatalog.DefaultFolder).Default;

        foreach (var (counts, withFigure) in new[] { (false, 0), (true, 1) })
        {
            var p = new AnalyticsParameters(D("2024-01-01"), grid with { HubInterimCarryingCounts = counts }, null);
            var f = await EntrepreneurialFigure.OfAsync(history, p, new FigureSettings(), default);
            f.HubInterimCarryingCounts.ShouldBe(counts);
            (f.Groups.SingleOrDefault(g => g.Comparison == "figure" && g.Group == "yes")?.Projects ?? 0).ShouldBe(withFigure);
            f.Groups.Single(g => g.Comparison == "figure" && g.Group == "no").Projects.ShouldBe(2 - withFigure);
            // The carrier's type does not depend on the grid.
            f.Groups.Single(g => g.Comparison == "carrierType" && g.Group == "hubAwaitingCarrier").Projects.ShouldBe(1);
        }
    }
}
