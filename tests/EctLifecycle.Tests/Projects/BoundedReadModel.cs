using EctLifecycle.EventStore;
using EctLifecycle.Projects;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.Projects;

/// <summary>
/// The timelines kept are bounded (the least recently used forgotten first) and stay exact; a question about every
/// project reads them chunk by chunk, in registration order, and keeps none.
/// </summary>
public class BoundedReadModel(AppFixture app) : ApiTest(app)
{
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();

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
