using Microsoft.Playwright;

namespace EctLifecycle.BrowserTests;

/// <summary>
/// An analysis slow to come (one over the whole portfolio waits its turn behind another): once asked, the page says in its
/// status box that it is being computed, with a progress bar, until the next page comes. The wait is made here by holding
/// the request back in the browser.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ComputingNotice(BrowserFixture browser)
{
    private const string Said = "Calcul en cours";

    [Fact]
    public async Task an_analysis_slow_to_come_says_it_is_being_computed_until_it_shows()
    {
        var page = await browser.SignedInPageAsync("analyste", "demo-analyste-2024");
        await Evidence.KeepScreenshotOnFailureAsync(page, nameof(an_analysis_slow_to_come_says_it_is_being_computed_until_it_shows), async () =>
        {
            await page.GotoAsync($"/analyses?asOf={SitePages.AsOf}");
            var notice = page.GetByTestId("computing-notice");
            (await notice.InnerTextAsync()).ShouldBeEmpty("nothing said before anything is asked");
            // Playwright reads a page only once the navigation under way has ended: what the page said while it waited is
            // written down by the page itself, in the tab's session storage, which the next page of the tab reads back.
            await page.EvaluateAsync("""
                () => {
                    const box = document.querySelector('[data-computing-notice]');
                    new MutationObserver(() => sessionStorage.setItem('notice', box.textContent + '|' + box.querySelectorAll('progress').length))
                        .observe(box, { childList: true, subtree: true });
                }
                """);
            // The typology held back 2.5 s on its way, as behind another computation's turn.
            await page.RouteAsync("**/analyses?vue=typology*", async route =>
            {
                await Task.Delay(2500);
                await route.ContinueAsync();
            });
            await page.GetByRole(AriaRole.Link, new() { Name = "Typologie", Exact = true }).ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("vue=typology"));
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Typologie", Exact = true })).ToHaveAttributeAsync("aria-current", "page");
            var said = await page.EvaluateAsync<string?>("() => sessionStorage.getItem('notice')");
            said.ShouldNotBeNull("the page said nothing while the analysis was on its way");
            said.ShouldStartWith(Said);
            said.ShouldContain("peut attendre la fin d'un autre calcul");
            said.ShouldEndWith("|1", Case.Sensitive, "with its progress bar");
            (await page.GetByTestId("computing-notice").InnerTextAsync()).ShouldBeEmpty("the analysis shown, nothing left to say");

            // The notice as it shows, for the accessibility check: a change of the form's date kept from leaving the page.
            await page.EvaluateAsync("() => document.querySelector('form[data-computing]').addEventListener('submit', e => e.preventDefault())");
            await page.GetByRole(AriaRole.Button, new() { Name = "Afficher" }).ClickAsync();
            await Assertions.Expect(notice).ToContainTextAsync(Said, new() { Timeout = 10_000 });
            var violations = Axe.Describe("/analyses, calcul en cours", await Axe.SeriousAsync(page, Axe.Wcag21)).ToList();
            violations.ShouldBeEmpty(string.Join('\n', violations));
        });
    }
}
