using System.Net;
using System.Net.Http.Headers;
using EctLifecycle.Communes;
using EctLifecycle.HubEvents;
using EctLifecycle.Portfolio;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Tests.Actors;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.HubEvents;

/// <summary>The demo's hub events: Start Up de Territoire with directory actors from outside the agglomeration, some of whom join projects afterwards.</summary>
public class DemoHubEventsTest(AppFixture app) : DirectoryStory(app)
{
    [Fact]
    public async Task the_demo_has_events_whose_attendees_come_from_outside_and_some_join_a_project_afterwards()
    {
        await ImportDemoAndLinkAsync();
        var store = App.Host.Services.GetRequiredService<IDocumentStore>();

        var held = await DemoHubEvents.SeedAsync(store, App.Clock, App.Host.Services.GetRequiredService<Territory>(), DemoPortfolio.StudyDate, CancellationToken.None);
        held.ShouldBe(6);
        var answer = await GetJsonAsync($"/api/analytics/hub-events?asOf={DemoPortfolio.StudyDate:yyyy-MM-dd}");
        answer["events"]!.AsArray().Count(e => e!["kind"]!.GetValue<string>() == "startUpDeTerritoire").ShouldBe(5);
        var all = answer["allActors"]!;
        all["outside"]!.GetValue<int>().ShouldBeGreaterThan(0);
        all["inside"]!.GetValue<int>().ShouldBeGreaterThan(0);
        all["unknownCommune"]!.GetValue<int>().ShouldBeGreaterThan(0);
        all["joinedAfter"]!.GetValue<int>().ShouldBeGreaterThan(0);
        answer["events"]!.AsArray().SelectMany(e => e!["attendees"]!.AsArray())
            .ShouldContain(a => a!["place"]!.GetValue<string>() == "outside" && a["joined"]!.AsArray().Count > 0, "some from outside join a project afterwards");
    }
}
