using System.Net;
using EctLifecycle.Network;
using EctLifecycle.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.Durability;

/// <summary>
/// The portfolio report's network, territory and typology (issues 18 and 19), over HTTP on a portfolio logged through the
/// API whose figures were counted by hand.
/// </summary>
public class ReportSections(AppFixture app) : ApiTest(app)
{
    private const string AsOf = "2020-12-31";

    /// <summary>
    /// Les Paniers (2019, Lons-le-Saunier): Mairie, Asso, Ferme, accompanied by the hub. Le Fournil (2019, Conliège), stopped
    /// in 2020. La Recyclerie (2020, Poligny): Épicerie, Atelier. Le Jardin (2020): no commune, no actor.
    /// </summary>
    private async Task PortfolioAsync()
    {
        var paniers = await RegisterAsync("Les Paniers", "2019-01-01");
        await LogAsync(paniers, new { type = "communePlaced", occurredOn = "2019-01-01", communeCode = "39300" });
        await LogAsync(paniers, Actor("Mairie", "2019-02-01", "publicBody"));
        await LogAsync(paniers, Actor("Asso", "2019-02-01"));
        await LogAsync(paniers, Actor("Ferme", "2019-02-01", "farmer"));
        await LogAsync(paniers, new { type = "accompanimentStarted", occurredOn = "2019-03-01", byHub = true });
        var fournil = await RegisterAsync("Le Fournil", "2019-06-01");
        await LogAsync(fournil, new { type = "communePlaced", occurredOn = "2019-06-01", communeCode = "39164" });
        await LogAsync(fournil, new { type = "projectStopped", occurredOn = "2020-06-30", reasons = new[] { "fundingLostOrEnded" } });
        var recyclerie = await RegisterAsync("La Recyclerie", "2020-01-01");
        await LogAsync(recyclerie, new { type = "communePlaced", occurredOn = "2020-01-01", communeCode = "39434" });
        await LogAsync(recyclerie, Actor("Épicerie", "2020-02-01", "company"));
        await LogAsync(recyclerie, Actor("Atelier", "2020-02-01"));
        await RegisterAsync("Le Jardin", "2020-03-01");
    }

    private async Task<string> ReportAsync(string format)
    {
        var response = await Client.GetAsync($"/api/reports/durability?asOf={AsOf}&format={format}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task the_network_is_in_the_html_report_drawn_with_its_legend_measures_and_growth()
    {
        await PortfolioAsync();
        var html = WebUtility.HtmlDecode(await ReportAsync("html"));

        html.ShouldContain("<h2>Le réseau des acteurs et des projets</h2>");
        if (NetworkPicture.Engine(10) is null) html.ShouldContain(NetworkPicture.Missing);
        else
        {
            html.ShouldContain("<title id=\"reseau-titre\">Le réseau des acteurs et des projets</title>");
            html.ShouldContain("<title>Pôle : Le pôle</title>");
            html.ShouldContain("<title>Acteur : Mairie</title>");
            html.ShouldNotContain("Fournil</title>", customMessage: "a project stopped by the date is not in its network");
        }
        html.ShouldContain("octogone rouge : le pôle");
        // End of 2020: {Mairie, Asso, Ferme, pôle} (6 links) and {Épicerie, Atelier} (1): 6 nodes, 7 of 15 possible links.
        html.ShouldContain("<dt>Densité (liens sur liens possibles)</dt><dd>0,467</dd>");
        html.ShouldContain("<dt>Composantes connexes</dt><dd>2</dd>");
        html.ShouldContain("<dt>Acteurs dans deux projets ou plus</dt><dd>0</dd>");
        html.ShouldContain("lié à 1 projet(s) sur 3 (33 %), degré 3, intermédiarité 0");
        // End of 2019: Les Paniers and Le Fournil live, the clique of four.
        html.ShouldContain("<tr><td class=\"word\">31/12/2019</td><td class=\"word\">2</td><td class=\"word\">3</td><td class=\"word\">0</td><td class=\"word\">6</td><td class=\"word\">1</td>");
        html.ShouldContain("<tr><td class=\"word\">31/12/2020</td><td class=\"word\">3</td><td class=\"word\">5</td><td class=\"word\">0</td><td class=\"word\">7</td><td class=\"word\">0,467</td><td class=\"word\">2</td>");
    }

    [Fact]
    public async Task above_the_settings_number_of_projects_the_report_says_why_it_holds_no_network_and_keeps_the_rest()
    {
        await PortfolioAsync();
        var services = App.Host.Services;
        var reading = new EctLifecycle.Durability.PortfolioReading(
            services.GetRequiredService<EctLifecycle.Persistence.PersistenceRules>(), services.GetRequiredService<EctLifecycle.Actors.IActorIdentities>(),
            services.GetRequiredService<NetworkSettings>() with { ReportUpToProjects = 3 },
            services.GetRequiredService<EctLifecycle.Typology.TypologySettings>(), services.GetRequiredService<EctLifecycle.Communes.Territory>(),
            new EctLifecycle.Analytics.PortfolioComputations());
        var grid = services.GetRequiredService<EctLifecycle.Scoring.GridCatalog>().Default;
        await using var session = services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        var p = new EctLifecycle.Analytics.AnalyticsParameters(new DateOnly(2020, 12, 31), grid, null);

        var report = await reading.ReadAsync(session, p, CancellationToken.None);

        report.Network.ShouldBeNull();
        report.NetworkLeftOut.ShouldNotBeNull().ShouldContain("le portefeuille compte 4 projets, au-delà des 3 que permet le réglage Network:ReportUpToProjects");
        report.Territory.ShouldNotBeNull();
        report.Typology.ShouldNotBeNull();
        var md = EctLifecycle.Durability.MarkdownWriter.Write(EctLifecycle.Durability.PortfolioDocument.Of(report), App.Clock.GetUtcNow());
        md.ShouldContain("## Le réseau des acteurs et des projets");
        md.ShouldContain(report.NetworkLeftOut);
        md.ShouldContain("## Le territoire des projets arrêtés");
        // Within the setting, the network is there.
        var within = new EctLifecycle.Durability.PortfolioReading(
            services.GetRequiredService<EctLifecycle.Persistence.PersistenceRules>(), services.GetRequiredService<EctLifecycle.Actors.IActorIdentities>(),
            services.GetRequiredService<NetworkSettings>() with { ReportUpToProjects = 4 },
            services.GetRequiredService<EctLifecycle.Typology.TypologySettings>(), services.GetRequiredService<EctLifecycle.Communes.Territory>(),
            new EctLifecycle.Analytics.PortfolioComputations());
        (await within.ReadAsync(session, p, CancellationToken.None)).Network.ShouldNotBeNull();
    }

    [Fact]
    public async Task the_network_the_territory_and_the_typology_are_in_the_markdown_report_with_their_tables()
    {
        await PortfolioAsync();
        var md = await ReportAsync("md");

        md.ShouldContain("## Le réseau des acteurs et des projets");
        md.ShouldContain(NetworkPicture.Engine(10) is null ? NetworkPicture.Missing : "» : voir la version HTML ou PDF du rapport.");
        md.ShouldContain("- **Densité (liens sur liens possibles)** : 0,467");
        md.ShouldContain("| 31/12/2019 | 2 | 3 | 0 | 6 | 1 | 1 | 1 | 3 |\n");

        md.ShouldContain("## Le territoire des projets arrêtés");
        md.ShouldContain("| Dans l'agglomération | 2 | 1 | 50 % |");
        md.ShouldContain("| Hors de l'agglomération | 1 | 0 | 0 % |");
        md.ShouldContain("| Non placé | 1 | 0 | 0 % |");
        md.ShouldContain("| Moins de 2 000 habitants | 1 | 1 | 100 % |");
        md.ShouldContain("| De 2 000 à 10 000 habitants | 1 | 0 | 0 % |");
        md.ShouldContain("| 10 000 habitants et plus | 1 | 0 | 0 % |");
        md.ShouldContain("_Graphique « Projets arrêtés parmi tous les projets, selon le territoire » : voir la version HTML ou PDF du rapport._");

        md.ShouldContain("## La typologie des projets");
        md.ShouldContain("« L'enquête quantitative n'a pas permis d'identifier de typologie de projets. »");
        md.ShouldContain("Trop peu de projets pour chercher des types : 3 projets en cours au 31/12/2020, il en faut au moins 10");
    }

    [Fact]
    public async Task the_sections_follow_the_reports_dates_and_come_in_the_csv()
    {
        await PortfolioAsync();
        var before = await Client.GetStringAsync("/api/reports/durability?asOf=2019-12-31&format=md");
        before.ShouldContain("- **Projets en vie** : 2");
        before.ShouldContain("| Dans l'agglomération | 2 | 0 | 0 % |", Case.Sensitive, "Le Fournil had not stopped yet");
        before.ShouldContain("| Hors de l'agglomération | 0 | 0 | — |", Case.Sensitive, "La Recyclerie emerged in 2020");

        // Everything was recorded today: as known yesterday, there was no project and no network.
        var yesterday = App.Today.AddDays(-1).ToString("yyyy-MM-dd");
        var known = await Client.GetStringAsync($"/api/reports/durability?asOf={AsOf}&knownAt={yesterday}&format=md");
        known.ShouldContain("- **Projets en vie** : 0");
        known.ShouldContain("Aucun projet en vie à cette date : rien à dessiner.");

        var csv = (await ReportAsync("csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        csv.ShouldContain("network,2020-12-31,components,2,Réseau · Composantes");
        csv.ShouldContain(l => l.StartsWith("territory=inside,2020-12-31,stopped,1,", StringComparison.Ordinal));
        csv.ShouldContain(l => l.StartsWith("populationClass=<2000,2020-12-31,projects,1,", StringComparison.Ordinal));
        csv.ShouldContain(l => l.StartsWith("typology,2020-12-31,status,tooFewProjects,", StringComparison.Ordinal));
    }
}
