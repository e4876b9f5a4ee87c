using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EctLifecycle.Analytics;
using EctLifecycle.Durability;
using EctLifecycle.Pages.Shared;
using EctLifecycle.ScoreHistory;
using EctLifecycle.Scoring;
using Marten;
using Wolverine;
using EctLifecycle.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.Durability;

/// <summary>
/// The reports' page (<c>/rapports</c>): its report computed by Wolverine and kept (<see cref="DurabilityPages"/>), its long
/// lists a page at a time; a write since is shown at the next view; while the report waits for its turn, the page says so
/// and reloads itself.
/// </summary>
public partial class ReportsPageKept(AppFixture app) : ApiTest(app)
{
    private DurabilityPages Pages => App.Host.Services.GetRequiredService<DurabilityPages>();
    private string Day => App.Today.ToString("yyyy-MM-dd");

    [Fact]
    public async Task the_stopped_projects_come_a_page_at_a_time_from_one_computation_and_a_stop_logged_since_shows_at_the_next_view()
    {
        await ImportSyntheticAsync(400, seed: 23);
        var json = await GetJsonAsync($"/api/reports/durability?asOf={Day}");
        var stopped = json["stopped"]!.AsArray().Select(s => Guid.Parse(s!["id"]!.GetValue<string>())).ToList();
        stopped.Count.ShouldBeGreaterThan(Paging.DefaultSize, "a portfolio with more stopped projects than a page holds");
        var pages = (stopped.Count + Paging.DefaultSize - 1) / Paging.DefaultSize;

        var computed = Pages.Computations;
        var first = await Client.GetStringAsync($"/rapports?asOf={Day}");
        Pages.Computations.ShouldBe(computed + 1);
        first.ShouldNotContain("http-equiv=\"refresh\"", Case.Sensitive, "a report shown does not reload its page");
        Rows(first).ShouldBe(stopped.Take(Paging.DefaultSize).ToList());
        first.ShouldContain($"Page 1 sur {pages}");
        var next = NextPage().Match(first);
        next.Success.ShouldBeTrue("a link to the next page of the stopped projects, with the report's mark");
        next.Groups[1].Value.ShouldBe($"/rapports?asOf={Day}&amp;arretes=2&amp;calcul=");

        // Every page from the report kept: together, the report's stopped projects in its order.
        var all = new List<Guid>(Rows(first));
        for (var page = 2; page <= pages; page++) all.AddRange(Rows(await Client.GetStringAsync($"/rapports?asOf={Day}&arretes={page}")));
        all.ShouldBe(stopped);
        Pages.Computations.ShouldBe(computed + 1, "the next pages read the report kept");
        // A page past the last (a bookmark) shows the last.
        Rows(await Client.GetStringAsync($"/rapports?asOf={Day}&arretes={pages + 7}")).ShouldBe(stopped.Skip((pages - 1) * Paging.DefaultSize).ToList());

        // A stop logged since: the link of the page shown before it still reads the report it was drawn from (the pages of a
        // list from one report)...
        var late = await RegisterAsync("Arrêté depuis la vue");
        await LogAsync(late, new { type = "projectStopped", occurredOn = App.Today.AddDays(-1).ToString("yyyy-MM-dd"), reasons = new[] { "other" }, otherReason = "fin" });
        var linked = await Client.GetStringAsync(System.Net.WebUtility.HtmlDecode(next.Groups[1].Value + next.Groups[2].Value));
        Rows(linked).ShouldBe(stopped.Skip(Paging.DefaultSize).Take(Paging.DefaultSize).ToList());
        Pages.Computations.ShouldBe(computed + 1);
        // ... and a view of its own computes it again, and lists it (the last stop, on the last page).
        var lastPage = await Client.GetStringAsync($"/rapports?asOf={Day}&arretes={pages + 7}");
        Pages.Computations.ShouldBe(computed + 2);
        Rows(lastPage).Last().ShouldBe(late);
        // A mark from before a start (an order this instance never read) stands for nothing: the report of the data now.
        Rows(await Client.GetStringAsync($"/rapports?asOf={Day}&arretes={pages + 7}&calcul=999999999")).Last().ShouldBe(late);
        VisibleText.Of(lastPage).ShouldContain($"Projets arrêtés ({stopped.Count + 1:N0})".Replace(',', '\u202F'));
    }

    [Fact]
    public async Task while_another_portfolio_computation_runs_the_page_says_its_report_waits_and_reloads_itself_then_shows_it()
    {
        await ImportSyntheticAsync(30, seed: 11);
        var turns = App.Host.Services.GetRequiredService<PortfolioComputations>();
        var wait = Pages.Wait;
        var computed = Pages.Computations;
        var release = new TaskCompletionSource();
        var held = turns.RunAsync(() => release.Task, default);
        try
        {
            Pages.Wait = TimeSpan.FromMilliseconds(300);
            var page = await Client.GetAsync($"/rapports?asOf={Day}");
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
            var html = await page.Content.ReadAsStringAsync();
            html.ShouldContain($"<noscript><meta http-equiv=\"refresh\" content=\"{EctLifecycle.Pages.Rapports.IndexModel.ReloadSeconds};url=/rapports?asOf={Day}&amp;calcul=", Case.Sensitive);
            html.ShouldContain("/js/rapports.js", Case.Sensitive, "its script asks each second where the report stands");
            html.ShouldContain("data-testid=\"report-computing\"");
            html.ShouldNotContain("data-testid=\"report-computed\"");
            html.ShouldNotContain("/api/reports/durability/", Case.Sensitive, "no stopped project listed yet");
            var text = VisibleText.Of(html);
            text.ShouldContain($"Le rapport au {App.Today:dd/MM/yyyy} est en cours de calcul");
            text.ShouldContain("En attente : un autre calcul sur tout le portefeuille");
            text.ShouldContain("Cette page affiche le rapport d'elle-même dès qu'il est prêt");
            await EventuallyAsync(() => turns.Waiting == 1, "the report waiting for its turn");
            // What the script asks each second: waiting, from the app's memory.
            var state = await GetJsonAsync($"/rapports?handler=etat&asOf={Day}");
            state["etat"]!.GetValue<string>().ShouldBe("calcul");
            state["texte"]!.GetValue<string>().ShouldStartWith("En attente : un autre calcul sur tout le portefeuille");
            // A second view waits for the same computation: none more asked.
            VisibleText.Of(await Client.GetStringAsync($"/rapports?asOf={Day}")).ShouldContain("En attente");
            turns.Waiting.ShouldBe(1);
            Pages.Computations.ShouldBe(computed);
        }
        finally
        {
            release.TrySetResult(); // the host is shared: its turn and its wait given back whatever happened
            Pages.Wait = wait;
        }
        await held;
        for (var i = 0; i < 300 && (await GetJsonAsync($"/rapports?handler=etat&asOf={Day}"))["etat"]!.GetValue<string>() == "calcul"; i++) await Task.Delay(100);
        (await GetJsonAsync($"/rapports?handler=etat&asOf={Day}"))["etat"]!.GetValue<string>().ShouldBe("pret");
        var shown = await Client.GetStringAsync($"/rapports?asOf={Day}");
        shown.ShouldContain("data-testid=\"report-computed\"");
        shown.ShouldNotContain("http-equiv=\"refresh\"");
        VisibleText.Of(shown).ShouldContain("30 projets");
        Pages.Computations.ShouldBe(computed + 1);
    }

    [Fact]
    public void a_page_past_the_last_shows_the_last_and_one_below_the_first_the_first()
    {
        var rows = Enumerable.Range(1, 120).ToList();
        var (onPage, paging, first) = Paging.Of(rows, 9, p => $"/x?p={p}", "Pages");
        (paging.Page, paging.Pages, first, onPage.First(), onPage.Count).ShouldBe((3, 3, 101, 101, 20));
        (onPage, paging, first) = Paging.Of(rows, -2, p => $"/x?p={p}", "Pages");
        (paging.Page, first, onPage.Count).ShouldBe((1, 1, 50));
        Paging.Of(new List<int>(), 1, p => "", "Pages").Paging.Pages.ShouldBe(1, "an empty list has its one page");
        paging.Below.Label.ShouldBe("Pages, sous la liste");
    }

    [Fact]
    public async Task an_erasure_drops_the_reports_kept_and_the_next_view_names_nobody()
    {
        var id = await RegisterAsync("Atelier vélo");
        await LogAsync(id, new { type = "projectStopped", occurredOn = App.Today.AddDays(-30).ToString("yyyy-MM-dd"), reasons = new[] { "goalReached" }, activityTakenOverBy = "Jeanne Roux" });
        VisibleText.Of(await Client.GetStringAsync($"/rapports?asOf={Day}")).ShouldContain("Jeanne Roux");
        Pages.KeptCount.ShouldBeGreaterThan(0);

        var erased = await Client.PostAsJsonAsync("/api/privacy/erasures", new { name = "Jeanne Roux", reason = "demande écrite de la personne du 12/03" });
        erased.StatusCode.ShouldBe(HttpStatusCode.Created, await erased.Content.ReadAsStringAsync());
        Pages.KeptCount.ShouldBe(0, "no report kept in memory names the person any more");
        var after = VisibleText.Of(await Client.GetStringAsync($"/rapports?asOf={Day}"));
        after.ShouldContain("Atelier vélo");
        after.ShouldNotContain("Jeanne Roux");
    }

    [Fact]
    public async Task the_pages_script_hears_of_a_report_nobody_asked_for_as_none_and_of_one_computed_as_ready()
    {
        await ImportSyntheticAsync(20, seed: 5);
        Pages.Forget(); // the host is shared: no report kept from another test
        var day = App.Today.AddDays(-3).ToString("yyyy-MM-dd");
        var state = await GetJsonAsync($"/rapports?handler=etat&asOf={day}");
        (state["etat"]!.GetValue<string>(), state["secondes"]!.GetValue<int>()).ShouldBe(("aucun", 0));
        (await Client.GetStringAsync($"/rapports?asOf={day}")).ShouldContain("data-testid=\"report-computed\"");
        (await GetJsonAsync($"/rapports?handler=etat&asOf={day}"))["etat"]!.GetValue<string>().ShouldBe("pret");
        // A date the page cannot read: refused, nothing asked.
        (await Client.GetAsync("/rapports?handler=etat&asOf=31/02/2024")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task a_report_no_view_of_this_instance_waits_for_is_not_computed()
    {
        await ImportSyntheticAsync(20, seed: 7);
        Pages.Forget();
        var (computed, kept) = (Pages.Computations, Pages.KeptCount);
        // As a message delivered again after a start: nobody here asked for it.
        using (var scope = App.Host.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new DurabilityPageDue(App.Today, Grid.Version), default, TimeSpan.FromMinutes(2));
        (Pages.Computations, Pages.KeptCount).ShouldBe((computed, kept));
        (await GetJsonAsync($"/rapports?handler=etat&asOf={Day}"))["etat"]!.GetValue<string>().ShouldBe("aucun");
        // Asked by a view, it is.
        (await Client.GetStringAsync($"/rapports?asOf={Day}")).ShouldContain("data-testid=\"report-computed\"");
        Pages.Computations.ShouldBe(computed + 1);
    }

    [Fact]
    public async Task a_report_computed_while_the_grids_periods_are_rebuilt_from_another_file_serves_its_pages_reloads_only()
    {
        await ImportSyntheticAsync(30, seed: 13);
        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        var computed = Pages.Computations;
        try
        {
            // As during a rebuild after the grid's file changed: the periods' mark is the former file's.
            await using (var session = store.LightweightSession())
            {
                session.Store(new ScoreHistoryGrid { Id = Grid.Version, Fingerprint = "un autre fichier", Marked = Guid.NewGuid() });
                await session.SaveChangesAsync();
            }
            for (var view = 1; view <= 2; view++)
            {
                VisibleText.Of(await Client.GetStringAsync($"/rapports?asOf={Day}")).ShouldContain("30 projets");
                Pages.Computations.ShouldBe(computed + view, "each first view computes its own: a report from periods being rebuilt serves no other");
            }
            // The reload of the page that asked for it (calcul: the order of its first view's mark) shows it, not a new one,
            // so that a page whose report takes longer than the view's wait shows it in the end.
            using var scope = App.Host.Services.CreateScope();
            var reload = await Pages.ReadAsync(store, scope.ServiceProvider.GetRequiredService<IMessageBus>(), App.Today, Grid, since: 1, default);
            reload.View.ShouldNotBeNull();
            Pages.Computations.ShouldBe(computed + 2);
            (await GetJsonAsync($"/rapports?handler=etat&asOf={Day}"))["etat"]!.GetValue<string>().ShouldBe("pret", "the waiting page's script told to reload");
        }
        finally
        {
            // Rebuilt: marked with the file's fingerprint (the host is shared).
            await ScoreHistoryRebuild.MarkAsync(store, App.Host.Services.GetRequiredService<GridCatalog>(), default);
        }
        await Client.GetStringAsync($"/rapports?asOf={Day}");
        Pages.Computations.ShouldBe(computed + 3);
        await Client.GetStringAsync($"/rapports?asOf={Day}");
        Pages.Computations.ShouldBe(computed + 3, "once rebuilt, the report is kept");
    }

    private Grid Grid => App.Host.Services.GetRequiredService<GridCatalog>().Default;

    private static List<Guid> Rows(string html) => StoppedRow().Matches(html).Select(m => Guid.Parse(m.Groups[1].Value)).ToList();

    [GeneratedRegex("<tr><td><a href=\"/projets/([0-9a-f-]{36})\">")]
    private static partial Regex StoppedRow();

    [GeneratedRegex("href=\"(/rapports\\?asOf=[0-9-]+&amp;arretes=2&amp;calcul=)([0-9]+)#arretes\" rel=\"next\"")]
    private static partial Regex NextPage();

    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 600 && !condition(); i++) await Task.Delay(50);
        condition().ShouldBeTrue(what);
    }
}
