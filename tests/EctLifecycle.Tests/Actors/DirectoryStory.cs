using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EctLifecycle.Actors;
using EctLifecycle.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.Actors;

/// <summary>The staff's story with the directory of actors, as helpers: entries, projects whose milestones name them.</summary>
public abstract class DirectoryStory(AppFixture app) : ApiTest(app)
{
    protected IActorIdentities Identities => App.Host.Services.GetRequiredService<IActorIdentities>();

    /// <summary>The study's demo portfolio uploaded as staff would (an xlsx file to <c>/api/imports</c>), then its shared actors entered and linked.</summary>
    protected async Task<int> ImportDemoAndLinkAsync()
    {
        var buffer = new MemoryStream();
        EctLifecycle.Portfolio.PortfolioFormats.Write(
            EctLifecycle.Portfolio.Demo.DemoPortfolio.ToFile(EctLifecycle.Portfolio.Demo.DemoPortfolio.Study()), buffer, EctLifecycle.Portfolio.PortfolioFormat.Xlsx);
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", "demo.xlsx");
        (await Client.PostAsync("/api/imports", form)).StatusCode.ShouldBe(HttpStatusCode.OK);
        return await EctLifecycle.Portfolio.Demo.DemoActors.LinkAsync(App.Host.Services.GetRequiredService<Marten.IDocumentStore>(), App.Clock, CancellationToken.None);
    }

    protected async Task<Guid> EnterAsync(string name, string kind = "publicBody", string? communeCode = null, bool isLocal = true)
    {
        var response = await Client.PostAsJsonAsync("/api/actors", new { name, kind, communeCode, isLocal });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
    }

    protected static object Joining(string name, string occurredOn, Guid? actorId = null, string? introducedBy = null, string kind = "publicBody") =>
        new { type = "actorJoined", occurredOn, actorName = name, kind, isLocal = true, role = "partner", actorId, introducedBy };

    protected async Task<Guid> MergeAsync(Guid kept, Guid absorbed)
    {
        var response = await Client.PostAsJsonAsync("/api/actors/merges", new { kept, absorbed });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
    }

    protected async Task<ActorKey> ResolveAsync(Guid project, string name, DateTimeOffset? knownAt = null, Guid? actorId = null) =>
        (await Identities.ReadAsync(knownAt, CancellationToken.None)).Of(project, name, actorId);

    protected async Task<JsonArray> ArrayAsync(string url)
    {
        var response = await Client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }

    protected static async Task<IReadOnlyList<string>> FieldsInErrorAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        return (await ProblemAsync(response))["errors"]!.AsObject().Select(e => e.Key).ToList();
    }
}
