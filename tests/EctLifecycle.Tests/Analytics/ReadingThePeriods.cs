using EctLifecycle.ScoreHistory;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.Analytics;

/// <summary>The portfolio's questions read the stored score periods, and those are written with each milestone.</summary>
public class ReadingThePeriods(AppFixture app) : ApiTest(app)
{
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();

    [Fact]
    public async Task the_portfolio_at_a_date_answers_what_the_stored_periods_say_not_a_fold_of_the_events()
    {
        var id = await RegisterAsync("Les Paniers", "2018-03-01");
        var before = await GetJsonAsync("/api/analytics/portfolio?asOf=2020-06-30");
        before["profiles"]![0]!["score"]!["score"]!.GetValue<int>().ShouldBe(0);

        // The periods rewritten as a rebuild with another rule would: the events did not change, the answers do.
        await using (var session = Store.LightweightSession())
        {
            var periods = await session.Query<ScorePeriod>().Where(p => p.ProjectId == id).ToListAsync();
            periods.ShouldNotBeEmpty();
            foreach (var p in periods) { p.Name = "Les Paniers réécrits"; p.Score = 7; p.Stage = "operating"; }
            session.Store(periods.ToArray());
            await session.SaveChangesAsync();
        }

        var after = await GetJsonAsync("/api/analytics/portfolio?asOf=2020-06-30");
        after["profiles"]![0]!["name"]!.GetValue<string>().ShouldBe("Les Paniers réécrits");
        after["profiles"]![0]!["score"]!["score"]!.GetValue<int>().ShouldBe(7);
        after["byStage"]!["operating"]!.GetValue<int>().ShouldBe(1);
        (await GetJsonAsync("/api/analytics/distribution?asOf=2020-06-30"))["counts"]!.AsArray()
            .Single(c => c!["score"]!.GetValue<int>() == 7)!["projects"]!.GetValue<int>().ShouldBe(1);

        // "As known at" a recording date folds the events as they were recorded: the rewrite does not show there.
        var known = await GetJsonAsync($"/api/analytics/portfolio?asOf=2020-06-30&knownAt={App.Today:yyyy-MM-dd}");
        known["profiles"]![0]!["name"]!.GetValue<string>().ShouldBe("Les Paniers");
    }

    [Fact]
    public async Task a_portfolio_read_right_after_a_milestone_sees_it()
    {
        var id = await RegisterAsync("Les Paniers", "2018-03-01");
        (await GetJsonAsync("/api/analytics/portfolio?asOf=2020-06-30"))["byStage"]!["idea"]!.GetValue<int>().ShouldBe(1);

        await LogAsync(id, new { type = "projectStopped", occurredOn = "2019-01-01", reasons = new[] { "goalReached" } });
        var portfolio = await GetJsonAsync("/api/analytics/portfolio?asOf=2020-06-30");
        portfolio["byStage"]!["stopped"]!.GetValue<int>().ShouldBe(1);
        portfolio["byStage"]!.AsObject().ContainsKey("idea").ShouldBeFalse();
        (await GetJsonAsync("/api/reports/durability?asOf=2020-06-30"))["stoppedCount"]!.GetValue<int>().ShouldBe(1);

        // A late milestone, dated before the stop, rewrites the periods before it as well.
        await LogAsync(id, Actor("Mairie", "2018-06-01", "publicBody"));
        var at2018 = await GetJsonAsync("/api/analytics/portfolio?asOf=2018-12-31");
        at2018["profiles"]![0]!["indicators"]!["activeActors"]!.GetValue<int>().ShouldBe(1);
    }
}
