using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace EctLifecycle.BrowserTests;

/// <summary>The staff's main pages over the demo portfolio, as a person reads them: no ids, no API words; errors where one looks.</summary>
[Collection(BrowserCollection.Name)]
public partial class StaffScreens(BrowserFixture browser)
{
    private const string Admin = "admin", AdminPassword = "demo-admin-2024";

    /// <summary>
    /// The API's names of the lists' values, milestone types, criteria and pillars, and the roles: none of them is French,
    /// so none should be read on a page (those that are also French words, « association », « absent », are left out).
    /// </summary>
    private static readonly string[] WireWords =
    [
        "nationalProgramme", "localProgramme", "personalTrigger", "structureNeed", "animator", "publicBody", "company", "farmer",
        "inhabitant", "supportStructure", "researchBody", "initiator", "carrier", "partner", "funder", "beneficiariesRepresentative",
        "remainsIdea", "extensionOfExistingStructure", "newLegalEntity", "associationPlusSas", "publicSubsidy", "callForProjects",
        "sales", "memberships", "donations", "loan", "volunteeringInKind", "privateFoundation", "fundingLostOrEnded", "carrierLeft",
        "cooperationFaded", "noAppropriation", "goalReached", "mergedIntoAnotherProject", "regulatoryObstacle", "followUp",
        "tryToRevive", "capitaliseLessons", "idea", "structuring", "operating", "paused", "stopped",
        "projectRegistered", "actorJoined", "actorLeft", "carrierIdentified", "carrierLost", "carryingHandedOver",
        "structuringPathChosen", "legalFormAdopted", "fundingSecured", "fundingEnded", "accompanimentStarted", "accompanimentEnded",
        "externalExpertiseSought", "criteriaAssessed", "projectPaused", "projectResumed", "projectStopped", "followUpObserved",
        "naturalPersonMarked", "retraction", "cooperation-alive", "collective-ownership", "territorial-anchoring",
        "hybrid-economic-model", "territorial-resilience", "Staff", "Analyst", "Admin", "true", "false", "null",
    ];

    [Fact]
    public async Task the_main_staff_pages_of_the_demo_show_no_id_and_no_api_word()
    {
        var page = await browser.SignedInPageAsync(Admin, AdminPassword);
        await Evidence.KeepScreenshotOnFailureAsync(page, nameof(the_main_staff_pages_of_the_demo_show_no_id_and_no_api_word), async () =>
        {
            await page.GotoAsync("/");
            var projects = (await page.Locator("#projects ~ div a[href^='/projets/'], section[aria-labelledby=projects] a[href^='/projets/']")
                    .EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
                .Distinct().Take(6).ToList();
            projects.Count.ShouldBeGreaterThan(3, "the demo's projects are listed");
            var urls = new List<string> { "/", "/?q=a", "/projets/nouveau", "/import", "/rapports", "/compte", "/utilisateurs", "/journal", "/personnes", "/grilles" };
            foreach (var p in projects) urls.AddRange([p, $"{p}?asOf=2020-01-01", $"{p}/evaluation", $"{p}/jalon/actorJoined", $"{p}/jalon/projectStopped"]);

            var found = new List<string>();
            foreach (var url in urls)
            {
                var response = await page.GotoAsync(url);
                response!.Status.ShouldBe(200, url);
                // What a person can read, closed details and lists' options included; <code> is text to type (a criterion's
                // code in the import's files, a token), not prose.
                var text = await page.EvaluateAsync<string>(
                    "() => { const b = document.body.cloneNode(true); b.querySelectorAll('code, script, style').forEach(e => e.remove()); return b.textContent; }");
                found.AddRange(Guid().Matches(text).Select(m => $"{url}: id {m.Value}"));
                found.AddRange(WireWords.Where(w => Regex.IsMatch(text, $@"(?<![\p{{L}}\-]){Regex.Escape(w)}(?![\p{{L}}\-])")).Select(w => $"{url}: « {w} »"));
            }
            found.ShouldBeEmpty();
        });
    }

    [Fact]
    public async Task after_a_refused_submit_the_error_summary_is_in_view_and_the_first_field_in_error_has_the_focus()
    {
        var page = await browser.SignedInPageAsync(Admin, AdminPassword, height: 600);
        await Evidence.KeepScreenshotOnFailureAsync(page, nameof(after_a_refused_submit_the_error_summary_is_in_view_and_the_first_field_in_error_has_the_focus), async () =>
        {
            await page.GotoAsync("/");
            var project = await page.Locator("section[aria-labelledby=projects] a[href^='/projets/']").First.GetAttributeAsync("href");
            await page.GotoAsync($"{project}/jalon/actorJoined");
            await page.GetByLabel("Date du fait").FillAsync("2999-01-01");
            await page.GetByLabel("Nom de l'acteur").FillAsync("Ferme des Tilleuls");
            await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
            await page.WaitForLoadStateAsync();

            (await page.GetByRole(AriaRole.Alert).First.InnerTextAsync()).ShouldContain("Rien n'a été enregistré");
            var focused = await page.EvaluateAsync<string>("() => document.activeElement.id");
            focused.ShouldBe("f-occurredOn", "the first field in error");
            var summaryTop = await page.EvaluateAsync<double>("() => document.querySelector('.error-summary').getBoundingClientRect().top");
            summaryTop.ShouldBeInRange(-1, 600, "the error summary is in view (scrolled to its top, to the subpixel)");
        });
    }

    [Fact]
    public async Task a_note_is_entered_with_the_keyboard_alone_its_error_corrected_in_place()
    {
        var page = await browser.SignedInPageAsync(Admin, AdminPassword);
        await Evidence.KeepScreenshotOnFailureAsync(page, nameof(a_note_is_entered_with_the_keyboard_alone_its_error_corrected_in_place), async () =>
        {
            await page.GotoAsync("/");
            var project = await page.Locator("section[aria-labelledby=projects] a[href^='/projets/']").First.GetAttributeAsync("href");
            await page.GotoAsync($"{project}/jalon/note");
            // From the top of the page, Tab alone reaches the date (through the menu, once).
            for (var i = 0; i < 80 && await ActiveIdAsync(page) != "f-occurredOn"; i++) await page.Keyboard.PressAsync("Tab");
            (await ActiveIdAsync(page)).ShouldBe("f-occurredOn", "Tab reaches the form's first field");
            await page.Keyboard.TypeAsync("01012999"); // jj mm aaaa, in the future: refused
            // Tab leaves the date through its calendar button.
            for (var i = 0; i < 4 && await ActiveIdAsync(page) != "f-text"; i++) await page.Keyboard.PressAsync("Tab");
            (await ActiveIdAsync(page)).ShouldBe("f-text");
            await page.Keyboard.TypeAsync("Saisie au clavier seul");
            await TabToAsync(page, "Enregistrer");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForLoadStateAsync();

            (await page.GetByRole(AriaRole.Alert).First.InnerTextAsync()).ShouldContain("Rien n'a été enregistré");
            (await ActiveIdAsync(page)).ShouldBe("f-occurredOn", "the focus is on the field to correct");
            await page.Keyboard.TypeAsync("01052024"); // after every demo project's emergence (the last is in 2024-03)
            await TabToAsync(page, "Enregistrer");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync(url => !url.Contains("/jalon/"));
            (await page.Locator("body").InnerTextAsync()).ShouldContain("Saisie au clavier seul");
        });
    }

    private static Task<string> ActiveIdAsync(IPage page) => page.EvaluateAsync<string>("() => document.activeElement ? document.activeElement.id : ''");

    /// <summary>Presses Tab until the button named <paramref name="name"/> has the focus.</summary>
    private static async Task TabToAsync(IPage page, string name)
    {
        for (var i = 0; i < 20; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string>("() => document.activeElement ? document.activeElement.textContent.trim() : ''") == name) return;
        }
        throw new Xunit.Sdk.XunitException($"Tab never reached « {name} »");
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();
}
