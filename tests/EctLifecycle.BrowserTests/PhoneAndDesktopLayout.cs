using Microsoft.Playwright;

namespace EctLifecycle.BrowserTests;

/// <summary>The pages on a phone (390 px) and a laptop (1280 px), signed in as the administrator, who has the longest menu.</summary>
[Collection(BrowserCollection.Name)]
public class PhoneAndDesktopLayout(BrowserFixture browser)
{
    private const string Admin = "admin", AdminPassword = "demo-admin-2024";

    private static string[] Pages(string project) =>
    [
        "/", project, $"{project}?asOf=2021-06-30", $"{project}/jalon/actorJoined", $"{project}/evaluation",
        "/analyses?vue=distribution&asOf=2024-06-30", "/analyses?vue=compare&with=v2&asOf=2024-06-30", "/analyses?vue=sample&asOf=2024-06-30",
        "/analyses?vue=cohorts&asOf=2024-06-30", "/analyses?vue=aligned&on=hubSupportEnded&asOf=2024-06-30",
        "/rapports?asOf=2024-06-30", "/import", "/exports", "/grilles", "/utilisateurs", "/personnes", "/effacements", "/journal", "/compte",
    ];

    [Fact]
    public async Task on_a_phone_no_page_scrolls_sideways_every_chart_fits_its_box_and_the_menu_opens_from_its_button()
    {
        var page = await browser.SignedInPageAsync(Admin, AdminPassword, width: 390, height: 844);
        await Evidence.KeepScreenshotOnFailureAsync(page, nameof(on_a_phone_no_page_scrolls_sideways_every_chart_fits_its_box_and_the_menu_opens_from_its_button), async () =>
        {
            await page.GotoAsync("/");
            var project = (await page.Locator("table a[href^='/projets/']").First.GetAttributeAsync("href"))!;
            var charts = 0;
            foreach (var url in Pages(project))
            {
                var response = await page.GotoAsync(url);
                response!.Status.ShouldBe(200, url);
                var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
                overflow.ShouldBeLessThanOrEqualTo(0, $"{url} scrolls sideways on a phone");

                // Each chart shows one drawing (the narrow one), no wider than its box nor the screen.
                var boxes = await page.EvaluateAsync<double[][]>("""
                    () => [...document.querySelectorAll('figure.chart')].map(f => {
                        const shown = [...f.querySelectorAll(':scope > svg')].filter(s => getComputedStyle(s).display !== 'none');
                        const s = shown[0].getBoundingClientRect(), b = f.getBoundingClientRect();
                        return [shown.length, s.width, b.width, s.right, window.innerWidth, shown[0].viewBox.baseVal.width];
                    })
                    """);
                foreach (var box in boxes)
                {
                    box[0].ShouldBe(1, $"{url}: one drawing of a chart is shown");
                    box[1].ShouldBeLessThanOrEqualTo(box[2] + 0.5, $"{url}: a chart is wider than its box");
                    box[3].ShouldBeLessThanOrEqualTo(box[4], $"{url}: a chart runs off the screen");
                    box[1].ShouldBeGreaterThan(300, $"{url}: a chart takes the width of the phone");
                    box[5].ShouldBeLessThan(500, $"{url}: the narrow drawing is shown, its text at a readable size");
                }
                charts += boxes.Length;
            }
            charts.ShouldBeGreaterThanOrEqualTo(8, "the portfolio, the project, five analyses and the reports each draw a chart");

            // The menu folds behind its button and opens from it.
            var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" });
            var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Menu" });
            (await menu.IsVisibleAsync()).ShouldBeFalse();
            await toggle.ClickAsync();
            (await toggle.GetAttributeAsync("aria-expanded")).ShouldBe("true");
            await menu.GetByRole(AriaRole.Link, new() { Name = "Journal" }).ClickAsync();
            await page.WaitForURLAsync(u => u.EndsWith("/journal"));
            (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth")).ShouldBeLessThanOrEqualTo(0);
        });
    }

    [Fact]
    public async Task on_a_laptop_the_administrators_menu_holds_on_two_lines_at_most_without_overflow()
    {
        var page = await browser.SignedInPageAsync(Admin, AdminPassword, width: 1280, height: 800);
        await Evidence.KeepScreenshotOnFailureAsync(page, nameof(on_a_laptop_the_administrators_menu_holds_on_two_lines_at_most_without_overflow), async () =>
        {
            await page.GotoAsync("/");
            (await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).IsVisibleAsync()).ShouldBeFalse("no folded menu on a laptop");
            var menu = await page.EvaluateAsync<double[]>("""
                () => {
                    const nav = document.querySelector('header nav'), links = [...nav.querySelectorAll('a')];
                    const tops = new Set(links.map(a => Math.round(a.getBoundingClientRect().top)));
                    const right = Math.max(...links.map(a => a.getBoundingClientRect().right));
                    return [links.length, tops.size, nav.scrollWidth - nav.clientWidth, right, window.innerWidth,
                            document.documentElement.scrollWidth - window.innerWidth];
                }
                """);
            menu[0].ShouldBeGreaterThanOrEqualTo(10, "the administrator's entries, the four of administration included");
            menu[1].ShouldBeLessThanOrEqualTo(2, "the menu holds on one or two lines");
            menu[2].ShouldBeLessThanOrEqualTo(0, "nothing overflows the menu");
            menu[3].ShouldBeLessThanOrEqualTo(menu[4]);
            menu[5].ShouldBeLessThanOrEqualTo(0, "the page does not scroll sideways");
        });
    }

    [Fact]
    public async Task a_project_seen_at_a_past_date_marks_that_date_on_its_drift_chart()
    {
        var page = await browser.SignedInPageAsync(Admin, AdminPassword);
        await page.GotoAsync("/");
        var project = (await page.Locator("table a[href^='/projets/']").First.GetAttributeAsync("href"))!;
        await page.GotoAsync($"{project}?asOf=2021-06-30");
        var chart = page.GetByTestId("drift-chart");
        (await chart.Locator(".chart-legend").InnerTextAsync()).ShouldContain("Date à laquelle le projet est vu (30/06/2021)");
        (await chart.Locator("figcaption").InnerTextAsync()).ShouldContain("30/06/2021");
        await page.GotoAsync(project);
        (await chart.Locator(".chart-legend").InnerTextAsync()).ShouldNotContain("Date à laquelle le projet est vu");
    }
}
