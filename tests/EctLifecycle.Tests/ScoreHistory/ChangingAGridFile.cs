using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Alba;
using EctLifecycle.Accounts;
using EctLifecycle.ScoreHistory;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EctLifecycle.Tests.ScoreHistory;

/// <summary>
/// A grid file changed (v1 with another threshold) and a new one (v3) between two starts of the app: the second start sees
/// the stored periods stale, rebuilds them through Marten's daemon, and they equal the fold under the new grids.
/// </summary>
[Collection(ApiCollection.Name)] // not alongside the shared host's tests: it starts two hosts of its own, one after the other
public class ChangingAGridFile(AppFixture app)
{
    private const string Schema = "ect_grid_change", LateSchema = "ect_grid_change_late", WordsSchema = "ect_grid_words";

    [Fact]
    public async Task a_changed_and_a_new_grid_file_are_projected_by_a_rebuild_at_the_next_start()
    {
        _ = app; // its start sets the connection string every host here reads
        var shipped = GridCatalog.LoadFrom(GridCatalog.DefaultFolder);
        var ids = new List<Guid>();
        await using (var first = await StartedAsync(shipped, Schema))
        {
            await first.CleanAllMartenDataAsync();
            using var http = await ClientAsync(first);
            for (var i = 0; i < 3; i++)
            {
                var created = await http.PostAsJsonAsync("/api/projects", new
                {
                    name = $"Projet {i}", sector = "alimentation", commune = "Dole", summary = "Paniers", occurredOn = $"201{i}-03-01",
                    emergenceContext = "localProgramme", hubRole = "animator", inspiredElsewhere = false,
                });
                var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
                ids.Add(id);
                (await http.PostAsJsonAsync($"/api/projects/{id}/milestones", new { type = "actorJoined", occurredOn = "2019-05-01", actorName = "Mairie", kind = "publicBody", isLocal = true, role = "partner" }))
                    .IsSuccessStatusCode.ShouldBeTrue();
                (await http.PostAsJsonAsync($"/api/projects/{id}/milestones", new { type = "legalFormAdopted", occurredOn = "2020-02-01", form = "scic" }))
                    .StatusCode.ShouldNotBe(System.Net.HttpStatusCode.InternalServerError);
            }
        }

        var changed = Changed(shipped);
        await using var second = await HostAsync(changed, Schema);
        var store = await RebuiltAsync(second, changed);
        var dates = Enumerable.Range(0, 60).Select(m => new DateOnly(2009, 1, 1).AddMonths(3 * m)).ToList();
        foreach (var id in ids) (await PeriodOracle.ShouldEqualTheFoldAsync(store, changed, id, dates)).ShouldBeGreaterThan(0);
    }

    /// <summary>
    /// The oracle of <see cref="ProjectionEqualsTheFold"/> across a grid change: a generated portfolio imported, changed by
    /// late milestones and retractions, then the grid files changed between two starts; after the rebuild, every project's
    /// periods equal the fold under the new grids (v1 changed, v2, v3 new) at a thousand random business dates.
    /// </summary>
    [Fact]
    public async Task after_late_milestones_retractions_and_a_grid_change_the_periods_equal_the_fold_at_a_thousand_random_dates()
    {
        _ = app;
        var shipped = GridCatalog.LoadFrom(GridCatalog.DefaultFolder);
        var random = new Random(23);
        IReadOnlyList<Guid> ids;
        await using (var first = await StartedAsync(shipped, LateSchema))
        {
            await first.CleanAllMartenDataAsync();
            var result = await first.Services.GetRequiredService<EctLifecycle.Portfolio.PortfolioImporter>().ImportAsync(
                EctLifecycle.Portfolio.Demo.DemoPortfolio.ToFile(EctLifecycle.Portfolio.Demo.DemoPortfolio.Synthetic(30, seed: 23)),
                false, "import", null, CancellationToken.None);
            result.Errors.ShouldBeEmpty();
            var store = first.Services.GetRequiredService<IDocumentStore>();
            await using (var session = store.QuerySession())
                ids = (await session.Query<EctLifecycle.Projects.ProjectKey>().ToListAsync()).Select(k => k.ProjectId).ToList();
            ids.Count.ShouldBe(30);
            using var http = await ClientAsync(first);
            var today = first.Services.GetRequiredService<BusinessCalendar>().Today;
            (await PeriodOracle.LateEntriesAndRetractionsAsync(http, store, ids, random, today, projects: 15))
                .ShouldBeGreaterThan(8, "the late milestones and retractions the rules let through");
        }

        var changed = Changed(shipped);
        await using var second = await HostAsync(changed, LateSchema);
        var rebuilt = await RebuiltAsync(second, changed);
        await PeriodOracle.ShouldEqualTheFoldAtRandomDatesAsync(rebuilt, changed, ids, random,
            second.Services.GetRequiredService<BusinessCalendar>().Today, "after the grid change");
    }

    /// <summary>
    /// v1's words edited between two starts (its title, a criterion's label and a level's description): the second start
    /// finds the periods up to date, rewrites none of them, and the grid is read with its new words.
    /// </summary>
    [Fact]
    public async Task a_grid_file_whose_words_only_changed_is_read_at_the_next_start_without_a_rebuild()
    {
        _ = app;
        var shipped = GridCatalog.LoadFrom(GridCatalog.DefaultFolder);
        Dictionary<string, Guid> versions;
        DateTimeOffset marked;
        // The start's own check done first (it marks the grids at its end), so that no mark of it comes after the test's.
        await using (var first = await StartedAsync(shipped, WordsSchema))
        {
            await first.CleanAllMartenDataAsync();
            using var http = await ClientAsync(first);
            var created = await http.PostAsJsonAsync("/api/projects", new
            {
                name = "Projet aux mots", sector = "alimentation", commune = "Dole", summary = "Paniers", occurredOn = "2018-03-01",
                emergenceContext = "localProgramme", hubRole = "animator", inspiredElsewhere = false,
            });
            var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
            (await http.PostAsJsonAsync($"/api/projects/{id}/milestones", new { type = "actorJoined", occurredOn = "2019-05-01", actorName = "Mairie", kind = "publicBody", isLocal = true, role = "partner" }))
                .IsSuccessStatusCode.ShouldBeTrue();
            var store = first.Services.GetRequiredService<IDocumentStore>();
            versions = await PeriodVersionsAsync(store);
            versions.Count.ShouldBeGreaterThan(1);
            // The start's marks went with the cleaning: noted again, as a start that finds the periods up to date does.
            await ScoreHistoryRebuild.MarkAsync(store, shipped, default);
            marked = await MarkedAsync(store, DateTimeOffset.MinValue);
        }

        var v1 = File.ReadAllText(Path.Combine(GridCatalog.DefaultFolder, "v1.json"));
        var title = JsonNode.Parse(v1)!["title"]!.GetValue<string>();
        var level = JsonNode.Parse(v1)!["criteria"]![4]!["levels"]!["2"]!.GetValue<string>();
        var reworded = new GridCatalog([
            Grid.Parse(v1.Replace(title, "Grille ECT par défaut (v1), libellés revus").Replace("\"label\": \"Coopération vivante\"", "\"label\": \"Coopération encore vivante\"")
                .Replace(level, "La moitié des acteurs au moins sont du territoire"), "v1.json"),
            Grid.Parse(File.ReadAllText(Path.Combine(GridCatalog.DefaultFolder, "v2.json")), "v2.json"),
        ]);
        reworded.Default.Title.ShouldNotBe(shipped.Default.Title, "the test edits v1's words");
        reworded.Default.Find("cooperation-alive")!.Label.ShouldBe("Coopération encore vivante");

        await using var second = await HostAsync(reworded, WordsSchema);
        var secondStore = second.Services.GetRequiredService<IDocumentStore>();
        // The start's check ends by marking the grids, after a rebuild when it finds one needed.
        await MarkedAsync(secondStore, marked);
        (await PeriodVersionsAsync(secondStore)).ShouldBe(versions, "no period rewritten");
        await using (var session = secondStore.QuerySession())
            (await ScoreHistoryRebuild.StaleAsync(session, reworded, default)).ShouldBeNull();
        using var client = await ClientAsync(second);
        var grid = await client.GetFromJsonAsync<JsonObject>("/api/grids/v1");
        grid!["title"]!.GetValue<string>().ShouldBe("Grille ECT par défaut (v1), libellés revus");
    }

    /// <summary>Each stored period's Marten version: a rewrite gives it a new one.</summary>
    private static async Task<Dictionary<string, Guid>> PeriodVersionsAsync(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        var periods = await session.Query<ScorePeriod>().ToListAsync();
        var versions = new Dictionary<string, Guid>();
        foreach (var period in periods) versions[period.Id] = (await session.MetadataForAsync(period))!.CurrentVersion;
        return versions;
    }

    /// <summary>Waits (2 minutes at most) for the grids' marks written after <paramref name="after"/>; when they were written.</summary>
    private static async Task<DateTimeOffset> MarkedAsync(IDocumentStore store, DateTimeOffset after)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            await using (var session = store.QuerySession())
                if (await session.LoadAsync<ScoreHistoryGrid>("v1") is { } mark
                    && (await session.MetadataForAsync(mark))!.LastModified is var at && at > after)
                    return at;
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the start's check marked the grids");
            await Task.Delay(250);
        }
    }

    /// <summary>The shipped grids with v1's threshold changed (26 to 12) and a v3, a copy of v2 under another version.</summary>
    private static GridCatalog Changed(GridCatalog shipped)
    {
        var v1 = File.ReadAllText(Path.Combine(GridCatalog.DefaultFolder, "v1.json"));
        var v2 = File.ReadAllText(Path.Combine(GridCatalog.DefaultFolder, "v2.json"));
        var changed = new GridCatalog([
            Grid.Parse(v1.Replace("\"threshold\": 26", "\"threshold\": 12"), "v1.json"),
            Grid.Parse(v2, "v2.json"),
            Grid.Parse(v2.Replace("\"version\": \"v2\"", "\"version\": \"v3\""), "v3.json"),
        ]);
        ScorePeriods.Fingerprint(changed.Default).ShouldNotBe(ScorePeriods.Fingerprint(shipped.Default), "the test changes v1's file");
        return changed;
    }

    /// <summary>Waits (2 minutes at most) for the start's rebuild under <paramref name="grids"/>; the host's store.</summary>
    private static async Task<IDocumentStore> RebuiltAsync(IAlbaHost host, GridCatalog grids)
    {
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        string? stale = "";
        while (stale is not null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            await using var session = store.QuerySession();
            stale = await ScoreHistoryRebuild.StaleAsync(session, grids, default);
        }
        stale.ShouldBeNull("the start rebuilt the score history under the changed grids");
        return store;
    }

    /// <summary>
    /// A host whose start-up check of the grids is over (it marks them at its end, a rebuild or not), so that cleaning its
    /// schema does not run alongside that check's writes to the same tables (a deadlock, once, in CI).
    /// </summary>
    private static async Task<IAlbaHost> StartedAsync(GridCatalog grids, string schema)
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var host = await HostAsync(grids, schema);
        await MarkedAsync(host.Services.GetRequiredService<IDocumentStore>(), before);
        return host;
    }

    private static async Task<IAlbaHost> HostAsync(GridCatalog grids, string schema)
    {
        JasperFxEnvironment.AutoStartHost = true;
        return await AlbaHost.For<Program>(web =>
        {
            web.UseSetting("ECT_SCHEMA", schema);
            web.ConfigureServices(services =>
            {
                services.AddSingleton<TimeProvider>(new FakeTimeProvider(AppFixture.ClockStart));
                services.AddSingleton(grids);
            });
        });
    }

    private static async Task<HttpClient> ClientAsync(IAlbaHost host)
    {
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.LightweightSession();
        var now = DateTimeOffset.UtcNow;
        var user = UserAccount.Create("grilles", "Grilles", Role.Admin, "mot-de-passe-de-test", now);
        session.Store(user);
        session.Store(new ApiToken { Id = ApiToken.HashOf(AppFixture.TokenOf(Role.Admin)), UserId = user.Id, Name = "tests", Hint = "ect_test…", CreatedAt = now });
        await session.SaveChangesAsync();
        var client = host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", AppFixture.TokenOf(Role.Admin));
        return client;
    }
}
