using EctLifecycle.Projects;
using EctLifecycle.ScoreHistory;
using EctLifecycle.Scoring;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EctLifecycle.Tests.ScoreHistory;

/// <summary>
/// The stored periods against a full fold of the stored events, date by date: the period that holds at a date must say
/// what <see cref="ProjectTimeline.StateAsOf"/> and <see cref="Scorer.Score"/> say there, on every field, and no two periods
/// of a project and grid may hold at once.
/// </summary>
public static class PeriodOracle
{
    public static async Task<IReadOnlyList<ScorePeriod>> StoredAsync(IDocumentStore store, Guid? projectId = null)
    {
        await using var session = store.QuerySession();
        var query = session.Query<ScorePeriod>();
        return projectId is { } id ? await query.Where(p => p.ProjectId == id).ToListAsync() : await query.ToListAsync();
    }

    /// <summary>The project's timeline folded from its raw events (Marten's stream read) and the sequence of its first event.</summary>
    public static async Task<(ProjectTimeline Timeline, long FirstSequence)> RawAsync(IDocumentStore store, Guid id)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(id);
        var entries = events.Where(e => e.Data is IProjectEvent).Select(e => new TimelineEntry(e.Id, e.Version, e.Timestamp, (IProjectEvent)e.Data));
        return (new ProjectTimeline(entries, events.Count == 0 ? 0 : events[^1].Version), events.Count == 0 ? 0 : events[0].Sequence);
    }

    /// <summary>Checks the project's stored periods at <paramref name="dates"/> under every grid; returns the dates checked with a state.</summary>
    public static async Task<int> ShouldEqualTheFoldAsync(IDocumentStore store, GridCatalog grids, Guid id, IReadOnlyList<DateOnly> dates,
        IReadOnlyList<ScorePeriod>? stored = null)
    {
        var (timeline, firstSequence) = await RawAsync(store, id);
        stored ??= await StoredAsync(store, id);
        var ofProject = stored.Where(p => p.ProjectId == id).ToList();
        ofProject.Select(p => p.Grid).Distinct().Order().ToList().ShouldBe(timeline.DayCount == 0 ? [] : grids.Versions.Order().ToList(), $"the grids of {id}");
        // Each period marks the anniversaries of the anchors of the whole timeline that fall within it, counted here day by
        // day from the anchors' first occurrences (a late earlier occurrence or a retraction moves them for every period).
        // The events dated before the emergence (which an older import may have let stand) count for none.
        var emerged = timeline.Registration?.Event.OccurredOn;
        var last = timeline.Effective().Where(e => e.Event.OccurredOn >= emerged).Aggregate(new ScorePeriods.Anchors(), (a, e) => a.After(e.Event));
        DateOnly?[] alignment = [last.HubSupportEnded, last.LegalFormAdopted, last.CarrierLost, last.FirstFunding, emerged];
        foreach (var period in ofProject)
        {
            long expected = 0;
            for (var a = 0; a < alignment.Length; a++)
                for (var k = -3; k <= 5; k++)
                    if (alignment[a] is { } anchor && period.HoldsAt(anchor.AddYears(k))) expected |= 1L << (a * 9 + k + 3);
            period.Anniversaries.ShouldBe(expected, $"the anniversaries within the period of {id} from {period.From} under {period.Grid}");
        }
        var checkedDates = 0;
        foreach (var grid in grids.All)
        {
            var periods = ofProject.Where(p => p.Grid == grid.Version).OrderBy(p => p.From).ToList();
            foreach (var date in dates)
            {
                var holding = periods.Where(p => p.HoldsAt(date)).ToList();
                var state = timeline.StateAsOf(date);
                if (state is null)
                {
                    holding.ShouldBeEmpty($"{id} has no state at {date} under {grid.Version}");
                    continue;
                }
                holding.Count.ShouldBe(1, $"the periods of {id} holding at {date} under {grid.Version}");
                var anchors = timeline.Effective(date).Aggregate(new ScorePeriods.Anchors(), (a, e) => a.After(e.Event));
                var expected = ScorePeriods.Row(state, grid, anchors);
                expected.ProjectId = id;
                expected.Grid = grid.Version;
                expected.GridFingerprint = ScorePeriods.Fingerprint(grid);
                // Written at the version of the write that last rewrote it: at most the stream's.
                holding[0].StreamVersion.ShouldBeInRange(1, timeline.Version);
                expected.StreamVersion = holding[0].StreamVersion;
                expected.RegistrationSequence = firstSequence;
                expected.Key = ProjectKey.Of((ProjectRegistered)timeline.Registration!.Event);
                var actual = holding[0];
                Comparable(actual).ShouldBe(Comparable(expected), $"{id} at {date} under {grid.Version}");
                checkedDates++;
            }
        }
        return checkedDates;
    }

    /// <summary>The demo's study portfolio imported (typed, profiled carriers, origins, outputs); its projects' ids in key order.</summary>
    public static async Task<IReadOnlyList<Guid>> ImportStudyAsync(IServiceProvider services)
    {
        var result = await services.GetRequiredService<EctLifecycle.Portfolio.PortfolioImporter>().ImportAsync(
            EctLifecycle.Portfolio.Demo.DemoPortfolio.ToFile(EctLifecycle.Portfolio.Demo.DemoPortfolio.Study()), false, "import", null, CancellationToken.None);
        result.Errors.ShouldBeEmpty();
        await using var session = services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Query<ProjectKey>().ToListAsync()).OrderBy(k => k.Id, StringComparer.Ordinal).Select(k => k.ProjectId).ToList();
    }

    /// <summary>
    /// Changes up to <paramref name="projects"/> of <paramref name="ids"/> through the API as staff do after the fact: for each,
    /// an actor joining at a random day of its past and the retraction of one of its effective milestones. Returns how many of
    /// these writes the rules accepted.
    /// </summary>
    public static async Task<int> LateEntriesAndRetractionsAsync(
        HttpClient http, IDocumentStore store, IReadOnlyList<Guid> ids, Random random, DateOnly today, int projects = 20)
    {
        var accepted = 0;
        foreach (var id in ids.OrderBy(_ => random.Next()).Take(projects))
        {
            var (timeline, _) = await RawAsync(store, id);
            var first = timeline.Registration!.Event.OccurredOn;
            var span = Math.Max(1, today.DayNumber - first.DayNumber);
            var late = first.AddDays(random.Next(span)).ToString("yyyy-MM-dd");
            var actor = new { type = "actorJoined", occurredOn = late, actorName = $"Tardif {random.Next(1000)}", kind = "association", isLocal = true, role = "partner" };
            if ((await http.PostAsJsonAsync($"/api/projects/{id}/milestones", actor)).StatusCode == HttpStatusCode.OK) accepted++;
            var retractable = timeline.Effective().Where(e => e.Event is not ProjectRegistered).ToList();
            if (retractable.Count == 0) continue;
            var target = retractable[random.Next(retractable.Count)];
            var retraction = await http.PostAsJsonAsync($"/api/projects/{id}/milestones", new
            {
                type = "retraction", occurredOn = today.ToString("yyyy-MM-dd"), retractedEventId = target.EventId, reason = "erreur de saisie",
            });
            if (retraction.StatusCode == HttpStatusCode.OK) accepted++;
        }
        return accepted;
    }

    /// <summary>
    /// Every project of <paramref name="ids"/> checked under every grid of <paramref name="grids"/> at 1,000 random business
    /// dates from before the first emergence (1995) to a year after <paramref name="today"/>; no period of another project stored.
    /// </summary>
    public static async Task ShouldEqualTheFoldAtRandomDatesAsync(
        IDocumentStore store, GridCatalog grids, IReadOnlyList<Guid> ids, Random random, DateOnly today, string when)
    {
        var from = new DateOnly(1995, 1, 1).DayNumber;
        var dates = Enumerable.Range(0, 1000).Select(_ => DateOnly.FromDayNumber(random.Next(from, today.AddYears(1).DayNumber))).ToList();
        var stored = await StoredAsync(store);
        stored.Select(p => p.ProjectId).Distinct().ShouldBeSubsetOf(ids, when);
        var withState = 0;
        foreach (var id in ids) withState += await ShouldEqualTheFoldAsync(store, grids, id, dates, stored);
        withState.ShouldBeGreaterThan(ids.Count * grids.Versions.Count * 100, $"dates with a state, {when}");
    }

    /// <summary>
    /// Every field of a row but its place in time (id, from, to) and the anniversaries within it (which follow from its
    /// place and the whole timeline's anchors: <see cref="ShouldEqualTheFoldAsync"/> checks them apart), as JSON: a
    /// difference names the field.
    /// </summary>
    public static string Comparable(ScorePeriod p)
    {
        var fields = JsonSerializer.SerializeToNode(p)!.AsObject()
            .Where(f => f.Key is not (nameof(ScorePeriod.Id) or nameof(ScorePeriod.From) or nameof(ScorePeriod.To) or nameof(ScorePeriod.Anniversaries)))
            .Select(f => $"{f.Key}: {Sorted(f.Value)}");
        return string.Join("\n", fields);
    }

    // PostgreSQL's jsonb keeps an object's keys in an order of its own: the dictionaries are compared sorted.
    private static string Sorted(System.Text.Json.Nodes.JsonNode? value) => value is System.Text.Json.Nodes.JsonObject o
        ? "{" + string.Join(", ", o.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Key}={x.Value?.ToJsonString()}")) + "}"
        : value?.ToJsonString() ?? "null";
}
