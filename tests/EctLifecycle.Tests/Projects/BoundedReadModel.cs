using EctLifecycle.Timelines;
using EctLifecycle.EventStore;
using EctLifecycle.Projects;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.Projects;

/// <summary>
/// The timelines kept are bounded (the least recently used forgotten first) and stay exact; a question about every
/// project reads them chunk by chunk, in registration order, and keeps none; a report's many projects are read with the
/// kept ones brought up to date, and kept only while there is room.
/// </summary>
public class BoundedReadModel(AppFixture app) : ApiTest(app)
{
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>
    /// Requests load timelines on many threads while the store forgets the least recently used: the forgetting sorts a
    /// snapshot of what is kept. It sorted the live dictionary, whose copy throws when a timeline is kept meanwhile (at L,
    /// 4 milestones of 20,000 answered 500 with « The index is equal to or greater than the length of the array »).
    /// </summary>
    [Fact]
    public async Task timelines_loaded_on_many_threads_past_the_capacity_are_all_read_and_the_store_stays_bounded()
    {
        await ImportSyntheticAsync(400, seed: 5);
        await using var session = Store.QuerySession();
        var ids = (await session.Query<ProjectKey>().ToListAsync()).Select(k => k.ProjectId).ToArray();
        var kept = new TimelineStore(App.Host.Services.GetRequiredService<IEventRows>(), capacity: 300);
        var loaded = 0;
        await Parallel.ForAsync(0, 8, async (worker, ct) =>
        {
            var random = new Random(worker);
            for (var i = 0; i < 400; i++)
            {
                (await kept.LoadAsync(ids[random.Next(ids.Length)], ct)).ShouldNotBeNull();
                Interlocked.Increment(ref loaded);
            }
        });
        loaded.ShouldBe(3200);
        kept.Count.ShouldBeLessThanOrEqualTo(300 + 8, "bounded, but for the loads that kept one while it was forgetting");
    }

    [Fact]
    public async Task at_most_the_capacity_is_kept_the_least_recently_used_forgotten_and_what_is_kept_is_exact()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add(await RegisterAsync($"Projet {i}"));
        var kept = new TimelineStore(App.Host.Services.GetRequiredService<IEventRows>(), capacity: 3);

        foreach (var id in ids) (await kept.LoadAsync(id, default)).ShouldNotBeNull();
        kept.Count.ShouldBeLessThanOrEqualTo(3);
        kept.Kept(ids[^1]).ShouldNotBeNull("the last used is kept");
        kept.Kept(ids[0]).ShouldBeNull("the least recently used is forgotten");

        // Used again, then others read: the one used again stays, and a forgotten one reads whole again.
        kept.Kept(ids[^1]).ShouldNotBeNull();
        (await kept.LoadAsync(ids[0], default)).ShouldNotBeNull();
        (await kept.LoadAsync(ids[1], default)).ShouldNotBeNull();
        kept.Kept(ids[^1]).ShouldNotBeNull();
        kept.Count.ShouldBeLessThanOrEqualTo(3);

        // Exact: an event appended behind its back is read before the next answer.
        await LogAsync(ids[^1], Actor("Mairie", "2018-05-01", "publicBody"));
        (await kept.LoadAsync(ids[^1], default))!.Version.ShouldBe(2);
    }

    [Fact]
    public async Task every_project_is_read_once_in_registration_order_chunk_by_chunk_and_none_is_kept()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add(await RegisterAsync($"Projet {i}"));
        await LogAsync(ids[2], Actor("Mairie", "2018-05-01", "publicBody"));
        var rows = App.Host.Services.GetRequiredService<IEventRows>();

        var chunks = new List<IReadOnlyList<StoredStream>>();
        await foreach (var chunk in rows.ReadProjectsAsync(2, new SkippedRows(), default)) chunks.Add(chunk);
        chunks.Select(c => c.Count).ShouldBe([2, 2, 1]);
        chunks.SelectMany(c => c).Select(s => s.Id).ShouldBe(ids);
        chunks.SelectMany(c => c).Single(s => s.Id == ids[2]).Entries.Count.ShouldBe(2);
        (await rows.CountProjectsAsync(default)).ShouldBe(5);

        var kept = new TimelineStore(rows, capacity: 100);
        var read = new List<ProjectTimeline>();
        await foreach (var timeline in kept.EachAsync(default)) read.Add(timeline);
        read.Select(t => t.Registration!.Event.ProjectId).ShouldBe(ids);
        kept.Count.ShouldBe(0);
    }

    [Fact]
    public async Task a_read_of_many_brings_the_kept_up_to_date_reads_the_others_whole_and_keeps_them_only_while_there_is_room()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add(await RegisterAsync($"Projet {i}"));
        await LogAsync(ids[1], Actor("Mairie", "2018-05-01", "publicBody"));
        var rows = App.Host.Services.GetRequiredService<IEventRows>();
        var kept = new TimelineStore(rows, capacity: 3);
        (await kept.LoadAsync(ids[0], default))!.Version.ShouldBe(1);
        (await kept.LoadAsync(ids[1], default))!.Version.ShouldBe(2);
        // Behind its back: a late milestone on a kept project, one on a project not kept.
        await LogAsync(ids[1], Actor("Ferme", "2018-04-01", "farmer"));
        await LogAsync(ids[3], Actor("Mairie", "2018-05-01", "publicBody"));

        async Task ShouldReadAsStoredAsync()
        {
            var read = (await kept.ReadManyAsync(ids, default)).ToDictionary(t => t.Registration!.Event.ProjectId);
            var stored = (await new TimelineStore(rows, capacity: 100).ReadManyAsync(ids, default)).ToDictionary(t => t.Registration!.Event.ProjectId);
            read.Keys.Order().ShouldBe(ids.Order());
            foreach (var id in ids)
            {
                read[id].Version.ShouldBe(stored[id].Version);
                read[id].Entries.Select(e => (e.EventId, e.Version)).ShouldBe(stored[id].Entries.Select(e => (e.EventId, e.Version)));
                System.Text.Json.JsonSerializer.Serialize(read[id].Current).ShouldBe(System.Text.Json.JsonSerializer.Serialize(stored[id].Current));
            }
        }
        await ShouldReadAsStoredAsync();
        kept.Kept(ids[1])!.Version.ShouldBe(3, "the kept one brought up to date");
        kept.Count.ShouldBe(3, "one more kept: the room there was, no more");
        var keptBefore = ids.Where(id => kept.Kept(id) is not null).ToList();
        await ShouldReadAsStoredAsync();
        ids.Where(id => kept.Kept(id) is not null).ShouldBe(keptBefore, "a full store keeps what it kept");

        // A stream restored to an earlier version is read whole again.
        var schema = Store.Options.Events.DatabaseSchemaName;
        await using (var db = Npgsql.NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!))
        await using (var restore = db.CreateBatch())
        {
            restore.BatchCommands.Add(new Npgsql.NpgsqlBatchCommand($"delete from {schema}.mt_events where stream_id = $1 and version = 3") { Parameters = { new() { Value = ids[1] } } });
            restore.BatchCommands.Add(new Npgsql.NpgsqlBatchCommand($"update {schema}.mt_streams set version = 2 where id = $1") { Parameters = { new() { Value = ids[1] } } });
            await restore.ExecuteNonQueryAsync();
        }
        await ShouldReadAsStoredAsync();
        (await kept.ReadManyAsync([ids[1]], default)).Single().Version.ShouldBe(2);
        (kept.Kept(ids[1])?.Version ?? 2).ShouldBe(2, "the version restored, if kept");
        kept.Count.ShouldBeLessThanOrEqualTo(3);
    }

    [Fact]
    public async Task the_start_ups_warm_up_keeps_the_first_registered_up_to_its_setting_and_never_more_than_the_capacity()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add(await RegisterAsync($"Projet {i}"));
        var rows = App.Host.Services.GetRequiredService<IEventRows>();

        var kept = new TimelineStore(rows, capacity: 100);
        (await kept.WarmUpAsync(3, default)).Projects.ShouldBe(5, "one chunk read");
        kept.Count.ShouldBe(3);
        ids.Select(id => kept.Kept(id) is not null).ShouldBe([true, true, true, false, false]);

        var small = new TimelineStore(rows, capacity: 2);
        await small.WarmUpAsync(TimelineStore.DefaultWarmUp, default);
        small.Count.ShouldBe(2);
    }
}
