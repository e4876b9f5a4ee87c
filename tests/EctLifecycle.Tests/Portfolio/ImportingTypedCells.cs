using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Portfolio;

/// <summary>
/// The spreadsheet's cells as the hub's staff type them: amounts and dates the French way are stored as they read, and
/// a cell the app cannot read for sure is refused, naming its column, and the file imports nothing.
/// </summary>
public class ImportingTypedCells(AppFixture app) : ApiTest(app)
{
    private const string Projects = """
        clé;nom;secteur;commune;résumé;date d'émergence;cadre d'émergence;rôle du pôle;inspiré d'un autre territoire
        P1;Épicerie du Val;alimentation;Valfleuri;Épicerie solidaire;1/3/2016;Besoin d'une structure;Animateur;oui
        """;

    private const string MilestonesHeader = "clé projet;date;type;id financement;type de ressource;financeur;montant (€)";

    private static string Fundings(params string[] amounts) => string.Join('\n',
        amounts.Select((amount, i) => $"P1;2017-3-{i + 1}\u00a0;fundingSecured;F{i + 1};Ventes;Clients;{amount}").Prepend(MilestonesHeader));

    private static byte[] Zip(Encoding encoding, params (string Name, string Content)[] files)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in files)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), encoding);
                writer.Write(content.Replace("\r\n", "\n"));
            }
        return buffer.ToArray();
    }

    private Task<HttpResponseMessage> ImportAsync(params (string Name, string Content)[] files) => ImportAsync(new UTF8Encoding(false), files);

    private async Task<HttpResponseMessage> ImportAsync(Encoding encoding, params (string Name, string Content)[] files)
    {
        var content = new ByteArrayContent(Zip(encoding, files));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return await Client.PostAsync("/api/imports", new MultipartFormDataContent { { content, "file", "portefeuille.zip" } });
    }

    private async Task<List<JsonObject>> RefusedRowsAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        var rows = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["rows"]!.AsArray().Select(r => r!.AsObject()).ToList();
        (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().ShouldBeEmpty("a refused file imports nothing");
        return rows;
    }

    private static string MessageAt(List<JsonObject> rows, string sheet, int row, string column)
    {
        var at = rows.Where(r => $"{r["sheet"]}|{r["row"]}|{r["column"]}" == $"{sheet}|{row}|{column}").ToList();
        at.Count.ShouldBe(1, $"one error at {sheet}|{row}|{column} among: {string.Join(" ; ", rows.Select(r => r.ToJsonString()))}");
        return at[0]["message"]!.GetValue<string>();
    }

    [Fact]
    public async Task amounts_and_dates_typed_the_french_way_are_stored_as_they_read()
    {
        string[] typed = ["15 000,50", "15\u00a0000,50", "15\u202f000,50", "15000,5", "15000.50", "15 000 €", "15000€", "1 500 050"];
        var response = await ImportAsync(("projects.csv", Projects), ("milestones.csv", Fundings(typed)));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());

        var id = (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().Single()!["id"]!.GetValue<Guid>();
        var history = await HistoryAsync(id);
        history[0]!["occurredOn"]!.GetValue<string>().ShouldBe("2016-03-01", "1/3/2016 is the first of March");
        var fundings = history.Where(e => e!["type"]!.GetValue<string>() == "fundingSecured").ToList();
        fundings.Select(e => e!["occurredOn"]!.GetValue<string>()).ShouldBe(typed.Select((_, i) => $"2017-03-{i + 1:00}"));
        fundings.Select(e => e!["data"]!["amountEuros"]!.GetValue<decimal>())
            .ShouldBe([15000.5m, 15000.5m, 15000.5m, 15000.5m, 15000.5m, 15000m, 15000m, 1500050m]);
    }

    [Fact]
    public async Task an_amount_that_could_be_read_two_ways_negative_or_too_large_is_refused_naming_its_cell_and_nothing_is_imported()
    {
        var rows = await RefusedRowsAsync(await ImportAsync(("projects.csv", Projects),
            ("milestones.csv", Fundings("15.000", "1,500,050", "1.500,50", "-5", "200 000 000", "15 000,505", "quinze mille"))));

        MessageAt(rows, "milestones", 2, "montant (€)").ShouldContain("écrivez 15000 ou 15 000,00 pour des milliers, 15,00 pour des décimales");
        MessageAt(rows, "milestones", 3, "montant (€)").ShouldContain("par exemple 1 500 050");
        MessageAt(rows, "milestones", 4, "montant (€)").ShouldContain("par exemple 1 500,50");
        MessageAt(rows, "milestones", 5, "montant (€)").ShouldContain("négatif");
        MessageAt(rows, "milestones", 6, "montant (€)").ShouldContain("au plus 100 000 000 €");
        MessageAt(rows, "milestones", 7, "montant (€)").ShouldContain("ambigu");
        MessageAt(rows, "milestones", 8, "montant (€)").ShouldContain("n'est pas un nombre");
    }

    [Fact]
    public async Task a_cell_with_a_nul_a_control_character_or_only_invisible_characters_is_refused_naming_its_column()
    {
        // In UTF-16 (here with its byte order mark) a NUL is a character like any other, which reaches the cells.
        var projects = string.Join('\n',
            "clé;nom;secteur;commune;résumé;date d'émergence;cadre d'émergence;rôle du pôle;inspiré d'un autre territoire",
            "P1;Les\u0000Paniers;alimentation;Valfleuri;Paniers;2016-03-01;localProgramme;animator;non",
            "P2;\u200b\u00a0\ufeff;alimentation;Valfleuri;Paniers;2016-03-01;localProgramme;animator;non",
            "P3;Mobilité;alimentation\u0007;Valfleuri;Vélos;2016-03-01;localProgramme;animator;non",
            "P\u00004;Mobilité;alimentation;Valfleuri;Vélos;2016-03-01;localProgramme;animator;non",
            "P5;Jardins;alimentation;Valfleuri;Jardins partagés;2016-03-01\u200b;localProgramme;animator;non");
        var rows = await RefusedRowsAsync(await ImportAsync(new UnicodeEncoding(bigEndian: false, byteOrderMark: true), ("projects.csv", projects)));

        MessageAt(rows, "projects", 2, "nom").ShouldContain("caractère nul (U+0000");
        MessageAt(rows, "projects", 3, "nom").ShouldBe("champ obligatoire", "a cell of invisible characters is an empty cell");
        MessageAt(rows, "projects", 4, "secteur").ShouldContain("U+0007");
        MessageAt(rows, "projects", 5, "clé").ShouldContain("U+0000");
        rows.ShouldNotContain(r => r["row"]!.GetValue<int>() == 6, "a date with a zero-width space after it is still a date");
    }

    [Fact]
    public async Task a_utf8_file_with_a_nul_byte_is_refused_as_a_file_naming_its_line()
    {
        var projects = Projects.Replace("Épicerie du Val", "Épicerie\u0000du Val");
        var rows = await RefusedRowsAsync(await ImportAsync(("projects.csv", projects)));

        rows.Single()["message"]!.GetValue<string>().ShouldContain("contient des octets nuls (ligne 2)");
    }
}
