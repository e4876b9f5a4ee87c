using System.Net;
using System.Net.Http.Json;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Projects;

public class IdempotentRequests(AppFixture app) : ApiTest(app)
{
    private HttpRequestMessage Milestone(Guid id, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{id}/milestones") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task a_retried_idempotent_request_appends_once_and_returns_the_first_answer()
    {
        var id = await RegisterAsync();
        var body = Actor("Mairie", "2019-01-01", "publicBody");
        var first = await Client.SendAsync(Milestone(id, "k-1", body));
        var retry = await Client.SendAsync(Milestone(id, "k-1", body));

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        retry.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await retry.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        retry.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        (await HistoryAsync(id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task concurrent_retries_with_one_key_append_once()
    {
        var id = await RegisterAsync();
        var body = new { type = "note", occurredOn = "2019-01-01", text = "compte rendu" };
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Client.SendAsync(Milestone(id, "same", body))));
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        (await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()))).Distinct().Count().ShouldBe(1);
        (await HistoryAsync(id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_key_reused_for_another_request_is_refused()
    {
        var id = await RegisterAsync();
        (await Client.SendAsync(Milestone(id, "k", new { type = "note", occurredOn = "2019-01-01", text = "a" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var other = await Client.SendAsync(Milestone(id, "k", new { type = "note", occurredOn = "2019-01-01", text = "b" }));
        other.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await HistoryAsync(id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_retried_registration_creates_one_project()
    {
        HttpRequestMessage Register()
        {
            var r = new HttpRequestMessage(HttpMethod.Post, "/api/projects") { Content = JsonContent.Create(Registration()) };
            r.Headers.Add("Idempotency-Key", "reg-1");
            return r;
        }
        var first = await Client.SendAsync(Register());
        var retry = await Client.SendAsync(Register());
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        retry.StatusCode.ShouldBe(HttpStatusCode.Created);
        retry.Headers.Location.ShouldBe(first.Headers.Location);
        (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().Count.ShouldBe(1);
    }
}
