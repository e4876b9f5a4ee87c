using System.Net;
using System.Text.Json;
using EctLifecycle.Actors;
using EctLifecycle.Analytics;
using EctLifecycle.Lineage;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.ScoreHistory;
using EctLifecycle.Tests.Support;
using EctLifecycle.Timelines;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EctLifecycle.Tests.Figure;

/// <summary>
/// The lineage read from the score history (each member's period at the date: its stage, origins and carriers so far; the
/// sources' periods on the days of births by their carrier) is the lineage read from every member's timeline: the study
/// portfolio after late origins, late carriers of the directory and handovers shared between projects, and retractions,
/// under every grid at three dates; and periods written by an older version (without the carriers and origins) are read
/// from the timelines.
/// </summary>
public class LineageFromThePeriods(AppFixture app) : ApiTest(app)
{
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();
    private GridCatalog Grids => App.Host.Services.GetRequiredService<GridCatalog>();
    private IActorIdentities Identities => App.Host.Services.GetRequiredService<IActorIdentities>();

    private Task<IReadOnlyList<Guid>> ImportStudyAsync() => PeriodOracle.ImportStudyAsync(App.Host.Services);

    // Actors of the directory, so that one carrier is the same actor in several projects.
    private async Task<Guid[]> DirectoryAsync(params string[] names)
    {
        await using var session = Store.LightweightSession();
        var ids = names.Select(_ => Guid.NewGuid()).ToArray();
        for (var i = 0; i < names.Length; i++)
            session.Events.StartStream<Actor>(ids[i], new ActorRegistered(ids[i], names[i], DirectoryKind.Association, null, true, "test"));
        await session.SaveChangesAsync();
        return ids;
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd");

    [Fact]
    public async Task the_lineage_from_the_periods_equals_the_lineage_from_the_timelines_after_late_origins_carriers_and_retractions()
    {
        var ids = await ImportStudyAsync();
        string[] names = ["Coopérative Bérod", "Mairie de Lons", "Léa Morel", "Atelier du Lac"];
        var directory = await DirectoryAsync(names);
        var random = new Random(43);
        var keys = new Dictionary<Guid, (string Key, DateOnly Emerged)>();
        foreach (var id in ids)
        {
            var (timeline, _) = await PeriodOracle.RawAsync(Store, id);
            keys[id] = (ProjectKey.Of((ProjectRegistered)timeline.Registration!.Event), timeline.Registration.Event.OccurredOn);
        }
        DateOnly LateDay(Guid id) => keys[id].Emerged.AddDays(random.Next(1, Math.Max(2, App.Today.DayNumber - keys[id].Emerged.DayNumber)));

        var (carriers, handovers, origins) = (0, 0, 0);
        foreach (var id in ids.OrderBy(_ => random.Next()).Take(30))
        {
            // A carrier logged late, one of the directory's (named as it is, or otherwise) or a name alone, then handed over
            // to another of them: the same actors carry several projects.
            var late = LateDay(id);
            var n = random.Next(names.Length);
            var actorId = random.Next(3) == 0 ? (Guid?)null : directory[n];
            var name = actorId is null || random.Next(2) == 0 ? names[n] : $"{names[n]} (antenne)";
            if ((await PostMilestoneAsync(id, new { type = "carrierIdentified", occurredOn = Day(late), carrierName = name, actorId })).StatusCode != HttpStatusCode.OK)
                continue;
            carriers++;
            var m = (n + 1 + random.Next(names.Length - 1)) % names.Length;
            var handover = await PostMilestoneAsync(id, new
            {
                type = "carryingHandedOver", occurredOn = Day(late.AddDays(random.Next(1, 400))), from = name, to = names[m], hubAsIntermediary = false,
                actorId = random.Next(2) == 0 ? (Guid?)null : directory[m],
            });
            if (handover.StatusCode == HttpStatusCode.OK) handovers++;
        }
        foreach (var id in ids.OrderBy(_ => random.Next()).Take(25))
        {
            // A late origin: another project's carrier, collective or spin-off (a project emerged before it), or a method.
            var sources = ids.Where(s => s != id && keys[s].Emerged < keys[id].Emerged).ToList();
            var origin = sources.Count == 0 ? "hubMethod" : random.Next(5) switch
            {
                0 or 1 => "otherProjectCarrier", 2 => "otherProjectCollective", 3 => "spinOff", _ => "hubMethod",
            };
            var source = origin == "hubMethod" ? null : keys[sources[random.Next(sources.Count)]].Key;
            var method = origin == "hubMethod" ? random.Next(2) == 0 ? "Fabrique à initiatives" : "Parcours Coop'" : null;
            if ((await PostMilestoneAsync(id, new { type = "bornOf", occurredOn = Day(LateDay(id)), origin, sourceProject = source, method })).StatusCode == HttpStatusCode.OK)
                origins++;
        }
        // Births by the carrier of a source that a directory actor carried, under another name, five days before: the
        // source's carrier that day is that actor, whose key is not its name's.
        var byEmergence = ids.OrderBy(id => keys[id].Emerged).ToList();
        var actorBirths = 0;
        for (var i = 0; i + 8 < byEmergence.Count && actorBirths < 4; i += 3)
        {
            var (source, child) = (byEmergence[i], byEmergence[i + 8]);
            if (keys[child].Emerged <= keys[source].Emerged) continue;
            var born = keys[child].Emerged.AddDays(10);
            if ((await PostMilestoneAsync(source, new { type = "carrierIdentified", occurredOn = Day(born.AddDays(-5)), carrierName = $"{names[i % names.Length]} (bureau)", actorId = directory[i % names.Length] }))
                .StatusCode == HttpStatusCode.OK
                && (await PostMilestoneAsync(child, new { type = "bornOf", occurredOn = Day(born), origin = "otherProjectCarrier", sourceProject = keys[source].Key }))
                .StatusCode == HttpStatusCode.OK)
                actorBirths++;
        }
        actorBirths.ShouldBeGreaterThan(2, "births by a carrier of the directory the rules let through");
        carriers.ShouldBeGreaterThan(10, "late carriers the rules let through");
        handovers.ShouldBeGreaterThan(5, "handovers the rules let through");
        origins.ShouldBeGreaterThan(8, "late origins the rules let through");
        (await PeriodOracle.LateEntriesAndRetractionsAsync(Client, Store, ids, random, App.Today, projects: 30))
            .ShouldBeGreaterThan(10, "the late milestones and retractions the rules let through");

        await using var session = Store.QuerySession();
        var folded = PortfolioHistory.Of(await session.LoadAllTimelinesAsync(CancellationToken.None));
        var (nodes, births, carriedAfter, methods, shared, directoryBirths) = (0, 0, 0, 0, 0, 0);
        foreach (var grid in Grids.All)
            foreach (var asOf in new[] { new DateOnly(2016, 6, 30), new DateOnly(2021, 12, 31), App.Today })
            {
                var p = new AnalyticsParameters(asOf, grid, null);
                var what = $"{grid.Version} au {asOf}";
                var stored = await PortfolioHistory.LoadAsync(session, p, CancellationToken.None);
                stored.GetType().Name.ShouldBe("StoredHistory");
                var members = await stored.LineageFactsAtAsync(asOf, grid);
                members.ShouldNotContain(m => PortfolioHistory.IsStale(m, grid), what);
                // With the directory's identities (which also link names alike), and with the ids alone.
                foreach (var identities in new[] { Identities, new IdsAlone() })
                {
                    var expected = Json(await ProjectLineage.FromTimelinesAsync(stored, p, identities, CancellationToken.None, chunk: 7));
                    Json(await ProjectLineage.OfAsync(stored, p, identities, CancellationToken.None)).ShouldBe(expected, $"{what}, depuis les périodes stockées");
                    Json(await ProjectLineage.OfAsync(folded, p, identities, CancellationToken.None)).ShouldBe(expected, $"{what}, depuis les périodes repliées");
                }
                var byIds = await ProjectLineage.OfAsync(stored, p, new IdsAlone(), CancellationToken.None);
                directoryBirths += byIds.Carriers.Count(c => c.Actor.StartsWith("a:") && c.Followers.Any(f => IsBirth(byIds, f.Key, f.From)));

                var lineage = await ProjectLineage.OfAsync(stored, p, Identities, CancellationToken.None);
                nodes += lineage.Trees.Sum(Count);
                births += lineage.Carriers.Sum(c => c.Followers.Count(f => f.From is not null && f.Origin == BirthOrigin.OtherProjectCarrier && IsBirth(lineage, f.Key, f.From)));
                carriedAfter += lineage.Carriers.Sum(c => c.Followers.Count(f => !IsBirth(lineage, f.Key, f.From)));
                methods += lineage.Methods.Sum(g => g.Projects);
                shared += lineage.Carriers.Count(c => c.Followers.Select(f => f.Key).Distinct().Count() > 1);
            }
        nodes.ShouldBeGreaterThan(30, "projects in the trees");
        births.ShouldBeGreaterThan(3, "projects born of another's carrier, that carrier read from the source's period on the day");
        carriedAfter.ShouldBeGreaterThan(3, "projects carried by an actor after a first one");
        methods.ShouldBeGreaterThan(3, "projects born of a method");
        shared.ShouldBeGreaterThan(1, "carriers followed by several projects");
        directoryBirths.ShouldBeGreaterThan(1, "births by a carrier known by its directory id alone");
    }

    [Fact]
    public async Task periods_written_before_they_held_the_carriers_and_origins_are_read_from_the_timelines()
    {
        await ImportStudyAsync();
        var grid = Grids.Default;
        var p = new AnalyticsParameters(App.Today, grid, null);
        async Task<ProjectLineage> LineageAsync()
        {
            await using var session = Store.QuerySession();
            return await ProjectLineage.OfAsync(await PortfolioHistory.LoadAsync(session, p, CancellationToken.None), p, Identities, CancellationToken.None);
        }
        var expected = await LineageAsync();
        expected.Trees.Sum(Count).ShouldBeGreaterThan(5);
        expected.Carriers.ShouldContain(c => c.Followers.Count > 0);
        // The periods as an app before this version wrote them: without the carriers, their actor and the origins, and of
        // another fingerprint; first those of the projects whose key's number is odd (a rebuild half done), then all of them.
        var table = Store.Options.Schema.For<EctLifecycle.ScoreHistory.ScorePeriod>();
        foreach (var which in new[] { "and right(data ->> 'key', 1) in ('1', '3', '5', '7', '9')", "" })
        {
            await using (var db = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!))
            await using (var older = db.CreateCommand(
                $"update {table} set data = (data - 'carriers' - 'carrierActorId' - 'origins') " +
                $"|| jsonb_build_object('gridFingerprint', 'avant') where grid = $1 {which}"))
            {
                older.Parameters.Add(new NpgsqlParameter { Value = grid.Version });
                (await older.ExecuteNonQueryAsync()).ShouldBeGreaterThan(100);
            }
            Json(await LineageAsync()).ShouldBe(Json(expected), which);
        }
        // Read as if they were of this version, those periods would say that no project was born of another: the fold of the
        // timelines is what keeps the answer right.
        await StampAsCurrentAsync(table, grid);
        var misread = await LineageAsync();
        misread.BornOfOthers.ShouldBe(0);
        misread.Trees.ShouldBeEmpty();
    }

    // The periods of a grid stamped with the fingerprint of this version, whatever they hold.
    private async Task StampAsCurrentAsync(string table, Grid grid)
    {
        await using var db = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!);
        await using var current = db.CreateCommand($"update {table} set data = data || jsonb_build_object('gridFingerprint', $2::text) where grid = $1");
        current.Parameters.Add(new NpgsqlParameter { Value = grid.Version });
        current.Parameters.Add(new NpgsqlParameter { Value = EctLifecycle.ScoreHistory.ScorePeriods.Fingerprint(grid) });
        (await current.ExecuteNonQueryAsync()).ShouldBeGreaterThan(100);
    }

    /// <summary>Identities from the directory's ids alone: a carrier named without one is its project's own, whatever its name.</summary>
    private sealed class IdsAlone : IActorIdentities
    {
        public Task<ActorIdentityMap> ReadAsync(DateTimeOffset? knownAt, CancellationToken ct) => Task.FromResult<ActorIdentityMap>(new Map());

        private sealed class Map : ActorIdentityMap
        {
            public override ActorKey Of(Guid projectId, string name, Guid? actorId = null) =>
                actorId is { } id ? new ActorKey(id, null, name) : new ActorKey(null, projectId, name);
        }
    }

    private static int Count(LineageNode n) => 1 + n.Children.Sum(Count);

    // Whether the follower was born of the project it follows (a birth by its carrier), rather than carried after it.
    private static bool IsBirth(ProjectLineage lineage, string key, string? from) =>
        from is not null && lineage.Trees.Any(t => HasChild(t, from, key));

    private static bool HasChild(LineageNode n, string parent, string child) =>
        n.Key == parent && n.Children.Any(c => c.Key == child) || n.Children.Any(c => HasChild(c, parent, child));

    private static string Json(ProjectLineage lineage) => JsonSerializer.Serialize(lineage);
}
