using EctLifecycle.Plans;
using EctLifecycle.Projects;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Tracking;

namespace EctLifecycle.Tests.Plans;

/// <summary>
/// The day's job sweeps every project's plans a page of projects per message (<see cref="PlansDaySweep"/>), each in its own
/// transaction: the plans that time alone makes come for the projects of every page, and a second run makes none.
/// </summary>
public class DaySweep(AppFixture app) : PlanTest(app)
{
    [Fact]
    public async Task the_day_makes_the_plans_time_alone_makes_for_the_projects_of_every_page_and_a_second_day_none()
    {
        // Registered long ago with nothing since: each write made a silence and a re-assessment plan at once.
        var silent = new List<Guid>();
        for (var i = 0; i < 7; i++) silent.Add(await RegisterAsync($"Balayage {i}", App.Today.AddYears(-2).ToString("yyyy-MM-dd")));
        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            // As if the day their rule comes to had not been swept yet: their plans gone.
            session.DeleteWhere<Plan>(p => p.ProjectId.IsOneOf(silent.ToArray()));
            await session.SaveChangesAsync();
        }
        int projects;
        await using (var query = store.QuerySession()) projects = await query.Query<ProjectKey>().CountAsync();
        var settings = App.Host.Services.GetRequiredService<PlanSettings>();
        var pageSize = settings.DaySweepProjects;
        // Pages of a quarter of the projects the store holds (those of the other tests too): at least four pages.
        settings.DaySweepProjects = Math.Max(1, projects / 4);
        try
        {
            var day = await App.Host.InvokeMessageAndWaitAsync(new PlansDayStarted(App.Today), timeoutInMilliseconds: 120_000);
            var pages = day.Executed.MessagesOf<PlansDaySweep>().ToList();
            pages.Count.ShouldBeGreaterThanOrEqualTo(4, "the sweep went page by page");
            pages.Select(p => p.After).ShouldBeUnique("each page starts after the one before");
            pages.Select(p => p.Day).Distinct().ShouldBe([App.Today]);

            var plans = await PlansAsync();
            foreach (var id in silent)
            {
                plans.Where(p => p.ProjectId == id).Select(p => p.Kind).Order().ToList().ShouldBe([PlanKind.Reassessment, PlanKind.Silence],
                    $"the plans the day made again for {id}");
            }

            var again = await App.Host.InvokeMessageAndWaitAsync(new PlansDayStarted(App.Today), timeoutInMilliseconds: 120_000);
            again.Executed.MessagesOf<PlansDaySweep>().Count().ShouldBe(pages.Count);
            (await PlansAsync()).Count.ShouldBe(plans.Count, "a day run twice makes nothing the second time");
        }
        finally
        {
            settings.DaySweepProjects = pageSize;
        }
    }
}
