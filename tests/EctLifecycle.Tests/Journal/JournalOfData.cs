using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EctLifecycle.Accounts;
using EctLifecycle.Journal;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Journal;

/// <summary>
/// What comes in and goes out is in the journal: an import (file name and counts, written in the import's own
/// transaction), a portfolio export, an analysis or a durability report taken away as a file, a rebuild of the read model.
/// </summary>
public class JournalOfData(AppFixture app) : ApiTest(app)
{
    private static readonly string Admin = AppFixture.LoginOf(Role.Admin), Analyst = AppFixture.LoginOf(Role.Analyst);

    private const string Projects = """
        clé;nom;secteur;commune;résumé;date d'émergence;cadre d'émergence;rôle du pôle;inspiré d'un autre territoire
        P1;Épicerie du Val;alimentation;Valfleuri;Épicerie solidaire;15/03/2016;Besoin d'une structure;Animateur;oui
        P2;Mobilité douce;mobilité;Bois-Joli;Vélos partagés;2019-01-10;personalTrigger;absent;non
        """;

    private static byte[] Zip(string projects)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(zip.CreateEntry("projects.csv").Open(), new UTF8Encoding(false)))
            writer.Write(projects.Replace("\r\n", "\n"));
        return buffer.ToArray();
    }

    private async Task<HttpResponseMessage> ImportAsync(byte[] file, string name, bool dryRun = false)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(content, "file", name);
        return await App.ClientAs(Role.Staff).PostAsync($"/api/imports{(dryRun ? "?dryRun=true" : "")}", form);
    }

    [Fact]
    public async Task an_import_is_in_the_journal_with_its_file_name_and_counts_and_a_check_or_a_refused_file_is_not()
    {
        (await ImportAsync(Zip(Projects), "vérification.zip", dryRun: true)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ImportAsync(Zip(Projects.Replace("15/03/2016", "pas une date")), "erreurs.zip")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await TheJournal.OfKindAsync(App.Client, AuditKind.Import)).ShouldBeEmpty("nothing was written");

        var imported = await ImportAsync(Zip(Projects), "C:\\Users\\pôle\\portefeuille\n2024.zip");
        imported.StatusCode.ShouldBe(HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());
        (await ImportAsync(Zip(Projects), "encore.zip")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var imports = (await TheJournal.OfKindAsync(App.Client, AuditKind.Import)).OrderBy(e => e.Details["file"]).ToList();
        imports.Count.ShouldBe(2);
        imports[0].ShouldSatisfyAllConditions(
            e => e.Who.ShouldBe(AppFixture.LoginOf(Role.Staff)),
            e => e.Summary.ShouldBe("Import de « encore.zip » : 2 ligne(s) lue(s), 0 projet(s) créé(s), 0 événement(s) ajouté(s), 2 ligne(s) déjà importée(s)."));
        imports[1].Details["file"].ShouldBe("portefeuille2024.zip", "without its folders nor its control characters");
        imports[1].Summary.ShouldBe("Import de « portefeuille2024.zip » : 2 ligne(s) lue(s), 2 projet(s) créé(s), 2 événement(s) ajouté(s), 0 ligne(s) déjà importée(s).");
        imports[1].Details["projectsCreated"].ShouldBe("2");
    }

    [Fact]
    public async Task exports_and_files_taken_away_are_in_the_journal_and_json_reads_are_not()
    {
        var id = await RegisterAsync();
        await LogAsync(id, new { type = "projectStopped", occurredOn = "2020-06-01", reasons = new[] { "goalReached" }, hubStance = "archive" });
        var analyst = App.ClientAs(Role.Analyst);

        (await analyst.GetAsync("/api/exports/portfolio.xlsx")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await analyst.GetAsync("/api/analytics/distribution?asOf=2021-01-01")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await analyst.GetAsync("/api/analytics/distribution.csv?asOf=2021-01-01")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await analyst.GetAsync("/api/reports/durability?asOf=2021-01-01")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var report = await analyst.GetAsync($"/api/reports/durability/{id}?asOf=2021-01-01&format=md");
        report.StatusCode.ShouldBe(HttpStatusCode.OK, await report.Content.ReadAsStringAsync());
        (await analyst.GetAsync("/api/analytics/distribution.csv?asOf=2999-01-01")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var today = App.Today;
        var exports = await TheJournal.OfKindAsync(App.Client, AuditKind.Export);
        exports.Select(e => (e.Who, e.Summary)).ShouldBe(
        [
            (Analyst, $"Export du portefeuille « portefeuille-{today:yyyy-MM-dd}.xlsx » : 1 projet(s), 1 jalon(s), 0 évaluation(s)."),
            (Analyst, "Analyse « Distribution des scores » au 01/01/2021 (grille v1) téléchargée en CSV."),
        ], ignoreOrder: true);
        var reports = await TheJournal.OfKindAsync(App.Client, AuditKind.ReportDownloaded);
        reports.ShouldHaveSingleItem().Summary.ShouldStartWith("Rapport de durabilité du projet ");
        reports[0].Summary.ShouldEndWith(" au 01/01/2021 (grille v1) téléchargé en MD.");
        reports[0].Details["format"].ShouldBe("md");
        (await App.Client.GetStringAsync("/api/audit")).ShouldNotContain("Les Paniers", Case.Insensitive, "a project's name is not needed: its key is");
    }

    [Fact]
    public async Task a_rebuild_of_the_read_model_is_in_the_journal()
    {
        await RegisterAsync();
        (await Client.PostAsync("/api/admin/projections/rebuild", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var rebuild = (await TheJournal.OfKindAsync(App.Client, AuditKind.Rebuild)).ShouldHaveSingleItem();
        rebuild.Who.ShouldBe(Admin);
        rebuild.Summary.ShouldStartWith("Historique des scores et parcours reconstruits : 1 projet(s), 1 événement(s) relus en ");
    }
}
