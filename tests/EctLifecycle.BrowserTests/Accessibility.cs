using System.Diagnostics;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace EctLifecycle.BrowserTests;

/// <summary>
/// axe-core (WCAG 2.1 A and AA rules) on every page each role opens, their refusals and the error pages included, and on
/// the sign-in page: no violation axe rates serious or critical. A failure lists, for each, the page, the rule, the
/// elements (CSS selectors) and axe's help, so that it can be fixed.
/// </summary>
[Collection(BrowserCollection.Name)]
public class Accessibility(BrowserFixture browser, ITestOutputHelper output)
{
    [Theory]
    [InlineData("equipe")]
    [InlineData("analyste")]
    [InlineData("admin")]
    public async Task axe_finds_no_serious_or_critical_violation_on_any_page_the_role_opens(string login)
    {
        var account = DemoAccount.Of(login);
        var clock = Stopwatch.StartNew();
        var page = await browser.SignedInPageAsync(account.Login, account.Password);
        await Evidence.KeepScreenshotOnFailureAsync(page, $"axe-{login}", async () =>
        {
            var visits = SitePages.For(account, await SitePages.ReadAsync(page, account));
            await page.GotoAsync("/");
            var menu = await page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" }).Locator("a")
                .EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
            menu.Where(m => !visits.Any(v => v.Url.Split('?')[0] == m)).ShouldBeEmpty("every entry of the role's menu is walked");

            var found = new List<string>();
            foreach (var visit in visits) found.AddRange(await ViolationsAsync(page, visit));
            output.WriteLine($"{login}: {visits.Count} pages checked by axe in {clock.Elapsed.TotalSeconds:0.0} s (loading {_loading.Elapsed.TotalSeconds:0.0} s, axe {_axe.Elapsed.TotalSeconds:0.0} s)");
            found.ShouldBeEmpty($"axe, signed in as {login}:\n{string.Join("\n", found)}");
        });
    }

    [Fact]
    public async Task axe_finds_no_serious_or_critical_violation_on_the_pages_read_signed_out()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.App.BaseUrl.ToString(), Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        var found = new List<string>();
        foreach (var visit in SitePages.SignedOut()) found.AddRange(await ViolationsAsync(page, visit));
        found.ShouldBeEmpty(string.Join("\n", found));
        await context.DisposeAsync();
    }

    [Fact]
    public void every_razor_page_of_the_app_is_walked_by_some_role_or_signed_out()
    {
        SitePages.Routes().Count.ShouldBeGreaterThan(15, "the pages are read from src/EctLifecycle/Pages");
        // The lists' shapes do not depend on the demo's values: a stand-in demo with one of each is enough.
        var project = $"/projets/{Guid.NewGuid()}";
        var demo = new SitePages.Demo([project, project], $"/api/reports/durability/{Guid.NewGuid()}?format=html", ["note"], ["/analyses?vue=distribution"])
            { Actor = $"/acteurs/{Guid.NewGuid()}" };
        var visits = new[] { DemoAccount.Equipe, DemoAccount.Analyste, DemoAccount.Admin }.SelectMany(a => SitePages.For(a, demo)).Concat(SitePages.SignedOut());
        SitePages.Uncovered(visits).ShouldBeEmpty("a page no test walks: add it to SitePages.For");
    }

    [Fact]
    public void a_page_added_to_the_app_and_walked_by_nobody_is_found()
    {
        var visits = new Visit[] { new("/nulle-part", 404, Shows: "/erreur/{code:int}"), new($"/projets/{Guid.NewGuid()}/jalon", 200) };
        var uncovered = SitePages.Uncovered(visits);
        uncovered.ShouldContain("/connexion");
        uncovered.ShouldContain("/projets/{id:guid}");
        uncovered.ShouldNotContain("/erreur/{code:int}", "shown by the unknown address");
        uncovered.ShouldNotContain("/projets/{id:guid}/jalon/{type?}", "its type is optional");
        uncovered.ShouldNotContain("/deconnexion", "not a page");
    }

    [Fact]
    public async Task a_violation_planted_in_a_page_is_reported_with_its_page_rule_element_and_help()
    {
        var page = await browser.SignedInPageAsync(DemoAccount.Equipe.Login, DemoAccount.Equipe.Password);
        await page.GotoAsync("/grilles");
        // Under the app's Content-Security-Policy, as the pages are checked: a button without a name, an image without text.
        await page.EvaluateAsync("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<button id=planted-button></button><img id=planted-image src=/favicon.ico>')");
        var found = Axe.Describe("/grilles", await Axe.SeriousAsync(page, Axe.Wcag21)).ToList();
        found.ShouldContain(f => f.StartsWith("/grilles — button-name (critical)") && f.Contains("#planted-button") && f.Contains("dequeuniversity.com"));
        found.ShouldContain(f => f.StartsWith("/grilles — image-alt (critical)") && f.Contains("#planted-image"));
        found.Count.ShouldBe(2, string.Join("\n", found));
    }

    private readonly Stopwatch _loading = new(), _axe = new();

    private async Task<IEnumerable<string>> ViolationsAsync(IPage page, Visit visit)
    {
        _loading.Start();
        await SitePages.GoAsync(page, visit);
        await SitePages.OpenEveryDetailAsync(page);
        _loading.Stop();
        _axe.Start();
        var found = await Axe.SeriousAsync(page, Axe.Wcag21);
        _axe.Stop();
        return Axe.Describe(visit.Name, found);
    }

    /// <summary>
    /// The rules whose verdict changes with the width, for the walk at 390 px (all of them run at 1280): a table that
    /// scrolls inside its box, the page's zoom. Not the contrast, the slowest rule (the three walks took 140 s with it, 80 s
    /// without, here): the narrow layout keeps the colours and backgrounds of the wide one.
    /// </summary>
    private static readonly object WidthRules = new { type = "rule", values = new[] { "scrollable-region-focusable", "meta-viewport" } };

    public static async Task<IEnumerable<string>> PhoneViolationsAsync(IPage page, Visit visit) =>
        Axe.Describe($"{visit.Name} at 390 px", await Axe.SeriousAsync(page, WidthRules));
}
