using Microsoft.Playwright;

namespace EctLifecycle.BrowserTests;

/// <summary>
/// The reports' page while its report is computed, in the browser: an app of its own that never waits for the report in
/// the view (<c>Reports__WaitAtView</c> at 0), so that the first view is always the page saying the report is being
/// computed; its script asks where the report stands and shows it once ready, without a reload by hand.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ReportsPageWaiting(BrowserFixture browser)
{
    [Fact]
    public async Task the_page_saying_the_report_is_computed_shows_it_by_itself_once_ready()
    {
        await using var app = await AppProcess.StartAsync("ect_browser_waiting", new Dictionary<string, string> { ["Reports__WaitAtView"] = "00:00:00" });
        var page = await browser.SignedInPageAsync("analyste", "demo-analyste-2024", app: app);
        await Evidence.KeepScreenshotOnFailureAsync(page, nameof(the_page_saying_the_report_is_computed_shows_it_by_itself_once_ready), async () =>
        {
            await page.GotoAsync($"/rapports?asOf={SitePages.AsOf}");
            (await page.GetByTestId("report-computing").CountAsync()).ShouldBe(1, "the first view does not wait for the report");
            (await page.GetByRole(AriaRole.Heading, new() { Name = "Le rapport au 30/06/2024 est en cours de calcul" }).CountAsync()).ShouldBe(1);
            var violations = Axe.Describe("/rapports, en cours de calcul", await Axe.SeriousAsync(page, Axe.Wcag21)).ToList();
            violations.ShouldBeEmpty(string.Join('\n', violations));

            // The script, not a person, brings the report (the page's reload without a script comes only after 5 s).
            await page.GetByTestId("report-computed").WaitForAsync(new() { Timeout = 60_000 });
            page.Url.ShouldContain("calcul=");
            (await page.Locator("a[href^='/api/reports/durability/'][href*='format=html']").CountAsync()).ShouldBeGreaterThan(0, "the stopped projects listed");
            // Viewed again, the report kept comes at once.
            await page.GotoAsync($"/rapports?asOf={SitePages.AsOf}");
            (await page.GetByTestId("report-computed").CountAsync()).ShouldBe(1);
        });
    }
}
