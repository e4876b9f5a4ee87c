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
        VisibleText.Of(table).ShouldContain("1 affiché(s) sur 2");
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
