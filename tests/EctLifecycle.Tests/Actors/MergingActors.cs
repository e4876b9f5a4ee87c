using System.Net;
using System.Net.Http.Json;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Actors;

/// <summary>
/// Two entries found to be the same actor are merged by a fact, and the merge undone by another: who each project's
/// actor is follows them from the instants they were recorded, and "as known at" an earlier instant reads as it was.
/// </summary>
public class MergingActors(AppFixture app) : DirectoryStory(app)
{
    [Fact]
    public async Task a_merge_sends_both_entries_to_the_kept_one_and_its_undo_gives_each_back_as_known_at_each_instant()
    {
        var mairie = await EnterAsync("Mairie de Lons-le-Saunier", communeCode: "39300");
        var commune = await EnterAsync("Commune de Lons", communeCode: "39300");
        var paniers = await RegisterAsync("Les Paniers");
        var jardins = await RegisterAsync("Les Jardins");
        await LogAsync(paniers, Joining("Mairie de Lons", "2019-01-10", mairie));
        await LogAsync(jardins, Joining("La commune", "2020-02-01", commune));
        var beforeMerge = App.Clock.GetUtcNow();

        App.Clock.Advance(TimeSpan.FromHours(1));
        var merge = await MergeAsync(mairie, commune);
        var merged = App.Clock.GetUtcNow();

        (await ResolveAsync(paniers, "Mairie de Lons")).ActorId.ShouldBe(mairie);
        (await ResolveAsync(jardins, "La commune")).ActorId.ShouldBe(mairie, "the absorbed entry reads as the kept one");
        (await ResolveAsync(jardins, "la COMMUNE ")).ActorId.ShouldBe(mairie, "a later milestone naming it without the id: linked by the first");
        (await ResolveAsync(jardins, "La commune", beforeMerge)).ActorId.ShouldBe(commune, "as known before the merge was recorded");
        (await GetJsonAsync($"/api/actors/{mairie}"))["overTime"]!.AsArray().Select(i => i!["projectId"]!.GetValue<Guid>())
            .ShouldBe([paniers, jardins]);
        (await ArrayAsync("/api/actors?q=lons")).Select(a => a!["id"]!.GetValue<Guid>()).ShouldBe([mairie], "the absorbed entry is not offered");

        App.Clock.Advance(TimeSpan.FromHours(1));
        var undo = await Client.PostAsJsonAsync($"/api/actors/merges/{merge}/undo", new { });
        undo.StatusCode.ShouldBe(HttpStatusCode.OK, await undo.Content.ReadAsStringAsync());

        (await ResolveAsync(jardins, "La commune")).ActorId.ShouldBe(commune);
        (await ResolveAsync(paniers, "Mairie de Lons")).ActorId.ShouldBe(mairie);
        (await ResolveAsync(jardins, "La commune", merged)).ActorId.ShouldBe(mairie, "as known while the merge was in force");
        (await ResolveAsync(jardins, "La commune", beforeMerge)).ActorId.ShouldBe(commune);
        (await ArrayAsync("/api/actors?q=lons")).Count.ShouldBe(2);
        var merges = (await GetJsonAsync($"/api/actors/{commune}"))["merges"]!.AsArray();
        merges.ShouldHaveSingleItem()!["undoneAt"].ShouldNotBeNull("the merge stays in the history, undone");
    }

    [Fact]
    public async Task merges_that_cannot_be_are_refused_naming_the_field_and_an_undo_is_done_once()
    {
        var a = await EnterAsync("Association des Amis");
        var b = await EnterAsync("Les Amis", "association");
        var c = await EnterAsync("Amis du Jura", "association");

        (await FieldsInErrorAsync(await Client.PostAsJsonAsync("/api/actors/merges", new { kept = a, absorbed = a }))).ShouldBe(["absorbed"]);
        (await FieldsInErrorAsync(await Client.PostAsJsonAsync("/api/actors/merges", new { kept = Guid.NewGuid(), absorbed = b }))).ShouldBe(["kept"]);
        (await FieldsInErrorAsync(await Client.PostAsJsonAsync("/api/actors/merges", new { kept = a }))).ShouldBe(["absorbed"]);
        var merge = await MergeAsync(a, b);
        var twice = await Client.PostAsJsonAsync("/api/actors/merges", new { kept = c, absorbed = b });
        (await FieldsInErrorAsync(twice)).ShouldBe(["absorbed"]);
        (await ProblemAsync(twice))["errors"]!["absorbed"]![0]!.GetValue<string>().ShouldContain("déjà fusionné");
        (await FieldsInErrorAsync(await Client.PostAsJsonAsync("/api/actors/merges", new { kept = b, absorbed = a }))).ShouldBe(["kept"]);

        (await Client.PostAsJsonAsync($"/api/actors/merges/{merge}/undo", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Client.PostAsJsonAsync($"/api/actors/merges/{merge}/undo", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Client.PostAsJsonAsync($"/api/actors/merges/{Guid.NewGuid()}/undo", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await MergeAsync(c, b);
    }
}
