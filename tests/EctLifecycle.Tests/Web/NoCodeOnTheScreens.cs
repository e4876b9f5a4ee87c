using System.Text.RegularExpressions;
using EctLifecycle.Accounts;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Web;

/// <summary>
/// No page shows its own template code: Razor reads « mot@if (…) » as an email address and prints it, and then the role
/// check in it never runs (the reports page said « tableaux@if (User.MayAnalyse()) {, et l'analyse… » to every role).
/// </summary>
public partial class NoCodeOnTheScreens(AppFixture app) : ApiTest(app)
{
    private static readonly string[] Pages =
    [
        "/", "/rapports", "/analyses", "/a-faire", "/grilles", "/import", "/exports", "/reseau", "/acteurs", "/acteurs/liens",
        "/evenements", "/compte", "/communes", "/utilisateurs", "/journal", "/personnes", "/effacements", "/projets/nouveau",
    ];

    [Fact]
    public async Task no_page_an_administrator_opens_shows_razor_code()
    {
        var id = await RegisterAsync();
        await LogAsync(id, new { type = "projectStopped", occurredOn = App.Today.AddDays(-30).ToString("yyyy-MM-dd"), reasons = new[] { "other" }, otherReason = "fin" });
        foreach (var url in Pages.Append($"/projets/{id}").Append($"/projets/{id}/evaluation").Append($"/projets/{id}/jalon/fundingSecured"))
        {
            var text = await VisibleText.GetAsync(Client, url);
            Code().Match(text).Success.ShouldBeFalse($"{url} shows template code: « {Code().Match(text).Value} »");
        }
    }

    [Fact]
    public async Task the_reports_page_offers_the_analysis_only_to_those_who_may_open_it()
    {
        var id = await RegisterAsync();
        await LogAsync(id, new { type = "projectStopped", occurredOn = App.Today.AddDays(-30).ToString("yyyy-MM-dd"), reasons = new[] { "other" }, otherReason = "fin" });
        using var staff = App.ClientAs(Role.Staff);
        (await staff.GetStringAsync("/rapports")).ShouldNotContain("/analyses?vue=persistence");
        using var analyst = App.ClientAs(Role.Analyst);
        (await analyst.GetStringAsync("/rapports")).ShouldContain("/analyses?vue=persistence");
    }

    [Fact]
    public async Task the_grids_page_says_the_comparison_with_the_threshold_in_french_not_in_the_files_words()
    {
        var text = await VisibleText.GetAsync(Client, "/grilles");
        foreach (var word in new[] { "thresholdComparison", "atOrAbove", "« above »" }) text.ShouldNotContain(word);
        text.ShouldContain("par défaut « au seuil ou au-dessus » (26 compte), « strictement au-dessus du seuil » pour l'autre lecture");
    }

    [GeneratedRegex(@"@\s*(if|foreach|for|switch|while|using|await)\b|@\{|@\(|@Model\b|@Html\.|</?text>")]
    private static partial Regex Code();
}
