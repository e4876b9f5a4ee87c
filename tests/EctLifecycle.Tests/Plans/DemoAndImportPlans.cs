using EctLifecycle.Timelines;
using EctLifecycle.Plans;
using EctLifecycle.Portfolio;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Projects;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.Plans;

/// <summary>The import (written below Marten's sessions) reconciles the plans of what it wrote; the demo has plans overdue, this week and done.</summary>
public class DemoAndImportPlans(AppFixture app) : PlanTest(app)
{
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();

    [Fact]
    public async Task the_demo_import_makes_its_stops_follow_ups_closed_by_its_follow_ups_and_the_demo_plans_fill_every_list()
    {
        var result = await App.Host.Services.GetRequiredService<PortfolioImporter>()
            .ImportAsync(DemoPortfolio.ToFile(DemoPortfolio.Study()), false, "démo", null, CancellationToken.None);
        result.Ok.ShouldBeTrue();
        await using (var session = Store.QuerySession())
        {
            var timelines = await session.LoadAllTimelinesAsync(CancellationToken.None);
            var stops = timelines.SelectMany(t => t.Effective().Where(e => e.Event is ProjectStopped)).ToList();
            var observed = timelines.SelectMany(t => t.Effective().Where(e => e.Event is FollowUpObserved)).Select(e => e.EventId).ToHashSet();
            stops.Count.ShouldBeGreaterThan(0);
            var followUps = await session.Query<Plan>().Where(p => p.Kind == PlanKind.FollowUp).ToListAsync();
            followUps.Count.ShouldBe(stops.Count * 3);
            followUps.Where(p => p.State == PlanState.Done).Select(p => p.FulfilledBy!.Value).ShouldBeSubsetOf(observed);
            followUps.Count(p => p.State == PlanState.Done).ShouldBe(Math.Min(observed.Count, followUps.Count));
        }

        (await DemoPlans.SeedAsync(Store, App.Host.Services.GetRequiredService<BusinessCalendar>(), App.Host.Services.GetRequiredService<PlanBook>(), CancellationToken.None))
            .ShouldBe(5);
        await using (var session = Store.QuerySession())
        {
            var lists = await PlanLists.LoadAsync(session, DemoPlans.InCharge, App.Today, CancellationToken.None);
            lists.Overdue.Count.ShouldBe(1);
            lists.ThisWeek.Count.ShouldBeGreaterThanOrEqualTo(1);
            lists.Done.Single().Plan.DoneOn.ShouldBe(App.Today.AddDays(-4));
            (await PlanLists.LoadAsync(session, null, App.Today, CancellationToken.None)).Overdue.Count.ShouldBeGreaterThan(1, "the rules' plans of the team");
        }
    }
}
