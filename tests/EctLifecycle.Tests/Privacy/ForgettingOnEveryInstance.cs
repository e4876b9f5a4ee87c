using System.Net;
using Alba;
using EctLifecycle.Accounts;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Privacy;

/// <summary>
/// Every app instance keeps every timeline in memory: an erasure made through one of them is seen by another on the same
/// database at its very next read, a single project's or the whole portfolio's, without a request of its own.
/// </summary>
public class ForgettingOnEveryInstance(AppFixture app) : PeopleInHistories(app)
{
    [Fact]
    public async Task another_instance_stops_showing_the_name_at_its_next_read()
    {
        var farm = await FarmAsync();
        var neighbour = await NeighbourAsync();
        await using var other = await AlbaHost.For<Program>(); // a second instance of the app, on the same database
        using var elsewhere = other.Server.CreateClient();
        elsewhere.DefaultRequestHeaders.Authorization = new("Bearer", $"{EctLifecycle.Accounts.ApiToken.Prefix}test-token-of-admin");
        // It reads (and keeps) the timelines: one project, then all of them, before the erasure.
        string[] reads =
        [
            $"/api/projects/{farm}", $"/api/projects/{farm}/history", $"/api/projects/{neighbour}/history",
            "/api/projects", "/api/analytics/portfolio", "/api/exports/portfolio.zip", $"/projets/{farm}", "/",
        ];
        foreach (var url in reads) (await ReadAsync(elsewhere, url)).ShouldContain("Kerbrat", Case.Sensitive, url);
        (await ReadAsync(elsewhere, $"/api/projects/{farm}")).ShouldContain(Person);

        var pseudonym = await ErasedAsync();

        foreach (var url in reads)
        {
            var text = await ReadAsync(elsewhere, url);
            ShouldNotName(text, $"{url} on the other instance");
            if (url != $"/api/projects/{neighbour}/history") text.ShouldContain(pseudonym, Case.Sensitive, url);
        }
    }

    [Fact]
    public async Task a_portfolio_read_first_on_another_instance_forgets_the_erased_streams_it_kept()
    {
        var farm = await FarmAsync();
        await using var other = await AlbaHost.For<Program>();
        using var elsewhere = other.Server.CreateClient();
        elsewhere.DefaultRequestHeaders.Authorization = new("Bearer", $"{EctLifecycle.Accounts.ApiToken.Prefix}test-token-of-admin");
        (await ReadAsync(elsewhere, "/api/projects")).ShouldContain(Person);

        var pseudonym = await ErasedAsync();

        // The whole portfolio first (the stream versions' batch), then the project kept by it (its own batch).
        (await ReadAsync(elsewhere, "/api/projects")).ShouldContain($"Ferme de {pseudonym}");
        ShouldNotName(await ReadAsync(elsewhere, $"/api/projects/{farm}/history"), "the history on the other instance");
        // A milestone logged there afterwards, from the timeline it keeps, then read back: no name comes back.
        (await elsewhere.PostAsync($"/api/projects/{farm}/milestones", System.Net.Http.Json.JsonContent.Create(
            new { type = "note", occurredOn = "2022-01-01", text = "visite" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var history = await ReadAsync(elsewhere, $"/api/projects/{farm}/history");
        ShouldNotName(history, "the history on the other instance, after a write there");
        history.ShouldContain("visite");
        ShouldNotName(await ReadAsync(Client, $"/api/projects/{farm}/history"), "the history on the first instance");
    }
}
