using EctLifecycle.TestSupport;
using Microsoft.Playwright;

namespace EctLifecycle.BrowserTests;

/// <summary>
/// The main pages pictured on the demo portfolio, at desktop and tablet width: under TestResults/screenshots (ignored by
/// git) in every test run, so that tests leave the checkout as they found it; into the README's docs/screenshots only when
/// ECT_SCREENSHOTS_DIR says so, which deploy/screenshots does.
/// </summary>
[Collection(BrowserCollection.Name)]
public class PageScreenshots(BrowserFixture browser)
{
    public const string FolderVariable = "ECT_SCREENSHOTS_DIR";

    private static string Folder => Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } folder
        ? Path.GetFullPath(folder)
        : Path.Combine(BuiltApp.RepositoryRoot(), "TestResults", "screenshots");

    [Fact]
    public async Task the_main_pages_render_and_are_pictured_for_the_readme()
    {
        Directory.CreateDirectory(Folder);
        var page = await browser.SignedInPageAsync("admin", "demo-admin-2024");
        await Evidence.KeepScreenshotOnFailureAsync(page, nameof(the_main_pages_render_and_are_pictured_for_the_readme), async () =>
        {
            await ShootAsync(page, "/", "portefeuille", "Portefeuille");
            var firstProject = await page.Locator("table a[href^='/projets/']").First.GetAttributeAsync("href");
            await ShootAsync(page, firstProject!, "projet", "Fiche au");
            await ShootAsync(page, $"{firstProject}/jalon/fundingSecured", "jalon", "Financement obtenu");
            await ShootAsync(page, $"{firstProject}/evaluation", "evaluation", "Évaluer les critères");
            await ShootAsync(page, "/analyses?vue=aligned&on=hubSupportEnded&asOf=2024-06-30", "analyses", "Analyses");
            await ShootAsync(page, "/rapports?asOf=2024-06-30", "rapports", "Rapports de durabilité");
            await ShootAsync(page, "/import", "import", "Import du tableur");
            await ShootAsync(page, "/grilles", "grilles", "Grilles ECT");
        });
    }

    [Fact]
    public async Task pages_fit_a_tablet_without_sideways_scrolling()
    {
        var page = await browser.SignedInPageAsync("equipe", "demo-equipe-2024", width: 820, height: 1180);
        await Evidence.KeepScreenshotOnFailureAsync(page, nameof(pages_fit_a_tablet_without_sideways_scrolling), async () =>
        {
            await page.GotoAsync("/");
            var firstProject = await page.Locator("table a[href^='/projets/']").First.GetAttributeAsync("href");
            foreach (var url in new[] { "/", firstProject!, $"{firstProject}/jalon/actorJoined" })
            {
                await page.GotoAsync(url);
                var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
                overflow.ShouldBeLessThanOrEqualTo(0, $"{url} scrolls sideways at tablet width");
            }
            await page.GotoAsync(firstProject!);
            Directory.CreateDirectory(Folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, "projet-tablette.png") });
        });
    }

    private static async Task ShootAsync(IPage page, string url, string name, string expectedHeading)
    {
        var response = await page.GotoAsync(url);
        response!.Status.ShouldBe(200, url);
        (await page.Locator("h1, h2").AllInnerTextsAsync()).ShouldContain(h => h.Contains(expectedHeading), url);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, $"{name}.png"), FullPage = false });
    }
}
