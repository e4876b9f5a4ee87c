using System.Text;
using Microsoft.Playwright;

namespace EctLifecycle.BrowserTests;

/// <summary>
/// The import page followed in the browser: the file sent by the page's script, the bar fed by the upload and then by
/// the server's steps, the button disabled meanwhile, then the result in place, on the same page. A dry run, so that
/// the demo portfolio the other browser tests read stays as it is.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ImportProgressScreen(BrowserFixture browser)
{
    private const int Projects = 2000;
    private static readonly string Count = Projects.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"));

    private static byte[] Zip()
    {
        var csv = new StringBuilder("clé;nom;secteur;commune;résumé;date d'émergence;cadre d'émergence;rôle du pôle;inspiré d'un autre territoire\n");
        for (var i = 1; i <= Projects; i++)
            csv.Append($"IMPORT-{i:0000};Projet importé {i};alimentation;Valfleuri;Épicerie;2016-03-01;Besoin d'une structure;Animateur;oui\n");
        var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(zip.CreateEntry("projects.csv").Open(), new UTF8Encoding(false)))
            writer.Write(csv.ToString());
        return buffer.ToArray();
    }

    // What the page showed while it worked, change by change (set by the test through the browser's debugging protocol,
    // which the page's Content-Security-Policy does not govern).
    private const string Watch = """
        () => {
            window.seen = [];
            const push = v => { if (window.seen[window.seen.length - 1] !== v) window.seen.push(v); };
            window.stayed = true;
            const button = document.getElementById('import-submit');
            const text = document.getElementById('import-progress-text');
            const box = document.getElementById('import-progress');
            const bar = document.getElementById('import-progress-bar');
            new MutationObserver(records => {
                for (const r of records) {
                    if (r.target === button || button.contains(r.target))
                        push('button:' + (button.disabled ? 'disabled' : 'enabled') + ':' + button.textContent);
                    else if (r.target === text)
                        for (const n of r.addedNodes) push('text:' + n.textContent + ':' + bar.value);
                    else if (r.target === box) push('bar:' + (box.hidden ? 'hidden' : 'shown'));
                }
            }).observe(document.getElementById('contenu'), { subtree: true, childList: true, attributes: true, characterData: true });
        }
        """;

    [Fact]
    public async Task a_file_uploaded_shows_the_progress_with_the_button_disabled_then_the_result_on_the_same_page()
    {
        var page = await browser.SignedInPageAsync("equipe", "demo-equipe-2024");
        await Evidence.KeepScreenshotOnFailureAsync(page, nameof(a_file_uploaded_shows_the_progress_with_the_button_disabled_then_the_result_on_the_same_page), async () =>
        {
            await page.GotoAsync("/import");
            await Assertions.Expect(page.Locator("#import-progress")).ToBeHiddenAsync();
            await page.GetByLabel("Fichier (.xlsx ou .zip de CSV)").SetInputFilesAsync(new FilePayload
            {
                Name = "portefeuille.zip", MimeType = "application/zip", Buffer = Zip(),
            });
            await page.GetByLabel("Vérifier seulement (rien n'est écrit)").CheckAsync();
            await page.EvaluateAsync(Watch);

            await page.GetByRole(AriaRole.Button, new() { Name = "Importer" }).ClickAsync();

            var summary = page.GetByTestId("import-summary");
            await Assertions.Expect(summary).ToContainTextAsync(
                $"Vérification réussie, rien n'a été écrit pour portefeuille.zip : {Projects} lignes lues, {Projects} projet(s) créé(s)",
                new() { Timeout = 60_000 });
            await Assertions.Expect(summary).ToBeFocusedAsync();
            await Assertions.Expect(page.Locator("#import-progress")).ToBeHiddenAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Importer" })).ToBeEnabledAsync();
            (await page.EvaluateAsync<bool>("() => window.stayed === true")).ShouldBeTrue("the result came without leaving the page");

            var seen = await page.EvaluateAsync<string[]>("() => window.seen");
            var said = string.Join("\n", seen);
            seen[0].ShouldBe("button:disabled:Import en cours…", said);
            seen.ShouldContain("bar:shown", said);
            seen.ShouldContain(s => s.StartsWith("text:Envoi du fichier : 100 %"), said);
            seen.ShouldContain(s => s.StartsWith("text:Lecture du fichier : "), said);
            seen.ShouldContain(s => s.StartsWith($"text:Vérification : 0 ligne(s) sur {Count}:"), said);
            seen.ShouldContain($"text:Vérification : {Count} ligne(s) sur {Count}:100", said);
            // Enabled again only once the result is there, and only once.
            seen.Count(s => s.StartsWith("button:enabled")).ShouldBe(1, said);
            seen.Last(s => s.StartsWith("button:")).ShouldBe("button:enabled:Importer", said);
            Array.IndexOf(seen, "bar:hidden").ShouldBeGreaterThan(Array.FindLastIndex(seen, s => s.StartsWith("text:Vérification")), said);
        });
    }
}
