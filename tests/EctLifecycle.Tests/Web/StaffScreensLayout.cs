using System.Net.Http.Json;
using System.Net;
using System.Text.RegularExpressions;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Web;

/// <summary>Where things are on the staff's pages: results under the search, messages where one is looking, the past as it stood.</summary>
public partial class StaffScreensLayout(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task the_portfolio_shows_the_search_results_right_under_the_search()
    {
        await RegisterAsync("Épicerie du Val");
        await RegisterAsync("Mobilité douce");

        var html = WebUtility.HtmlDecode(await Client.GetStringAsync("/?q=mobilit"));

        var form = html.IndexOf("aria-label=\"Filtrer les projets\"", StringComparison.Ordinal);
        var results = html.IndexOf("id=\"projects\"", StringComparison.Ordinal);
        var recent = html.IndexOf("id=\"recent\"", StringComparison.Ordinal);
        var chart = html.IndexOf("id=\"distribution\"", StringComparison.Ordinal);
        form.ShouldBeGreaterThan(0);
        results.ShouldBeGreaterThan(form);
        results.ShouldBeLessThan(recent, "the results come before the recent milestones, which the search does not filter");
        results.ShouldBeLessThan(chart);
        var table = html[results..recent];
        table.ShouldContain("Mobilité douce");
        table.ShouldNotContain("Épicerie du Val");
        VisibleText.Of(table).ShouldContain("1 retenu(s) sur 2");
    }

    [Fact]
    public async Task the_portfolio_lists_its_projects_by_pages_keeping_the_search_and_the_filters()
    {
        var size = EctLifecycle.Pages.IndexModel.PageSize;
        var names = Enumerable.Range(1, size + 3).Select(i => $"Projet {i:000}").ToList();
        // Registered against the alphabetical order, which the pages follow.
        foreach (var name in Enumerable.Reverse(names)) await RegisterAsync(name);
        await RegisterAsync("Épicerie du Val");
        string Table(string html) => html[html.IndexOf("id=\"projects\"", StringComparison.Ordinal)..html.IndexOf("id=\"recent\"", StringComparison.Ordinal)];
        List<string> Rows(string html) => Regex.Matches(Table(html), @">(Projet \d{3}|Épicerie du Val)</a>").Select(m => m.Groups[1].Value).ToList();

        var first = WebUtility.HtmlDecode(await Client.GetStringAsync("/?q=projet&potential=no"));
        Rows(first).ShouldBe(names.Take(size).ToList());
        var said = VisibleText.Of(Table(first));
        said.ShouldContain($"{size + 3} retenu(s) sur {size + 4}");
        said.ShouldContain($"Projets 1 à {size} sur {size + 3}, par ordre alphabétique (page 1 sur 2).");
        first.ShouldNotContain("rel=\"prev\"");
        var next = Regex.Match(Table(first), "<a href=\"([^\"]+)\" rel=\"next\">").Groups[1].Value;
        next.ShouldBe("/?q=projet&potential=no&p=2", "the next page keeps the search and the filters");
        // The overview counts every project the filters keep, not the page's.
        VisibleText.Of(first[first.IndexOf("id=\"by-stage\"", StringComparison.Ordinal)..]).ShouldContain($"{size + 3} projet(s) retenu(s) sur {size + 4}");

        var second = WebUtility.HtmlDecode(await Client.GetStringAsync(next));
        Rows(second).ShouldBe(names.Skip(size).ToList());
        VisibleText.Of(Table(second)).ShouldContain($"Projets {size + 1} à {size + 3} sur {size + 3}, par ordre alphabétique (page 2 sur 2).");
        Regex.Match(Table(second), "<a href=\"([^\"]+)\" rel=\"prev\">").Groups[1].Value.ShouldBe("/?q=projet&potential=no&p=1");
        second.ShouldNotContain("rel=\"next\"");

        // A page past the last (a bookmark, a search narrowed since) shows the last one; a page that is no number, the first.
        Rows(WebUtility.HtmlDecode(await Client.GetStringAsync("/?q=projet&potential=no&p=9"))).ShouldBe(names.Skip(size).ToList());
        Rows(WebUtility.HtmlDecode(await Client.GetStringAsync("/?q=projet&potential=no&p=deux"))).ShouldBe(names.Take(size).ToList());
        // One page: no pager.
        var one = WebUtility.HtmlDecode(await Client.GetStringAsync("/?q=val"));
        Rows(one).ShouldBe(["Épicerie du Val"]);
        one.ShouldNotContain("data-testid=\"projects-page\"");
    }

    [Fact]
    public async Task the_portfolio_search_reads_the_commune_and_the_summary_and_its_hub_filter_the_hubs_support()
    {
        async Task<Guid> Register(string name, string commune, string summary)
        {
            var response = await Client.PostAsJsonAsync("/api/projects", new
            {
                name, sector = "alimentation", commune, summary, occurredOn = "2018-03-01", emergenceContext = "localProgramme",
                hubRole = "animator", inspiredElsewhere = false,
            });
            response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["id"]!.GetValue<Guid>();
        }
        await Register("Atelier vélo", "Dole", "Réparation de vélos");
        var grocery = await Register("Épicerie du Val", "Lons-le-Saunier", "Épicerie solidaire en circuit court");
        await LogAsync(grocery, new { type = "accompanimentStarted", occurredOn = "2019-04-01", byHub = true, programme = "Émergence" });
        async Task<List<string>> Rows(string url)
        {
            var html = WebUtility.HtmlDecode(await Client.GetStringAsync(url));
            var table = html[html.IndexOf("id=\"projects\"", StringComparison.Ordinal)..html.IndexOf("id=\"recent\"", StringComparison.Ordinal)];
            return Regex.Matches(table, @"<td><a href=""/projets/[^""]+"">([^<]+)</a>").Select(m => m.Groups[1].Value).ToList();
        }

        (await Rows("/")).ShouldBe(["Atelier vélo", "Épicerie du Val"]);
        (await Rows("/?q=dole")).ShouldBe(["Atelier vélo"], "the commune");
        (await Rows("/?q=CIRCUIT")).ShouldBe(["Épicerie du Val"], "the summary, whatever the case");
        (await Rows("/?q=lons-le")).ShouldBe(["Épicerie du Val"]);
        (await Rows("/?hub=yes")).ShouldBe(["Épicerie du Val"], "accompanied by the hub now");
        (await Rows("/?hub=no")).ShouldBe(["Atelier vélo"]);
        (await Rows("/?q=circuit&hub=no")).ShouldBeEmpty();
        var html = WebUtility.HtmlDecode(await Client.GetStringAsync("/?q=dole"));
        html.ShouldContain("<td>Dole</td>", customMessage: "the commune shown in the table");
    }

    [Fact]
    public async Task the_portfolio_lists_the_projects_to_watch_with_the_most_signs_first_and_sends_to_the_report_for_the_others()
    {
        var shown = EctLifecycle.Pages.IndexModel.WatchShown;
        var ended = App.Today.AddMonths(-3).ToString("yyyy-MM-dd");
        // Two signs each (the hub's support ended within two years, the carrier gone), and three for the first two.
        for (var i = 0; i < shown + 2; i++)
        {
            var id = await RegisterAsync($"Surveillé {i:00}");
            await LogAsync(id, new { type = "accompanimentStarted", occurredOn = "2018-04-01", byHub = true, programme = "Émergence" });
            await LogAsync(id, new { type = "accompanimentEnded", occurredOn = ended, byHub = true });
            await LogAsync(id, new { type = "carrierIdentified", occurredOn = "2018-06-01", carrierName = "Julie" });
            await LogAsync(id, new { type = "carrierLost", occurredOn = "2019-06-01", reason = "déménagement" });
            if (i >= shown)
            {
                await LogAsync(id, new { type = "fundingSecured", occurredOn = "2020-01-01", fundingId = "S1", sourceKind = "publicSubsidy", funder = "Région", amountEuros = 15000 });
            }
        }
        var html = WebUtility.HtmlDecode(await Client.GetStringAsync("/"));
        var watch = html[html.IndexOf("<section aria-labelledby=\"watch\"", StringComparison.Ordinal)..];
        var listed = Regex.Matches(watch, @">(Surveillé \d{2})</a>").Select(m => m.Groups[1].Value).ToList();
        listed.Count.ShouldBe(shown);
        listed.Take(2).Order().ToList().ShouldBe(new List<string> {$"Surveillé {shown}", $"Surveillé {shown + 1}" }, customMessage: "the three-sign projects first");
        VisibleText.Of(watch).ShouldContain($"Projets à surveiller ({shown + 2})");
        VisibleText.Of(watch).ShouldContain($"Les {shown} qui montrent le plus de signes sont listés ici ; les 2 autres sont dans le rapport de durabilité");
        watch.ShouldContain("<a href=\"/rapports\">rapport de durabilité</a>");
    }

    [Fact]
    public async Task a_recent_milestone_retracted_since_is_marked_so_in_the_portfolios_recent_milestones()
    {
        var id = await RegisterAsync("Épicerie du Val");
        var funding = await LogAsync(id, new
        {
            type = "fundingSecured", occurredOn = "2021-02-03", fundingId = "T01", sourceKind = "publicSubsidy", funder = "Région", amountEuros = 15000,
        });
        await LogAsync(id, new { type = "note", occurredOn = "2021-03-01", text = "Réunion" });
        string Recent(string html) => VisibleText.Of(html[html.IndexOf("id=\"recent\"", StringComparison.Ordinal)..html.IndexOf("id=\"distribution\"", StringComparison.Ordinal)]);
        var before = Recent(WebUtility.HtmlDecode(await Client.GetStringAsync("/")));
        before.ShouldContain("Financement obtenu");
        before.ShouldNotContain("retiré depuis");

        await LogAsync(id, new { type = "retraction", occurredOn = "2021-03-02", retractedEventId = funding, reason = "doublon" });
        var after = WebUtility.HtmlDecode(await Client.GetStringAsync("/"));
        Regex.Matches(after, "data-testid=\"recent-retracted\"").Count.ShouldBe(1, "only the funding, not the note");
        Recent(after).ShouldContain("Financement obtenu (retiré depuis)");
        // Who logged it, by the account's name, not its login.
        Recent(after).ShouldContain($"par Test {EctLifecycle.Accounts.Role.Admin}", Case.Sensitive);
        Recent(after).ShouldNotContain($"par {AppFixture.LoginOf(EctLifecycle.Accounts.Role.Admin)}");
        var card = await VisibleText.GetAsync(Client, $"/projets/{id}");
        card.ShouldContain($"par Test {EctLifecycle.Accounts.Role.Admin}", Case.Sensitive);
        card.ShouldNotContain($"par {AppFixture.LoginOf(EctLifecycle.Accounts.Role.Admin)}");
    }

    [Fact]
    public async Task a_refused_retraction_is_told_at_the_milestone_and_its_form_stays_open()
    {
        var id = await RegisterAsync();
        await LogAsync(id, new { type = "note", occurredOn = "2019-01-01", text = "Première réunion" });
        var note = (await HistoryAsync(id))[1]!["eventId"]!.GetValue<Guid>();

        var page = await WebForms.PostAsync(Client, $"/projets/{id}?handler=Retirer", [new("eventId", note.ToString()), new("reason", "")]);

        page.Status.ShouldBe(HttpStatusCode.OK);
        var entry = Entries().Matches(page.Text).Select(m => m.Value).Single(e => e.Contains("Première réunion"));
        entry.ShouldContain("data-focus-on-load");
        VisibleText.Of(entry).ShouldContain("Le jalon n'a pas été retiré : raison du retrait : ");
        entry.ShouldContain("<details open=\"open\">");
        page.Text.ShouldContain("/js/errors.js", Case.Sensitive, "the script that scrolls to the message and focuses it");
    }

    [Fact]
    public async Task the_journey_seen_at_a_past_date_marks_what_came_after_it()
    {
        var id = await RegisterAsync();
        await LogAsync(id, new { type = "note", occurredOn = "2019-01-01", text = "Avant" });
        await LogAsync(id, new { type = "note", occurredOn = "2021-01-01", text = "Après" });

        var page = WebUtility.HtmlDecode(await Client.GetStringAsync($"/projets/{id}?asOf=2020-01-01"));

        var entries = Entries().Matches(page).Select(m => m.Value).ToList();
        entries.Single(e => e.Contains("Avant")).ShouldNotContain("après cette date");
        var later = entries.Single(e => e.Contains(": Après"));
        later.ShouldMatch("class=\"[^\"]*\\bafter\"");
        VisibleText.Of(later).ShouldStartWith("après cette date");
        VisibleText.Of(page).ShouldContain("les jalons survenus après cette date sont grisés");

        var today = WebUtility.HtmlDecode(await Client.GetStringAsync($"/projets/{id}"));
        today.ShouldNotContain("après cette date", Case.Sensitive, "nothing is later than today");
    }

    [GeneratedRegex("<li [^>]*data-testid=\"timeline-entry\">.*?</li>", RegexOptions.Singleline)]
    private static partial Regex Entries();
}
