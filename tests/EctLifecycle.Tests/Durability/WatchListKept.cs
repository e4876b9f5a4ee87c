using System.Net.Http.Json;
using System.Net;
using System.Text.RegularExpressions;
using EctLifecycle.Analytics;
using EctLifecycle.Durability;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace EctLifecycle.Tests.Durability;

/// <summary>
/// The day's watch list kept by Wolverine (<see cref="WatchListDue"/>): read with the projects moved since computed again,
/// it is the list computed whole at the read, entry for entry; a list of another day, build, grid file or erasures' mark
/// is not used: the reader asks for a new one, and waits for it, or says it is being computed.
/// </summary>
public class WatchListKept(AppFixture app) : ApiTest(app)
{
    private Grid Grid => App.Host.Services.GetRequiredService<GridCatalog>().Default;
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();

    [Fact]
    public async Task the_kept_list_with_the_projects_moved_since_computed_again_equals_the_list_computed_whole_at_the_read()
    {
        await ImportSyntheticAsync(120, seed: 17);
        var day = App.Today;
        await InvokeAsync(new WatchListDue(day, Grid.Version));
        var kept = await KeptAsync(day);
        kept.ShouldNotBeNull();
        kept.Entries.Count.ShouldBeGreaterThan(3, "a portfolio with projects to watch");
        var (first, source) = await ReadAsync(day);
        source.ShouldBe(WatchLists.Source.Kept);
        Text(first!).ShouldBe(Text(await WholeAsync(day)));

        // Moved since: a new project with two signals, a listed one stopped, a milestone on another listed one.
        var fresh = await RegisterAsync("Nouveau surveillé");
        await LogAsync(fresh, new { type = "accompanimentStarted", occurredOn = "2018-04-01", byHub = true, programme = "Émergence" });
        await LogAsync(fresh, new { type = "accompanimentEnded", occurredOn = day.AddMonths(-3).ToString("yyyy-MM-dd"), byHub = true });
        await LogAsync(fresh, new { type = "carrierIdentified", occurredOn = "2018-06-01", carrierName = "Julie" });
        await LogAsync(fresh, new { type = "carrierLost", occurredOn = "2019-06-01", reason = "déménagement" });
        var stopped = kept.Entries[0].Id;
        await LogAsync(stopped, new { type = "projectStopped", occurredOn = day.AddDays(-10).ToString("yyyy-MM-dd"), reasons = new[] { "fundingLostOrEnded" }, note = "fin" });
        await LogAsync(kept.Entries[1].Id, new { type = "note", occurredOn = day.AddDays(-5).ToString("yyyy-MM-dd"), text = "Réunion" });

        var (read, again) = await ReadAsync(day);
        again.ShouldBe(WatchLists.Source.Kept);
        var whole = await WholeAsync(day);
        Text(read!).ShouldBe(Text(whole));
        // The whole list with every project's funding two years before read narrow, as at L, is the same.
        Text(await WholeAsync(day, fewProjects: 0)).ShouldBe(Text(whole));
        var listed = read!.Select(e => e.Id).ToList();
        listed.ShouldContain(fresh);
        listed.ShouldNotContain(stopped);
        // The kept list was not rewritten meanwhile: what changed, the read computed.
        var still = (await KeptAsync(day))!;
        still.ComputedAt.ShouldBe(kept.ComputedAt);
        still.Entries.Select(e => e.Id).ShouldNotContain(fresh);
        still.Entries.Select(e => e.Id).ShouldContain(stopped);

        // The staff's page, right after the writes, lists the new project from the kept list.
        var page = WebUtility.HtmlDecode(await Client.GetStringAsync("/"));
        var watch = page[page.IndexOf("<section aria-labelledby=\"watch\"", StringComparison.Ordinal)..];
        VisibleText.Of(watch).ShouldContain($"Projets à surveiller ({whole.Count})");
        Regex.IsMatch(watch, $"href=\"/projets/{stopped}\"").ShouldBeFalse();
    }

    [Fact]
    public async Task a_list_of_another_day_or_erasures_mark_is_not_used_and_a_new_one_is_asked_kept_once_and_awaited()
    {
        await ImportSyntheticAsync(60, seed: 5);
        var day = App.Today;
        // No list kept: a reader that does not wait says it is being computed, and asks Wolverine, which keeps it.
        var (none, computing) = await ReadAsync(day, TimeSpan.Zero);
        computing.ShouldBe(WatchLists.Source.Computing);
        none.ShouldBeNull();
        var kept = await EventuallyKeptAsync(day);
        kept.Entries.ShouldNotBeEmpty("a portfolio with projects to watch");
        Text(kept.Entries).ShouldBe(Text(await WholeAsync(day)));
        (await ReadAsync(day)).Source.ShouldBe(WatchLists.Source.Kept);

        // Asked again while it can serve: not computed again.
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await InvokeAsync(new WatchListDue(day, Grid.Version));
        (await KeptAsync(day))!.ComputedAt.ShouldBe(kept.ComputedAt);

        // The next day: yesterday's list is not used; a reader that waits has the next day's computed, which replaces it.
        App.Clock.Advance(TimeSpan.FromDays(1));
        var next = App.Today;
        next.ShouldNotBe(day);
        var (asked, source) = await ReadAsync(next, TimeSpan.FromSeconds(60));
        source.ShouldBe(WatchLists.Source.Asked);
        Text(asked!).ShouldBe(Text(await WholeAsync(next)));
        (await KeptAsync(next)).ShouldNotBeNull();
        (await KeptAsync(day)).ShouldBeNull("the earlier days' lists are dropped");

        // An erasure since it was computed (its mark differs): not used.
        await using (var session = Store.LightweightSession())
        {
            var list = (await session.LoadAsync<WatchListSnapshot>(WatchListSnapshot.IdOf(Grid, next)))!;
            list.Erasures = list.Erasures with { Count = list.Erasures.Count + 1 };
            session.Store(list);
            await session.SaveChangesAsync();
        }
        (await ReadAsync(next, TimeSpan.Zero)).Source.ShouldBe(WatchLists.Source.Computing);
        // Asked (by the read above, or by this one), computed again with the mark of now.
        (await ReadAsync(next, TimeSpan.FromSeconds(60))).Source.ShouldBeOneOf(WatchLists.Source.Asked, WatchLists.Source.Kept);
        (await KeptAsync(next))!.Erasures.Count.ShouldBe(0);
    }

    [Fact]
    public async Task an_erasure_drops_the_lists_kept_which_name_the_projects()
    {
        var id = await RegisterAsync("Ferme de Julie Martin");
        await LogAsync(id, new { type = "carrierIdentified", occurredOn = "2018-06-01", carrierName = "Julie Martin" });
        await InvokeAsync(new WatchListDue(App.Today, Grid.Version));
        (await KeptAsync(App.Today)).ShouldNotBeNull();

        var erased = await Client.PostAsJsonAsync("/api/privacy/erasures", new { name = "Julie Martin", reason = "demande écrite" });
        erased.StatusCode.ShouldBe(HttpStatusCode.Created, await erased.Content.ReadAsStringAsync());
        (await KeptAsync(App.Today)).ShouldBeNull();
    }

    [Fact]
    public async Task no_list_is_kept_while_the_grids_periods_are_not_all_computed_from_its_file()
    {
        await ImportSyntheticAsync(30, seed: 3);
        // As during a rebuild after the grid's file changed: the periods' mark is the former file's.
        await using (var session = Store.LightweightSession())
        {
            session.Store(new EctLifecycle.ScoreHistory.ScoreHistoryGrid { Id = Grid.Version, Fingerprint = "un autre fichier" });
            await session.SaveChangesAsync();
        }
        await InvokeAsync(new WatchListDue(App.Today, Grid.Version));
        (await KeptAsync(App.Today)).ShouldBeNull();
        (await ReadAsync(App.Today, TimeSpan.FromSeconds(1))).Source.ShouldBe(WatchLists.Source.Computing);

        // Rebuilt: marked with the file's fingerprint.
        await EctLifecycle.ScoreHistory.ScoreHistoryRebuild.MarkAsync(Store, App.Host.Services.GetRequiredService<GridCatalog>(), default);
        await InvokeAsync(new WatchListDue(App.Today, Grid.Version));
        (await KeptAsync(App.Today)).ShouldNotBeNull();
    }

    [Fact]
    public async Task a_durability_report_and_the_days_list_wait_for_their_turn_while_a_portfolio_computation_runs()
    {
        await ImportSyntheticAsync(30, seed: 11);
        var turns = App.Host.Services.GetRequiredService<PortfolioComputations>();
        turns.AtOnce.ShouldBe(1, "one portfolio-wide computation at a time by default");
        var release = new TaskCompletionSource();
        var held = turns.RunAsync(() => release.Task, default);
        Task<HttpResponseMessage> report;
        Task list;
        try
        {
            report = Client.GetAsync($"/api/reports/durability?asOf={App.Today:yyyy-MM-dd}");
            list = InvokeAsync(new WatchListDue(App.Today, Grid.Version));
            await EventuallyAsync(() => turns.Waiting == 2, "the report and the list waiting for their turn");
            turns.Running.ShouldBe(1);
            report.IsCompleted.ShouldBeFalse();
            list.IsCompleted.ShouldBeFalse();
            (await KeptAsync(App.Today)).ShouldBeNull();
        }
        finally { release.TrySetResult(); } // the host is shared: its turn given back whatever happened
        await held;
        var answer = await report;
        answer.StatusCode.ShouldBe(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        (await answer.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["projects"]!.GetValue<int>().ShouldBe(30);
        await list;
        (await KeptAsync(App.Today)).ShouldNotBeNull();
        turns.Waiting.ShouldBe(0);
        turns.Running.ShouldBe(0);
    }

    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 600 && !condition(); i++) await Task.Delay(50);
        condition().ShouldBeTrue(what);
    }

    private async Task InvokeAsync(object message)
    {
        using var scope = App.Host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(message, default, TimeSpan.FromMinutes(2));
    }

    private async Task<WatchListSnapshot?> KeptAsync(DateOnly day)
    {
        await using var session = Store.QuerySession();
        return await session.LoadAsync<WatchListSnapshot>(WatchListSnapshot.IdOf(Grid, day));
    }

    private async Task<WatchListSnapshot> EventuallyKeptAsync(DateOnly day)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await KeptAsync(day) is { } kept) return kept;
            await Task.Delay(100);
        }
        throw new TimeoutException("the watch list asked was never kept");
    }

    // The reader of the staff's page, over every project holding at the day.
    private async Task<(IReadOnlyList<WatchEntry>? Entries, WatchLists.Source Source)> ReadAsync(DateOnly day, TimeSpan? wait = null)
    {
        using var scope = App.Host.Services.CreateScope();
        await using var session = Store.QuerySession();
        var history = await PortfolioHistory.LoadAsync(session, new AnalyticsParameters(day, Grid, null), default);
        var facts = await history.FactsAtAsync(day, Grid);
        return await WatchLists.ForAsync(session, history, facts, day, Grid, scope.ServiceProvider.GetRequiredService<IMessageBus>(), wait ?? TimeSpan.Zero, default);
    }

    // The list as the rule computes it, from every project's whole period at the read.
    private async Task<IReadOnlyList<WatchEntry>> WholeAsync(DateOnly day, int fewProjects = WatchRules.FewProjects)
    {
        await using var session = Store.QuerySession();
        var history = await PortfolioHistory.LoadAsync(session, new AnalyticsParameters(day, Grid, null), default);
        return await WatchRules.OfAsync(history, await history.AtAsync(day, Grid), day, Grid, default, fewProjects);
    }

    private static string Text(IEnumerable<WatchEntry> entries) => string.Join("\n", entries.Select(e =>
        $"{e.Id} {e.Key} {e.Name} {e.Stage}: {string.Join(" | ", e.Signals.Select(s => $"{s.Kind} {string.Join(" / ", s.Evidence)}"))}"));
}
