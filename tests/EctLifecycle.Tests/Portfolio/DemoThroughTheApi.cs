using EctLifecycle.Timelines;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

using EctLifecycle.Portfolio;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.Portfolio;

/// <summary>The demo portfolio imported through the API: the study's figures are computed by the app from its events.</summary>
public class DemoThroughTheApi(AppFixture app) : ApiTest(app)
{
    private const string StudyDate = "2024-06-30";

    private async Task ImportAsync(byte[] file, string name)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", name);
        var response = await Client.PostAsync("/api/imports", form);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task ImportDemoAsync()
    {
        var buffer = new MemoryStream();
        PortfolioFormats.Write(DemoPortfolio.ToFile(DemoPortfolio.Study()), buffer, PortfolioFormat.Xlsx);
        await ImportAsync(buffer.ToArray(), "demo.xlsx");
    }

    [Fact]
    public async Task the_demo_reproduces_the_studys_figures_at_its_date()
    {
        await ImportDemoAsync();

        var distribution = await GetJsonAsync($"/api/analytics/distribution?asOf={StudyDate}");
        distribution["projects"]!.GetValue<int>().ShouldBe(44);
        distribution["atOrAboveThreshold"]!.GetValue<int>().ShouldBe(15);
        distribution["counts"]!.AsArray().Single(c => c!["score"]!.GetValue<int>() == 26)!["projects"]!.GetValue<int>().ShouldBe(8);
        distribution["thresholdComparison"]!.GetValue<string>().ShouldBe("atOrAbove");
        distribution["node"]!["score"]!.GetValue<int>().ShouldBe(26, "the node the study reads on its figure 3, computed from the scores");
        distribution["node"]!["projects"]!.GetValue<int>().ShouldBe(8);
        var page = WebUtility.HtmlDecode(await (await App.ClientAs(EctLifecycle.Accounts.Role.Analyst).GetAsync($"/analyses?vue=distribution&asOf={StudyDate}")).Content.ReadAsStringAsync());
        page.ShouldContain("Nœud à 26 (8 projets) : au seuil de la grille (26).");
        page.ShouldContain("<td>Nœud de la distribution : score 26 (8 projets)</td><td>26</td><td class=\"num\">8</td>", customMessage: "the node among the chart's figures");

        var sample = await GetJsonAsync($"/api/analytics/sample?asOf={StudyDate}");
        sample["preselected"]!.GetValue<int>().ShouldBe(15);
        sample["selected"]!.GetValue<int>().ShouldBe(10);
        Math.Round(sample["portfolioResilienceMean"]!.GetValue<double>(), 1).ShouldBe(1.3);

        var cohorts = await GetJsonAsync($"/api/analytics/cohorts?by=accompanied&asOf={StudyDate}");
        var last = cohorts["points"]!.AsArray().Where(p => p!["date"]!.GetValue<string>() == StudyDate)
            .ToDictionary(p => p!["cohort"]!.GetValue<string>(), p => p!["projects"]!.GetValue<int>());
        last["yes"].ShouldBe(37);
        last["no"].ShouldBe(7);

        var portfolio = await GetJsonAsync($"/api/analytics/portfolio?asOf={StudyDate}");
        portfolio["byEmergenceContext"]!.AsObject().Select(c => c.Key).ShouldBe(
            ["localProgramme", "nationalProgramme", "personalTrigger", "structureNeed"], ignoreOrder: true);
        var profiles = portfolio["profiles"]!.AsArray();
        profiles.Select(p => p!["structuringPath"]?.GetValue<string>()).OfType<string>().Distinct().ShouldBe(
            ["remainsIdea", "extensionOfExistingStructure", "newLegalEntity"], ignoreOrder: true);
        portfolio["byLegalForm"]!.AsObject().Select(c => c.Key).ShouldContain("scic");
        portfolio["byLegalForm"]!.AsObject().Select(c => c.Key).ShouldContain("association");
        portfolio["byLegalForm"]!.AsObject().Select(c => c.Key).ShouldContain("publicBody");
        portfolio["byStage"]!["stopped"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(3);
        profiles.Select(p => DateOnly.Parse(p!["emergedOn"]!.GetValue<string>()).Year).ShouldAllBe(y => y >= 2014 && y <= 2024);
        profiles.Count(p => p!["indicators"]!["publicShare"]!.GetValue<double>() > 0.8).ShouldBeGreaterThan(0, "some live on public money");
    }

    [Fact]
    public async Task the_demo_exported_and_imported_into_an_empty_database_has_the_same_state_at_every_business_date()
    {
        await ImportDemoAsync();
        var before = await StatesByKeyAsync();
        var export = await Client.GetByteArrayAsync("/api/exports/portfolio.xlsx");

        await App.ResetAsync();
        await ImportAsync(export, "export.xlsx");
        var after = await StatesByKeyAsync();

        after.Keys.ShouldBe(before.Keys, ignoreOrder: true);
        var compared = 0;
        foreach (var (key, states) in before)
        {
            after[key].Keys.ShouldBe(states.Keys, $"{key}: business dates");
            foreach (var (date, state) in states)
            {
                after[key][date].ShouldBe(state, $"{key} at {date}");
                compared++;
            }
        }
        compared.ShouldBeGreaterThan(500);
    }

    /// <summary>Every project's state and score at each business date of its history, ids left out.</summary>
    private async Task<Dictionary<string, Dictionary<DateOnly, string>>> StatesByKeyAsync()
    {
        var grid = App.Host.Services.GetRequiredService<GridCatalog>().Default;
        await using var session = App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        EctLifecycle.Json.Configure(json);
        return (await session.LoadAllTimelinesAsync(CancellationToken.None)).ToDictionary(
            t => ProjectKey.Of((ProjectRegistered)t.Registration!.Event),
            t => t.Effective().Select(e => e.Event.OccurredOn).Distinct().ToDictionary(
                d => d, d => JsonSerializer.Serialize(ProjectView.Of(t.StateAsOf(d)! with { Id = Guid.Empty }, d, grid), json)));
    }
}
