using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Portfolio;

public class ImportingFiles(AppFixture app) : ApiTest(app)
{
    private const string Projects = """
        clé;nom;secteur;commune;résumé;date d'émergence;cadre d'émergence;rôle du pôle;inspiré d'un autre territoire
        P1;Épicerie du Val;alimentation;Valfleuri;Épicerie solidaire;15/03/2016;Besoin d'une structure;Animateur;oui
        P2;Mobilité douce;mobilité;Bois-Joli;Vélos partagés;2019-01-10;personalTrigger;absent;non
        """;

    private const string Milestones = """
        clé projet;date;type;acteur;type d'acteur;local;rôle;forme juridique;ESS;id financement;type de ressource;financeur;montant (€);raison;texte
        P1;01/04/2016;Arrivée d'un acteur;Commune de Valfleuri;publicBody;oui;Partenaire;;;;;;;;
        P1;02/04/2016;actorJoined;Les Semeurs;Association;non;porteur;;;;;;;;
        P1;2017-01-01;Forme juridique adoptée;;;;;Association;oui;;;;;;
        P1;2017-02-01;fundingSecured;;;;;;;F1;Subvention publique;Département;12 000;;
        P2;2020-05-01;Note;;;;;;;;;;;;Réunion de lancement
        """;

    private const string Assessments = """
        projectKey,occurredOn,gridVersion,criterionId,points,rationale
        P1,2018-01-01,v1,cooperation-alive,2,réunions mensuelles
        P1,2018-01-01,v1,social-cohesion,3,
        """;

    private static byte[] Zip(params (string Name, string Content)[] files) => CsvZips.Zip(files);

    private async Task<HttpResponseMessage> ImportAsync(byte[] file, string name = "portefeuille.zip", bool dryRun = false)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(content, "file", name);
        return await Client.PostAsync($"/api/imports{(dryRun ? "?dryRun=true" : "")}", form);
    }

    private static async Task<JsonObject> Json(HttpResponseMessage r) => JsonNode.Parse(await r.Content.ReadAsStringAsync())!.AsObject();

    private async Task<List<JsonObject>> PortfolioAsync() =>
        (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().Select(p => p!.AsObject()).ToList();

    [Fact]
    public void quoted_cells_read_as_written_with_their_separators_quotes_and_line_breaks()
    {
        var projects = string.Join('\n',
            "clé;nom;secteur;commune;résumé;date d'émergence;cadre d'émergence;rôle du pôle;inspiré d'un autre territoire",
            "P1;\"Épicerie \"\"du Val\"\"\";alimentation;Valfleuri;\"Épicerie; solidaire\nsur deux lignes\";15/03/2016;Besoin d'une structure;Animateur;oui",
            "P2;Mobilité douce;alimentation;Valfleuri;   ;2019-01-10;personalTrigger;absent;non");

        var file = EctLifecycle.Portfolio.PortfolioFormats.Read(new MemoryStream(Zip(("projects.csv", projects))), "p.zip");

        file.FormatErrors.ShouldBeEmpty();
        file.Projects[0]["name"].ShouldBe("Épicerie \"du Val\"");
        file.Projects[0]["summary"].ShouldBe("Épicerie; solidaire\nsur deux lignes");
        // The same short texts are one string; a blank cell is no cell.
        ReferenceEquals(file.Projects[0].Cells["sector"], file.Projects[1].Cells["sector"]).ShouldBeTrue();
        file.Projects[1].Cells.ContainsKey("summary").ShouldBeFalse();
    }

    [Fact]
    public void a_long_sheet_read_on_every_core_keeps_its_rows_in_input_order_with_their_line_numbers()
    {
        // Megabytes of records, so that they are cut into many batches read by several threads; every seventh cell
        // breaks its line inside quotes, so that the line of a record is not its index.
        var csv = new StringBuilder("clé;nom;secteur;commune;résumé;date d'émergence;cadre d'émergence;rôle du pôle;inspiré d'un autre territoire\n");
        var expected = new List<(int Line, string? Key, string? Summary)>();
        var line = 2;
        for (var i = 0; i < 60_000; i++)
        {
            var summary = i % 7 == 0 ? $"résumé {i};\nsur deux lignes" : $"résumé {i}";
            csv.Append($"P{i};Projet {i};alimentation;Valfleuri;\"{summary}\";2019-01-10;personalTrigger;absent;non\n");
            if (i % 1_000 == 999) csv.Append('\n'); // a blank line, skipped but counted
            expected.Add((line, $"P{i}", summary));
            line += i % 7 == 0 ? 2 : 1;
            if (i % 1_000 == 999) line++;
        }

        var file = EctLifecycle.Portfolio.PortfolioFormats.Read(new MemoryStream(Zip(("projects.csv", csv.ToString()))), "p.zip");

        file.FormatErrors.ShouldBeEmpty();
        file.Projects.Count.ShouldBe(expected.Count);
        file.Projects.Select(r => (r.Number, r["key"], r["summary"])).ToList().ShouldBe(expected);
    }

    [Fact]
    public async Task a_zip_of_csv_with_french_headers_labels_and_dates_is_imported()
    {
        var response = await ImportAsync(Zip(("projects.csv", Projects), ("milestones.csv", Milestones), ("assessments.csv", Assessments)));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var summary = await Json(response);
        summary["projectsCreated"]!.GetValue<int>().ShouldBe(2);
        summary["eventsAppended"]!.GetValue<int>().ShouldBe(2 + 5 + 1); // registrations, milestones, one assessment of two rows
        summary["rowsSkipped"]!.GetValue<int>().ShouldBe(0);

        var portfolio = await PortfolioAsync();
        var p1 = portfolio.Single(p => p["name"]!.GetValue<string>() == "Épicerie du Val");
        var state = await GetJsonAsync($"/api/projects/{p1["id"]}?asOf=2018-06-01");
        state["emergence"]!["date"]!.GetValue<string>().ShouldBe("2016-03-15");
        state["emergence"]!["context"]!.GetValue<string>().ShouldBe("structureNeed");
        state["collective"]!.AsArray().Count.ShouldBe(2);
        state["collective"]![1]!["role"]!.GetValue<string>().ShouldBe("carrier");
        state["legalForm"]!["form"]!.GetValue<string>().ShouldBe("association");
        state["indicators"]!["activeFundingEuros"]!.GetValue<decimal>().ShouldBe(12000m);
        state["stage"]!.GetValue<string>().ShouldBe("operating");
        var criteria = state["score"]!["criteria"]!.AsArray();
        criteria.Single(c => c!["id"]!.GetValue<string>() == "social-cohesion")!["points"]!.GetValue<int>().ShouldBe(3);
        var history = await HistoryAsync(p1["id"]!.GetValue<Guid>());
        history.ShouldAllBe(e => e!["loggedBy"]!.GetValue<string>() == AppFixture.LoginOf(EctLifecycle.Accounts.Role.Admin));
    }

    [Fact]
    public async Task importing_the_same_file_twice_appends_nothing_and_a_longer_file_only_its_new_rows()
    {
        var file = Zip(("projects.csv", Projects), ("milestones.csv", Milestones), ("assessments.csv", Assessments));
        (await ImportAsync(file)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var again = await Json(await ImportAsync(file));
        again["projectsCreated"]!.GetValue<int>().ShouldBe(0);
        again["eventsAppended"]!.GetValue<int>().ShouldBe(0);
        again["rowsSkipped"]!.GetValue<int>().ShouldBe(2 + 5 + 2);

        // rows reordered and two added: matched by project key and content, not by position
        var longer = Milestones.Split('\n').ToList();
        (longer[1], longer[3]) = (longer[3], longer[1]);
        longer.Add("P2;2021-02-01;actorJoined;Vélo Club;association;oui;partenaire;;;;;;;;");
        longer.Add("P1;2019-01-01;Départ d'un acteur;Les Semeurs;;;;;;;;;;fin de mission;");
        var more = await Json(await ImportAsync(Zip(("projects.csv", Projects), ("milestones.csv", string.Join('\n', longer)))));
        more["eventsAppended"]!.GetValue<int>().ShouldBe(2);
        more["rowsSkipped"]!.GetValue<int>().ShouldBe(2 + 5);
        var p1 = (await PortfolioAsync()).Single(p => p["name"]!.GetValue<string>() == "Épicerie du Val");
        (await HistoryAsync(p1["id"]!.GetValue<Guid>())).Count.ShouldBe(1 + 4 + 1 + 1);
    }

    [Fact]
    public async Task a_file_with_errors_reports_sheet_row_column_and_imports_nothing()
    {
        var badMilestones = Milestones
            + "\nP1;2016-05-01;actorJoined;Ferme;martian;peut-être;partenaire;;;;;;;;"
            + "\nP9;2016-05-01;Note;;;;;;;;;;;;x"
            + "\nP2;2030-01-01;Note;;;;;;;;;;;;x";
        var response = await ImportAsync(Zip(("projects.csv", Projects), ("milestones.csv", badMilestones)));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var rows = (await Json(response))["rows"]!.AsArray().Select(r => r!.AsObject()).ToList();
        string Where(JsonObject r) => $"{r["sheet"]}|{r["row"]}|{r["column"]}";
        rows.Select(Where).ShouldContain("milestones|7|type d'acteur");
        rows.Select(Where).ShouldContain("milestones|7|local");
        var kind = rows.Single(r => Where(r) == "milestones|7|type d'acteur")["message"]!.GetValue<string>();
        kind.ShouldContain("collectivité / organisme public, association, entreprise, agriculteur");
        kind.ShouldNotContain("publicBody", Case.Sensitive, "people read the labels they type, not the API's names");
        rows.Single(r => r["row"]!.GetValue<int>() == 8)["message"]!.GetValue<string>().ShouldContain("projet inconnu « P9 »");
        rows.Select(Where).ShouldContain("milestones|9|date");
        rows.ShouldAllBe(r => !string.IsNullOrWhiteSpace(r["message"]!.GetValue<string>()));
        (await PortfolioAsync()).ShouldBeEmpty();

        // rules are checked like the API's, after the fields
        var ruleBroken = Milestones + "\nP2;2020-06-01;actorLeft;Inconnu;;;;;;;;;;raison;";
        var rule = await ImportAsync(Zip(("projects.csv", Projects), ("milestones.csv", ruleBroken)));
        rule.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = (await Json(rule))["rows"]!.AsArray().Single()!;
        error["row"]!.GetValue<int>().ShouldBe(7);
        error["message"]!.GetValue<string>().ShouldStartWith("règle métier : ");
        error["message"]!.GetValue<string>().ShouldNotContain("actorNotInCollective");
        (await PortfolioAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_dry_run_checks_without_writing()
    {
        var response = await ImportAsync(Zip(("projects.csv", Projects), ("milestones.csv", Milestones)), dryRun: true);
        var summary = await Json(response);
        summary["dryRun"]!.GetValue<bool>().ShouldBeTrue();
        summary["projectsCreated"]!.GetValue<int>().ShouldBe(2);
        (await PortfolioAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_file_that_is_neither_xlsx_nor_zip_is_refused_clearly()
    {
        var response = await ImportAsync(Encoding.UTF8.GetBytes("pas un classeur"), "notes.txt");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Json(response))["rows"]![0]!["message"]!.GetValue<string>().ShouldContain("ni un classeur XLSX");
        var missing = await ImportAsync(Zip(("milestones.csv", Milestones)));
        (await Json(missing))["rows"]![0]!["message"]!.GetValue<string>().ShouldContain("projects");
    }

    [Fact]
    public async Task the_export_reimports_into_an_empty_database_with_the_same_state()
    {
        (await ImportAsync(Zip(("projects.csv", Projects), ("milestones.csv", Milestones), ("assessments.csv", Assessments)))).EnsureSuccessStatusCode();
        var id = (await PortfolioAsync()).Single(p => p["name"]!.GetValue<string>() == "Épicerie du Val")["id"]!.GetValue<Guid>();
        var wrong = await LogAsync(id, Actor("Erreur", "2017-06-01"));
        await LogAsync(id, new { type = "retraction", occurredOn = "2017-07-01", retractedEventId = wrong, reason = "saisie" });
        var before = await GetJsonAsync($"/api/projects/{id}?asOf=2018-06-01");

        foreach (var format in new[] { "xlsx", "zip" })
        {
            var export = await Client.GetAsync($"/api/exports/portfolio.{format}");
            export.StatusCode.ShouldBe(HttpStatusCode.OK);
            var bytes = await export.Content.ReadAsByteArrayAsync();
            var reimport = await Json(await ImportAsync(bytes, $"export.{format}"));
            reimport["eventsAppended"]!.GetValue<int>().ShouldBe(0, $"{format}: exported rows are already stored");

            await App.ResetAsync();
            (await ImportAsync(bytes, $"export.{format}")).StatusCode.ShouldBe(HttpStatusCode.OK);
            var newId = (await PortfolioAsync()).Single(p => p["name"]!.GetValue<string>() == "Épicerie du Val")["id"]!.GetValue<Guid>();
            var after = await GetJsonAsync($"/api/projects/{newId}?asOf=2018-06-01");
            foreach (var key in new[] { "stage", "collective", "fundings", "legalForm", "indicators", "score" })
                after[key]?.ToJsonString().ShouldBe(before[key]?.ToJsonString(), $"{format}: {key}");
            id = newId;
        }
    }
}
