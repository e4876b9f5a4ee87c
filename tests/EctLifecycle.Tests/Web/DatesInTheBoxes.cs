using EctLifecycle.Accounts;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Web;

/// <summary>
/// The date boxes of the pages that read a date from their address (the analyses, the reports, a project's card): a date
/// typed by hand, as in a browser without a date picker, is read as the forms read it; one that does not exist is refused
/// saying why, under the box's French name.
/// </summary>
public class DatesInTheBoxes(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task a_day_first_date_is_read_in_the_analyses_and_reports_boxes_and_a_day_that_does_not_exist_is_named_in_french()
    {
        var analyst = App.ClientAs(Role.Analyst);
        await RegisterAsync();

        // Read, and shown again as the date box reads it (it was refused: « s'écrit 2021-02-28 »).
        var analyses = await analyst.GetStringAsync("/analyses?vue=distribution&asOf=28/02/2021");
        analyses.ShouldNotContain("error-summary");
        analyses.ShouldMatch("name=\"asOf\"[^>]* value=\"2021-02-28\"|value=\"2021-02-28\"[^>]* name=\"asOf\"");
        var reports = await analyst.GetStringAsync("/rapports?asOf=28/02/2021");
        reports.ShouldNotContain("error-summary");
        reports.ShouldContain("asOf=2021-02-28", Case.Sensitive, "the downloads ask the API for the day read");
        // The box is named as its refusal names it, and as the other pages name theirs (it read « Au »).
        reports.ShouldContain("<label for=\"asOf\">Au (date des faits)</label>", Case.Sensitive);

        // The events page keeps its date box, with what was typed, when the date is refused (the box went away).
        var events = await analyst.GetStringAsync("/evenements?asOf=31/02/2021");
        events.ShouldMatch("<input id=\"asOf\" name=\"asOf\" type=\"date\" value=\"31/02/2021\" aria-invalid=\"true\"");

        // The analyses say a refused date next to its box too, not only in the summary below the form.
        var refused = System.Net.WebUtility.HtmlDecode(await analyst.GetStringAsync("/analyses?vue=distribution&asOf=31/02/2021"));
        refused.ShouldContain("<span class=\"field-error\" id=\"asOf-error\">le 31/02/2021 n'existe pas : février 2021 a 28 jours", Case.Sensitive);
        refused.ShouldMatch("<input id=\"asOf\" name=\"asOf\" aria-invalid=\"true\" aria-describedby=\"asOf-error\"");
        refused.ShouldNotContain("id=\"knownAt-error\"");

        // The field's French name, not the API's (it read « asOf : … »).
        (await VisibleText.GetAsync(analyst, "/rapports?asOf=31/02/2021"))
            .ShouldContain("Au (date des faits) : le 31/02/2021 n'existe pas : février 2021 a 28 jours", Case.Sensitive);
    }

    [Fact]
    public async Task the_api_reads_a_date_exactly_as_written_and_the_journal_page_reads_one_typed_day_first()
    {
        // Spaces around a date were taken by the analyses' and the journal's routes and refused by the others.
        var analyst = App.ClientAs(Role.Analyst);
        var analysis = await analyst.GetAsync("/api/analytics/distribution?asOf=2021-02-28%20");
        ((int)analysis.StatusCode).ShouldBe(400);
        (await ProblemAsync(analysis))["errors"]!["asOf"]![0]!.GetValue<string>().ShouldBe("date attendue sans espace ni caractère invisible autour : 2021-02-28");
        var admin = App.ClientAs(Role.Admin);
        var audit = await admin.GetAsync("/api/audit?from=2021-02-28%20");
        ((int)audit.StatusCode).ShouldBe(400);

        var page = await admin.GetStringAsync("/journal?from=28/02/2021");
        page.ShouldNotContain("error-summary");
        page.ShouldContain("value=\"2021-02-28\"", Case.Sensitive);
    }

    [Theory]
    [InlineData("31/02/2021", "le 31/02/2021 n'existe pas : février 2021 a 28 jours")]
    [InlineData("le 3 mars", "date invalide : écrivez-la JJ/MM/AAAA, par exemple 15/03/2021")]
    public async Task the_card_says_why_a_date_typed_in_its_box_is_refused(string typed, string message)
    {
        var id = await RegisterAsync();
        // It said « date invalide : choisissez une date passée » whatever was wrong.
        (await VisibleText.GetAsync(Client, $"/projets/{id}?asOf={Uri.EscapeDataString(typed)}")).ShouldContain(message, Case.Sensitive);
    }
}
