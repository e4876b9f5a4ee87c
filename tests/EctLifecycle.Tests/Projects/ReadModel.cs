using EctLifecycle.Timelines;
using System.Net;
using System.Net.Http.Json;
using EctLifecycle.Accounts;
using EctLifecycle.Projects;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.Projects;

/// <summary>
/// The in-memory timelines (TimelineStore) against the raw fold of the stored events: the same timeline after late
/// entries, a retraction, appends made behind its back and a wiped database; and the token cache emptied by a revocation.
/// </summary>
public class ReadModel(AppFixture app) : ApiTest(app)
{
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();

    private static readonly DateOnly[] Dates = [new(2018, 3, 1), new(2018, 4, 15), new(2019, 1, 15), new(2019, 12, 31), new(2024, 6, 30)];

    [Fact]
    public async Task the_kept_timeline_folds_like_the_raw_events_after_late_entries_a_retraction_and_appends_behind_its_back()
    {
        var id = await RegisterAsync();
        var late = await LogAsync(id, Actor("Amap", "2019-05-01"));
        await LogAsync(id, Actor("Mairie", "2018-05-01", "publicBody"));
        await GetJsonAsync($"/api/projects/{id}?asOf=2019-12-31"); // kept in memory from here
        await LogAsync(id, new { type = "retraction", occurredOn = "2020-01-01", retractedEventId = late, reason = "doublon" });
        await ShouldFoldLikeTheRawEventsAsync(id);

        // Events appended by another process (here a session of its own) are read before the next answer.
        await using (var session = Store.LightweightSession())
        {
            session.Events.Append(id, new NoteAdded(id, new DateOnly(2018, 4, 1), "autre", "saisie directe"),
                new ActorJoinedCollective(id, new DateOnly(2018, 4, 2), "autre", "Ferme", ActorKind.Farmer, true, ActorRole.Partner));
            await session.SaveChangesAsync();
        }
        await ShouldFoldLikeTheRawEventsAsync(id);
        (await GetJsonAsync($"/api/projects/{id}?asOf=2018-04-15"))["collective"]!.AsArray().Count.ShouldBe(1);
        (await GetJsonAsync("/api/analytics/distribution?asOf=2019-12-31"))["projects"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task a_write_starts_from_the_kept_timeline_but_is_decided_on_the_stored_one_when_it_moved_behind_its_back()
    {
        var id = await RegisterAsync();
        await LogAsync(id, Actor("Mairie", "2018-05-01", "publicBody"));
        await LogAsync(id, new { type = "note", occurredOn = "2018-06-01", text = "kept from here" });
        await ShouldFoldLikeTheRawEventsAsync(id); // written through: the kept timeline is the stored one, recording times included

        // Another process adds the actor: the kept timeline does not know it yet, and no read happens before the next write.
        await using (var session = Store.LightweightSession())
        {
            session.Events.Append(id, new ActorJoinedCollective(id, new DateOnly(2018, 4, 2), "autre", "Ferme", ActorKind.Farmer, true, ActorRole.Partner));
            await session.SaveChangesAsync();
        }
        var again = await Client.PostAsJsonAsync($"/api/projects/{id}/milestones", Actor("Ferme", "2019-01-01"));
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).ShouldContain("actorAlreadyInCollective");

        // And a write that the stored history allows lands after the event appended behind the kept timeline's back,
        // even one the kept timeline would refuse: the retraction of an event it has never seen.
        var direct = Guid.Empty;
        await using (var session = Store.LightweightSession())
        {
            direct = session.Events.Append(id, new NoteAdded(id, new DateOnly(2018, 4, 3), "autre", "saisie directe")).Events[^1].Id;
            await session.SaveChangesAsync();
        }
        var retracted = await Client.PostAsJsonAsync($"/api/projects/{id}/milestones",
            new { type = "retraction", occurredOn = "2019-02-01", retractedEventId = direct, reason = "doublon" });
        retracted.StatusCode.ShouldBe(HttpStatusCode.OK);
        System.Text.Json.Nodes.JsonNode.Parse(await retracted.Content.ReadAsStringAsync())!["version"]!.GetValue<long>().ShouldBe(6);
        await ShouldFoldLikeTheRawEventsAsync(id);
    }

    [Fact]
    public async Task a_stream_restored_to_an_earlier_version_is_read_again_by_the_portfolio_and_by_a_write()
    {
        var id = await RegisterAsync();
        await LogAsync(id, Actor("Mairie", "2018-05-01", "publicBody"));
        await LogAsync(id, Actor("Ferme", "2018-06-01", "farmer")); // written through: version 3 kept
        await using (var session = Store.QuerySession())
            (await session.LoadAllTimelinesAsync(CancellationToken.None)).Single().Version.ShouldBe(3);

        // A restore from an older backup: the stream is back at version 2, without the farm.
        var schema = Store.Options.Events.DatabaseSchemaName;
        await using (var db = Npgsql.NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!))
        await using (var restore = db.CreateBatch())
        {
            restore.BatchCommands.Add(new Npgsql.NpgsqlBatchCommand($"delete from {schema}.mt_events where stream_id = $1 and version = 3") { Parameters = { new() { Value = id } } });
            restore.BatchCommands.Add(new Npgsql.NpgsqlBatchCommand($"update {schema}.mt_streams set version = 2 where id = $1") { Parameters = { new() { Value = id } } });
            await restore.ExecuteNonQueryAsync();
        }
        await using (var session = Store.QuerySession())
            (await session.LoadAllTimelinesAsync(CancellationToken.None)).Single().Version.ShouldBe(2);
        (await LogAsync(id, Actor("Ferme", "2018-07-01", "farmer"))).ShouldNotBe(Guid.Empty, "the farm is not in the restored collective");
        await ShouldFoldLikeTheRawEventsAsync(id);
    }

    [Fact]
    public async Task a_wiped_database_is_seen_at_once_by_single_and_portfolio_reads()
    {
        var id = await RegisterAsync();
        await LogAsync(id, Actor("Mairie", "2018-05-01", "publicBody"));
        (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().Count.ShouldBe(1);
        await GetJsonAsync($"/api/projects/{id}");

        await App.ResetAsync();
        (await Client.GetAsync($"/api/projects/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().Count.ShouldBe(0);
    }

    [Fact]
    public async Task the_portfolio_in_memory_is_the_portfolio_folded_from_the_raw_events()
    {
        var a = await RegisterAsync("A");
        var b = await RegisterAsync("B", "2017-01-01");
        await LogAsync(b, Actor("Mairie", "2018-05-01", "publicBody"));
        await using var session = Store.QuerySession();
        var kept = await session.LoadAllTimelinesAsync(CancellationToken.None);
        await LogAsync(a, Actor("Amap", "2019-05-01"));
        kept = await session.LoadAllTimelinesAsync(CancellationToken.None);

        kept.Select(t => t.Registration!.Event.ProjectId).ShouldBe([a, b], "in registration order");
        foreach (var t in kept) await ShouldFoldLikeTheRawEventsAsync(t.Registration!.Event.ProjectId);
        kept.Select(t => t.Version).ShouldBe([2L, 2L]);
    }

    [Fact]
    public async Task the_rebuilt_read_model_reads_every_event_again()
    {
        var id = await RegisterAsync();
        var late = await LogAsync(id, Actor("Amap", "2019-05-01"));
        await LogAsync(id, new { type = "retraction", occurredOn = "2020-01-01", retractedEventId = late, reason = "doublon" });
        var rebuilt = await Client.PostAsync("/api/admin/projections/rebuild", null);
        rebuilt.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await rebuilt.Content.ReadAsStringAsync())!;
        body["projects"]!.GetValue<int>().ShouldBe(1);
        body["events"]!.GetValue<int>().ShouldBe(3);
        await ShouldFoldLikeTheRawEventsAsync(id);
        (await App.ClientAs(Role.Staff).PostAsync("/api/admin/projections/rebuild", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task a_revoked_token_is_refused_at_once_though_its_owner_was_signed_in_a_moment_before()
    {
        (await Client.GetAsync("/api/projects")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using (var session = Store.LightweightSession())
        {
            var token = await session.LoadAsync<ApiToken>(ApiToken.HashOf($"{ApiToken.Prefix}test-token-of-admin"));
            token!.RevokedAt = App.Clock.GetUtcNow();
            session.Update(token);
            await session.SaveChangesAsync();
        }
        (await Client.GetAsync("/api/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private async Task ShouldFoldLikeTheRawEventsAsync(Guid id)
    {
        await using var session = Store.QuerySession();
        var raw = new ProjectTimeline((await session.Events.FetchStreamAsync(id)).Select(e => new TimelineEntry(e.Id, e.Version, e.Timestamp, (IProjectEvent)e.Data)));
        var kept = (await session.LoadTimelineAsync(id, CancellationToken.None))!;
        kept.Version.ShouldBe(raw.Version);
        kept.Entries.Select(e => (e.EventId, e.Version, e.RecordedAt)).ShouldBe(raw.Entries.Select(e => (e.EventId, e.Version, e.RecordedAt)));
        kept.Entries.Select(e => System.Text.Json.JsonSerializer.Serialize(e.Event, e.Event.GetType()))
            .ShouldBe(raw.Entries.Select(e => System.Text.Json.JsonSerializer.Serialize(e.Event, e.Event.GetType())));
        kept.Effective().Select(e => e.EventId).ShouldBe(raw.Effective().Select(e => e.EventId));
        foreach (var date in Dates)
        {
            kept.Effective(date).Select(e => e.EventId).ShouldBe(raw.Effective(date).Select(e => e.EventId), $"at {date}");
            System.Text.Json.JsonSerializer.Serialize(kept.StateAsOf(date)).ShouldBe(System.Text.Json.JsonSerializer.Serialize(raw.StateAsOf(date)), $"at {date}");
        }
    }
}
