using System.Net;
using EctLifecycle.Portfolio;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.ScoreHistory;

/// <summary>
/// The oracle: on a generated portfolio, imported, then changed through the API by late milestones and retractions, the
/// stored periods say at a thousand random business dates what the full fold of each project's stored events says.
/// </summary>
public class ProjectionEqualsTheFold(AppFixture app) : ApiTest(app)
{
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();
    private GridCatalog Grids => App.Host.Services.GetRequiredService<GridCatalog>();

    [Fact]
    public async Task the_periods_equal_the_fold_at_a_thousand_random_dates_after_an_import_late_milestones_and_retractions()
    {
        await ImportSyntheticAsync(40, seed: 17);
        var ids = await ProjectIdsAsync();
        ids.Count.ShouldBe(40);
        var random = new Random(17);
        await ShouldEqualTheFoldAsync(ids, random, "after the import");

        var accepted = 0;
        foreach (var id in ids.OrderBy(_ => random.Next()).Take(20))
        {
            var (timeline, _) = await PeriodOracle.RawAsync(Store, id);
            var first = timeline.Registration!.Event.OccurredOn;
            var span = Math.Max(1, App.Today.DayNumber - first.DayNumber);
            // A late actor somewhere in the project's past, and the retraction of one of its effective milestones.
            var late = first.AddDays(random.Next(span)).ToString("yyyy-MM-dd");
            if ((await PostMilestoneAsync(id, Actor($"Tardif {random.Next(1000)}", late))).StatusCode == HttpStatusCode.OK) accepted++;
            var retractable = timeline.Effective().Where(e => e.Event is not ProjectRegistered).ToList();
            if (retractable.Count == 0) continue;
            var target = retractable[random.Next(retractable.Count)];
            var retraction = await PostMilestoneAsync(id, new
            {
                type = "retraction", occurredOn = App.Today.ToString("yyyy-MM-dd"), retractedEventId = target.EventId, reason = "erreur de saisie",
            });
            if (retraction.StatusCode == HttpStatusCode.OK) accepted++;
        }
        accepted.ShouldBeGreaterThan(10, "the late milestones and retractions the rules let through");
        await ShouldEqualTheFoldAsync(ids, random, "after the late milestones and retractions");
    }

    private async Task<IReadOnlyList<Guid>> ProjectIdsAsync()
    {
        await using var session = Store.QuerySession();
        return (await session.Query<ProjectKey>().ToListAsync()).Select(k => k.ProjectId).ToList();
    }

    /// <summary>1,000 random business dates from before the first emergence to a year from now, every project, every grid.</summary>
    private async Task ShouldEqualTheFoldAsync(IReadOnlyList<Guid> ids, Random random, string when)
    {
        var from = new DateOnly(1995, 1, 1).DayNumber;
        var dates = Enumerable.Range(0, 1000).Select(_ => DateOnly.FromDayNumber(random.Next(from, App.Today.AddYears(1).DayNumber))).ToList();
        var stored = await PeriodOracle.StoredAsync(Store);
        stored.Select(p => p.ProjectId).Distinct().ShouldBeSubsetOf(ids, when);
        var withState = 0;
        foreach (var id in ids) withState += await PeriodOracle.ShouldEqualTheFoldAsync(Store, Grids, id, dates, stored);
        withState.ShouldBeGreaterThan(ids.Count * Grids.Versions.Count * 100, $"dates with a state, {when}");
    }
}
