using System.Net;
using EctLifecycle.Analytics;
using EctLifecycle.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.Analytics;

/// <summary>
/// The heaviest analyses (<see cref="PortfolioComputations.Analyses"/>) wait for their turn among the instance's
/// portfolio-wide computations, through the API and the pages alike (the analyses, the network, the hub's events), and so
/// does the portfolio's export; the light ones answer meanwhile.
/// </summary>
public class AnalysesTakingTurns(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task the_heaviest_analyses_wait_while_a_portfolio_computation_runs_and_the_light_ones_answer()
    {
        await ImportSyntheticAsync(30, seed: 17);
        var day = App.Today.ToString("yyyy-MM-dd");
        var turns = App.Host.Services.GetRequiredService<PortfolioComputations>();
        var heavy = PortfolioComputations.Analyses.Order().ToList();
        heavy.Count.ShouldBe(7);
        var release = new TaskCompletionSource();
        var held = turns.RunAsync(() => release.Task, default);
        // The host is shared: a computation another test asked for may still wait.
        var before = turns.Waiting;
        var waiting = new List<(string What, Task<HttpResponseMessage> Answer)>();
        try
        {
            foreach (var name in heavy) waiting.Add((name, Client.GetAsync($"/api/analytics/{name}?asOf={day}")));
            waiting.Add(("page", Client.GetAsync($"/analyses?vue=typology&asOf={day}")));
            waiting.Add(("zip", Client.GetAsync("/api/exports/portfolio.zip")));
            waiting.Add(("network's page", Client.GetAsync($"/reseau?asOf={day}")));
            waiting.Add(("hub events' page", Client.GetAsync($"/evenements?asOf={day}")));
            await EventuallyAsync(() => turns.Waiting >= before + waiting.Count, $"the {waiting.Count} analyses waiting for their turn");
            // Light ones meanwhile: at once, through the API and the page.
            foreach (var light in new[] { "distribution", "sample", "portfolio", "territory" })
                (await Client.GetAsync($"/api/analytics/{light}?asOf={day}")).StatusCode.ShouldBe(HttpStatusCode.OK, light);
            (await Client.GetAsync($"/analyses?vue=distribution&asOf={day}")).StatusCode.ShouldBe(HttpStatusCode.OK);
            waiting.Where(w => w.Answer.IsCompleted).Select(w => w.What).ShouldBeEmpty();
        }
        finally
        {
            // The host is shared: its turn given back and every request answered whatever happened.
            release.TrySetResult();
            await held;
            await Task.WhenAll(waiting.Select(w => w.Answer)).WaitAsync(TimeSpan.FromMinutes(2)).ContinueWith(_ => { });
        }
        foreach (var (what, answer) in waiting)
        {
            var response = await answer;
            response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{what}: {await response.Content.ReadAsStringAsync()}");
        }
        turns.Running.ShouldBe(0);
    }

    [Fact]
    public async Task a_refused_question_does_not_wait_for_a_turn()
    {
        var turns = App.Host.Services.GetRequiredService<PortfolioComputations>();
        var release = new TaskCompletionSource();
        var held = turns.RunAsync(() => release.Task, default);
        var before = turns.Waiting;
        try
        {
            var refused = await Client.GetAsync("/api/analytics/typology?asOf=31/02/2024").WaitAsync(TimeSpan.FromSeconds(30));
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await refused.Content.ReadAsStringAsync()).ShouldContain("asOf");
            turns.Waiting.ShouldBe(before);
        }
        finally { release.TrySetResult(); }
        await held;
    }

    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 600 && !condition(); i++) await Task.Delay(50);
        condition().ShouldBeTrue(what);
    }
}
