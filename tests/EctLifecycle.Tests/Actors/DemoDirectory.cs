using System.Net;
using System.Net.Http.Headers;
using EctLifecycle.Portfolio;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.Actors;

/// <summary>The demo's directory: the actors its projects share are entered and linked, and the hub's introductions counted.</summary>
public class DemoDirectory(AppFixture app) : DirectoryStory(app)
{
    [Fact]
    public async Task the_demos_shared_actors_are_in_the_directory_with_their_projects_and_the_hub_introduced_some()
    {

        var entries = await ImportDemoAndLinkAsync();
        entries.ShouldBeGreaterThan(5);
        var all = await ArrayAsync("/api/actors");
        all.Count.ShouldBe(entries);
        all.ShouldAllBe(a => a!["projects"]!.AsArray().Count >= 2);
        var hub = (await ArrayAsync($"/api/actors?q={Uri.EscapeDataString(DemoNames.Hub)}")).ShouldHaveSingleItem()!;
        hub["kind"]!.GetValue<string>().ShouldBe("hub");
        (await ArrayAsync("/api/actors?kind=publicBody")).Count.ShouldBeGreaterThan(1, "the intercommunality, communes, funders");
        var carriers = await ArrayAsync("/api/actors?kind=naturalPerson");
        carriers.Count.ShouldBeGreaterThan(0, "carriers who carry a second project");
        foreach (var carrier in carriers)
            (await GetJsonAsync($"/api/actors/{carrier!["id"]}"))["overTime"]!.AsArray()
                .Count(i => i!["what"]!.GetValue<string>() is "carrier" or "tookOverCarrying").ShouldBeGreaterThanOrEqualTo(2);
        var introduced = 0;
        foreach (var a in all)
            introduced += (await GetJsonAsync($"/api/actors/{a!["id"]}"))["introducedBy"]!.AsArray().Count(i => i!["introducedByHub"]!.GetValue<bool>());
        introduced.ShouldBeGreaterThan(0, "the hub brought some of the shared actors into collectives");
        (await ArrayAsync("/api/actors/links/proposals")).ShouldNotContain(p => p!["match"]!.GetValue<string>() == "exact",
            "every name shared exactly is linked");
    }
}
