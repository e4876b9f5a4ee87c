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

    [Fact]
    public async Task an_actor_named_by_its_directory_id_alone_goes_on_elsewhere_and_an_unlinked_namesake_does_not()
    {
        // Two projects whose milestones name the same directory entry (no link typed by staff), and a farm named alike in
        // both: the stored answer finds the directory's actor through the stints' directory ids, and keeps the farm's two
        // names apart, as the fold does.
        var relais = await EnterAsync("Relais des Monts");
        var stopped = await RegisterAsync("Épicerie des Monts", "2015-03-01");
        await LogAsync(stopped, Joining("Relais des Monts", "2015-04-01", actorId: relais));
        await LogAsync(stopped, Joining("Ferme Vidal", "2015-04-02", kind: "farmer"));
        await LogAsync(stopped, new { type = "projectStopped", occurredOn = "2019-06-30", reasons = new[] { "fundingLostOrEnded" }, note = "fin" });
        var next = await RegisterAsync("Halle des Monts", "2018-01-15");
        await LogAsync(next, Joining("Le Relais des Monts", "2019-09-01", actorId: relais));
        await LogAsync(next, Joining("Ferme Vidal", "2019-09-02", kind: "farmer"));

        var wentOn = await BothWaysAsync(new DateOnly(2020, 12, 31));
        string stoppedKey;
        await using (var session = Store.QuerySession()) stoppedKey = (await session.LoadAsync<ProjectStints>(stopped))!.Key;
        var ours = wentOn.Where(w => w.StoppedKey == stoppedKey).ToList();
        ours.Select(w => w.Actor).ShouldBe(["Relais des Monts"], "the directory id makes one actor of both; the namesake farm stays two");
        ours[0].Elsewhere.Single().ShouldEndWith("Halle des Monts");
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
