using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Projects;

public class ConcurrentWriters(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task twenty_concurrent_writers_on_one_project_lose_no_event()
    {
        var id = await RegisterAsync();
        var responses = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            PostMilestoneAsync(id, Actor($"Acteur {i}", "2019-01-01"))));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        var versions = await Task.WhenAll(responses.Select(async r =>
            (await r.Content.ReadFromJsonAsync<JsonObject>())!["version"]!.GetValue<long>()));
        versions.Order().ShouldBe(Enumerable.Range(2, 20).Select(v => (long)v));

        var history = await HistoryAsync(id);
        history.Count.ShouldBe(21);
        var state = await GetJsonAsync($"/api/projects/{id}");
        state["indicators"]!["activeActors"]!.GetValue<int>().ShouldBe(20);
    }

    [Fact]
    public async Task concurrent_writers_holding_the_same_expected_version_get_one_success_and_409s()
    {
        var id = await RegisterAsync();
        var responses = await Task.WhenAll(Enumerable.Range(1, 10).Select(i =>
            PostMilestoneAsync(id, new { type = "note", occurredOn = "2019-01-01", text = $"note {i}", expectedVersion = 1 })));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(9);
        (await HistoryAsync(id)).Count.ShouldBe(2);
    }
}
