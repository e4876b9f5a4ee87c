using System.Diagnostics;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace EctLifecycle.BrowserTests;

/// <summary>Every page on a phone (390 px), for each role; the menu on a phone, and on a laptop (1280 px) for the administrator, who has the longest.</summary>
[Collection(BrowserCollection.Name)]
public class PhoneAndDesktopLayout(BrowserFixture browser, ITestOutputHelper output)
{
    private const string Admin = "admin", AdminPassword = "demo-admin-2024";

    [Theory]
    [InlineData("equipe")]
    [InlineData("analyste")]
    [InlineData("admin")]
    public async Task on_a_phone_no_page_the_role_opens_scrolls_sideways_and_every_chart_fits_its_box(string login)
    {
        var account = DemoAccount.Of(login);
        var clock = Stopwatch.StartNew();
        var page = await browser.SignedInPageAsync(account.Login, account.Password, width: 390, height: 844);
        await Evidence.KeepScreenshotOnFailureAsync(page, $"phone-{login}", async () =>
        {
            var visits = SitePages.For(account, await SitePages.ReadAsync(page, account));
            var charts = 0;
            var found = new List<string>();
            foreach (var visit in visits)
            {
                await SitePages.GoAsync(page, visit);
                await SitePages.OpenEveryDetailAsync(page);
                charts += await FitsAPhoneAsync(page, visit.Name);
                found.AddRange(await Accessibility.PhoneViolationsAsync(page, visit));
            }
            output.WriteLine($"{login}: {visits.Count} pages, {charts} charts checked at 390 px in {clock.Elapsed.TotalSeconds:0.0} s");
            found.ShouldBeEmpty($"axe at 390 px, signed in as {login}:\n{string.Join("\n", found)}");
            // The portfolio, the two projects at two dates and the reports draw charts; the analyses add theirs.
            charts.ShouldBeGreaterThanOrEqualTo(account.Analyses ? 20 : 5);
        });
    }

    /// <summary>The page does not scroll sideways, and each chart shows its one narrow drawing inside its box; how many charts.</summary>
    private static async Task<int> FitsAPhoneAsync(IPage page, string url)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        overflow.ShouldBeLessThanOrEqualTo(0, $"{url} scrolls sideways on a phone");
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
        return boxes.Length;
    }

    [Fact]
    public async Task on_a_phone_the_menu_opens_from_its_button()
    {
        var page = await browser.SignedInPageAsync(Admin, AdminPassword, width: 390, height: 844);
        await Evidence.KeepScreenshotOnFailureAsync(page, nameof(on_a_phone_the_menu_opens_from_its_button), async () =>
        {
            await page.GotoAsync("/");
            // The menu folds behind its button and opens from it.
            var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" });
            var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Menu" });
            (await menu.IsVisibleAsync()).ShouldBeFalse();
            await toggle.ClickAsync();
            (await toggle.GetAttributeAsync("aria-expanded")).ShouldBe("true");
            // The administrator's pages are under « Administration », which opens in the menu's column.
            await menu.GetByText("Administration", new() { Exact = true }).ClickAsync();
            await menu.GetByRole(AriaRole.Link, new() { Name = "Journal" }).ClickAsync();
            await page.WaitForURLAsync(u => u.EndsWith("/journal"));
            (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth")).ShouldBeLessThanOrEqualTo(0);
        });
    }

    [Fact]
    public async Task a_table_wider_than_a_phone_scrolls_in_a_box_the_keyboard_reaches_and_only_there()
    {
        var page = await browser.SignedInPageAsync(Admin, AdminPassword, width: 390, height: 844);
        await page.GotoAsync("/grilles");
        var box = page.Locator(".table-wrap").First;
        (await box.GetAttributeAsync("tabindex")).ShouldBe("0");
        (await box.GetAttributeAsync("role")).ShouldBe("region");
        (await box.GetAttributeAsync("aria-label")).ShouldNotBeNullOrEmpty();
        await box.FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        // The browser scrolls on its next frame, not within the key press: waited for (it failed once under load, read at once).
        await page.WaitForFunctionAsync("() => document.querySelector('.table-wrap').scrollLeft > 0", null, new() { Timeout = 5_000 });
        (await box.EvaluateAsync<double>("b => b.scrollLeft")).ShouldBeGreaterThan(0, "the arrow keys scroll the table");

        await page.SetViewportSizeAsync(1280, 900); // the same page on a laptop: nothing scrolls, nothing to tab through
        await page.WaitForFunctionAsync("() => !document.querySelector('.table-wrap').hasAttribute('tabindex')");
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
                    const nav = document.querySelector('header nav');
                    const links = [...nav.querySelectorAll(':scope > a, :scope > details > summary')];
                    const tops = new Set(links.map(a => Math.round(a.getBoundingClientRect().top)));
                    const right = Math.max(...links.map(a => a.getBoundingClientRect().right));
                    return [links.length, tops.size, nav.scrollWidth - nav.clientWidth, right, window.innerWidth,
                            document.documentElement.scrollWidth - window.innerWidth];
                }
                """);
            menu[0].ShouldBeGreaterThanOrEqualTo(12, "the administrator's entries, « Administration » included");
            menu[1].ShouldBeLessThanOrEqualTo(2, "the menu holds on one or two lines");
            menu[2].ShouldBeLessThanOrEqualTo(0, "nothing overflows the menu");
            menu[3].ShouldBeLessThanOrEqualTo(menu[4]);
            menu[5].ShouldBeLessThanOrEqualTo(0, "the page does not scroll sideways");

            // The hub events are one click away; the four pages of administration two, in a list that stays on the screen.
            var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" });
            await nav.GetByRole(AriaRole.Link, new() { Name = "Événements", Exact = true }).ClickAsync();
            await page.WaitForURLAsync(u => u.EndsWith("/evenements"));
            (await page.GetByRole(AriaRole.Heading, new() { Name = "Événements collectifs du pôle" }).IsVisibleAsync()).ShouldBeTrue();
            await nav.GetByText("Administration", new() { Exact = true }).ClickAsync();
            var journal = nav.GetByRole(AriaRole.Link, new() { Name = "Journal" });
            (await journal.BoundingBoxAsync())!.X.ShouldBeGreaterThanOrEqualTo(0);
            (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth")).ShouldBeLessThanOrEqualTo(0, "the open list does not widen the page");
            await journal.ClickAsync();
            await page.WaitForURLAsync(u => u.EndsWith("/journal"));
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
