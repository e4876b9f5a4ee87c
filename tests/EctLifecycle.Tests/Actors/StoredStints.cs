using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EctLifecycle.Analytics;
using EctLifecycle.Durability;
using EctLifecycle.Portfolio;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.ScoreHistory;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.Actors;

/// <summary>
/// The durability report's "actors who went on elsewhere" read from the stints the score history stores (one document per
/// project, written by the import and by the inline projection) gives what the fold of every timeline gives.
/// </summary>
public class StoredStints(AppFixture app) : DirectoryStory(app)
{
    [Fact]
    public async Task actors_who_went_on_read_from_the_stored_stints_equal_the_fold_after_the_import_and_after_a_write()
    {
        await ImportDemoAndLinkAsync();

        await using (var session = Store.QuerySession())
            (await session.Query<ProjectStints>().CountAsync()).ShouldBe(DemoPortfolio.Study().Count, "the import stored one per project");
        var wentOn = await BothWaysAsync(App.Today);
        wentOn.ShouldNotBeEmpty("the demo's stopped projects have actors who went on");

        // A write through the API (the inline projection): the first stopped project's actor leaves the project it went on to,
        // on the day of the stop: it no longer went on there.
        var first = wentOn[0];
        var elsewhere = first.Elsewhere[0].Split(' ')[0];
        Guid project;
        await using (var session = Store.QuerySession())
            project = (await session.Query<ProjectStints>().SingleAsync(x => x.Key == elsewhere)).Id;
        var left = await Client.PostAsJsonAsync($"/api/projects/{project}/milestones", new
        {
            type = "actorLeft", occurredOn = first.StoppedOn.ToString("yyyy-MM-dd"), actorName = first.Actor, reason = "départ",
        });
        left.StatusCode.ShouldBe(HttpStatusCode.OK, await left.Content.ReadAsStringAsync());
        var after = await BothWaysAsync(App.Today);
        after.ShouldNotContain(w => w.StoppedKey == first.StoppedKey && w.Actor == first.Actor && w.Elsewhere.Any(e => e.StartsWith(elsewhere + " ")));
        await BothWaysAsync(new DateOnly(2019, 12, 31));
    }

    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();

    // Read from the stored stints and from every timeline (as known at the end of today: everything recorded), compared.
    private async Task<IReadOnlyList<ActorWentOn>> BothWaysAsync(DateOnly asOf)
    {
        var grid = App.Host.Services.GetRequiredService<GridCatalog>().Default;
        await using var session = Store.QuerySession();
        var stored = await ActorsAfterStop.OfAsync(session, new AnalyticsParameters(asOf, grid, null), Identities, CancellationToken.None);
        var folded = await ActorsAfterStop.OfAsync(session, new AnalyticsParameters(asOf, grid, App.Today), Identities, CancellationToken.None);
        stored.Select(Text).ShouldBe(folded.Select(Text).ToList(), $"as of {asOf}");
        return stored;
    }

    private static string Text(ActorWentOn w) => $"{w.StoppedKey} {w.StoppedOn} {w.Actor} -> {string.Join(", ", w.Elsewhere)}";
}
