using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace EctLifecycle.BrowserTests;

/// <summary>A member of staff's afternoon, in a real Chromium: the project, its milestones, a mistake, a correction.</summary>
[Collection(BrowserCollection.Name)]
public class StaffJourney(BrowserFixture browser)
{
    private const string Admin = "admin", AdminPassword = "demo-admin-2024";

    [Fact]
    public async Task staff_register_a_project_log_milestones_see_it_change_fix_a_mistake_and_look_back()
    {
        var page = await browser.SignedInPageAsync(Admin, AdminPassword);
        await Evidence.KeepScreenshotOnFailureAsync(page, nameof(staff_register_a_project_log_milestones_see_it_change_fix_a_mistake_and_look_back), async () =>
        {
            // Register the project.
            await page.GotoAsync("/projets/nouveau");
            await page.GetByLabel("Nom du projet").FillAsync("Recyclerie des Quatre Vents");
            await page.GetByLabel("Secteur").FillAsync("économie circulaire");
            await page.GetByLabel("Commune").FillAsync("Valfleuri");
            await page.GetByLabel("Résumé").FillAsync("Une recyclerie portée par des habitants et la commune.");
            await page.GetByLabel("Date d'émergence de l'idée").FillAsync("2019-03-01");
            await page.GetByLabel("Cadre d'émergence").SelectOptionAsync(new SelectOptionValue { Label = "Déclic personnel" });
            await page.GetByLabel("Rôle du pôle à l'émergence").SelectOptionAsync(new SelectOptionValue { Label = "Animateur" });
            await page.GetByLabel("Inspiré d'un autre territoire ?").SelectOptionAsync("non");
            await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le projet" }).ClickAsync();
            await page.WaitForURLAsync(new Regex("/projets/[0-9a-f-]{36}$"));
            var projectUrl = page.Url;
            (await page.GetByTestId("stage").InnerTextAsync()).ShouldBe("Idée");
            var chartBefore = await page.GetByTestId("drift-chart").InnerHTMLAsync();

            // Three kinds of milestone.
            await LogAsync(page, projectUrl, "Arrivée d'un acteur", async () =>
            {
                await page.GetByLabel("Date du fait").FillAsync("2019-04-01");
                await page.GetByLabel("Nom de l'acteur").FillAsync("Commune de Valfleuri");
                // The « personne physique » box follows the kind (ticked for an inhabitant) until it is ticked by hand.
                var person = page.GetByLabel("personne physique", new() { Exact = true });
                await page.GetByLabel("Type d'acteur").SelectOptionAsync(new SelectOptionValue { Label = "Habitant" });
                (await person.IsCheckedAsync()).ShouldBeTrue();
                await page.GetByLabel("Type d'acteur").SelectOptionAsync(new SelectOptionValue { Label = "Collectivité / organisme public" });
                (await person.IsCheckedAsync()).ShouldBeFalse();
                await page.GetByLabel("Acteur du territoire ?").SelectOptionAsync("oui");
                await page.GetByLabel("Rôle dans le projet").SelectOptionAsync(new SelectOptionValue { Label = "Partenaire" });
            });
            (await page.GetByTestId("active-actors").InnerTextAsync()).ShouldBe("1");
            await LogAsync(page, projectUrl, "Porteur identifié", async () =>
            {
                await page.GetByLabel("Date du fait").FillAsync("2019-05-01");
                await page.GetByLabel("Nom du porteur").FillAsync("Inès B.");
                await page.GetByLabel("personne physique", new() { Exact = true }).CheckAsync();
            });
            (await page.GetByTestId("carrier").InnerTextAsync()).ShouldStartWith("Inès B. (personne physique)");
            await LogAsync(page, projectUrl, "Forme juridique adoptée", async () =>
            {
                await page.GetByLabel("Date du fait").FillAsync("2020-01-15");
                await page.GetByLabel("Forme juridique").SelectOptionAsync(new SelectOptionValue { Label = "Association" });
                await page.GetByLabel("Dans l'ESS ?").SelectOptionAsync("oui");
            });
            (await page.GetByTestId("stage").InnerTextAsync()).ShouldBe("Structuration");
            (await page.GetByTestId("legal-form").InnerTextAsync()).ShouldStartWith("Association");
            (await page.GetByTestId("drift-chart").InnerHTMLAsync()).ShouldNotBe(chartBefore, "the drift chart follows the milestones");
            var entries = await page.GetByTestId("timeline-entry").CountAsync();

            // A bad date gets a French error next to the field, and nothing is saved.
            await page.GotoAsync($"{projectUrl}/jalon/note");
            await page.GetByLabel("Date du fait").FillAsync("2999-01-01");
            await page.GetByLabel("Texte").FillAsync("Réunion de bilan");
            await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
            (await page.Locator("#f-occurredOn-error").InnerTextAsync()).ShouldContain("ne peut pas être dans le futur");
            (await page.GetByRole(AriaRole.Alert).InnerTextAsync()).ShouldContain("Rien n'a été enregistré");
            await page.GotoAsync(projectUrl);
            (await page.GetByTestId("timeline-entry").CountAsync()).ShouldBe(entries);

            // Retract the carrier logged by mistake: it stays in the journey, struck through, and counts no more.
            var carrierEntry = page.GetByTestId("timeline-entry").Filter(new() { HasText = "Inès B." });
            await carrierEntry.Locator("summary").ClickAsync();
            await carrierEntry.GetByLabel("Raison du retrait").FillAsync("porteur saisi sur le mauvais projet");
            page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
            await carrierEntry.GetByRole(AriaRole.Button, new() { Name = "Retirer" }).ClickAsync();
            await page.WaitForURLAsync(projectUrl);
            (await page.GetByTestId("carrier").InnerTextAsync()).ShouldBe("aucun porteur identifié");
            (await page.GetByTestId("timeline-entry").Filter(new() { HasText = "Inès B." }).GetAttributeAsync("class")).ShouldBe("retracted");

            // The project as it stood on an earlier date.
            await page.GetByLabel("Voir le projet au").FillAsync("2019-04-15");
            await page.GetByRole(AriaRole.Button, new() { Name = "Afficher" }).ClickAsync();
            await page.WaitForURLAsync(new Regex("asOf=2019-04-15"));
            (await page.GetByTestId("stage").InnerTextAsync()).ShouldBe("Idée");
            (await page.GetByTestId("active-actors").InnerTextAsync()).ShouldBe("1");
            (await page.GetByTestId("legal-form").InnerTextAsync()).ShouldBe("aucune");

            // Signing out (an anti-forgery-protected form) ends the session.
            await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
            await page.WaitForURLAsync(new Regex("/connexion"));
            await page.GotoAsync(projectUrl);
            page.Url.ShouldContain("/connexion");
        });
    }

    [Fact]
    public async Task an_analyst_downloads_the_durability_report_and_a_table()
    {
        var page = await browser.SignedInPageAsync("analyste", "demo-analyste-2024");
        await Evidence.KeepScreenshotOnFailureAsync(page, nameof(an_analyst_downloads_the_durability_report_and_a_table), async () =>
        {
            await page.GotoAsync("/rapports?asOf=2024-06-30");
            (await page.Locator("h2").AllInnerTextsAsync()).ShouldContain(h => h.StartsWith("Projets à surveiller"));
            var pdf = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "PDF" }).First.ClickAsync());
            var bytes = await File.ReadAllBytesAsync((await pdf.PathAsync())!);
            System.Text.Encoding.ASCII.GetString(bytes, 0, 5).ShouldBe("%PDF-");
            bytes.Length.ShouldBeGreaterThan(10_000);

            await page.GotoAsync("/analyses?vue=sample&asOf=2024-06-30");
            var download = await page.RunAndWaitForDownloadAsync(() =>
                page.GetByRole(AriaRole.Link, new() { Name = "Télécharger en CSV (format long, pour R ou pandas)" }).ClickAsync());
            var path = await download.PathAsync();
            var lines = await File.ReadAllLinesAsync(path!);
            lines[0].ShouldBe("subject,date,measure,value,libelle");
            lines.ShouldContain("portfolio,2024-06-30,selected,10,Portefeuille · Projets retenus pour l'échantillon");

            // « Deux grilles » from the menu, then « Afficher » without a change: the same analysis, and its CSV downloads.
            await page.GetByRole(AriaRole.Link, new() { Name = "Deux grilles" }).ClickAsync();
            var shown = await page.GetByTestId("analysis-shown").InnerTextAsync();
            shown.ShouldContain("comparée à la grille v2");
            await page.GetByRole(AriaRole.Button, new() { Name = "Afficher" }).ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("with=v2"));
            (await page.GetByTestId("analysis-shown").InnerTextAsync()).ShouldBe(shown);
            var compare = await page.RunAndWaitForDownloadAsync(() =>
                page.GetByRole(AriaRole.Link, new() { Name = "Télécharger en CSV (format long, pour R ou pandas)" }).ClickAsync());
            (await File.ReadAllLinesAsync((await compare.PathAsync())!))[0].ShouldBe("subject,date,measure,value,libelle");
        });
    }

    private static async Task LogAsync(IPage page, string projectUrl, string kind, Func<Task> fill)
    {
        await page.GotoAsync(projectUrl);
        await page.GetByRole(AriaRole.Link, new() { Name = "Consigner un jalon" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = kind }).ClickAsync();
        await fill();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await page.WaitForURLAsync(projectUrl);
        (await page.GetByRole(AriaRole.Status).First.InnerTextAsync()).ShouldContain("enregistré");
    }
}
