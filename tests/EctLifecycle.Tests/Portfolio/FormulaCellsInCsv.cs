using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Portfolio;

/// <summary>
/// Names typed as formulas (OWASP's CSV injection) stay text in every CSV the app writes and in its workbook, and come back
/// exactly through an import; every CSV starts with a UTF-8 byte order mark.
/// </summary>
public class FormulaCellsInCsv(AppFixture app) : ApiTest(app)
{
    private const string Formula = "=HYPERLINK(\"http://x\",\"clic\")";
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>A project whose key, name and sector look like formulas, with an actor who left and an amount, stopped.</summary>
    private async Task<Guid> FormulaProjectAsync()
    {
        var response = await Client.PostAsJsonAsync("/api/projects", new
        {
            key = Formula, name = Formula, sector = "+alimentation", commune = "@Valfleuri", summary = "-résumé\tavec tabulation",
            occurredOn = "2016-03-01", emergenceContext = "localProgramme", hubRole = "animator", inspiredElsewhere = false,
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        await LogAsync(id, Actor("=1+1", "2016-04-01"));
        await LogAsync(id, Actor("Les Semeurs", "2016-04-02"));
        await LogAsync(id, new { type = "fundingSecured", occurredOn = "2017-02-01", fundingId = "F1", sourceKind = "publicSubsidy", funder = "@Département", amountEuros = 12000 });
        await LogAsync(id, new { type = "actorLeft", occurredOn = "2019-09-01", actorName = "=1+1", reason = "-" });
        await LogAsync(id, new { type = "projectStopped", occurredOn = "2020-03-10", reasons = new[] { "cooperationFaded" }, note = "=fin" });
        return id;
    }

    /// <summary>Every cell of a CSV file, after checking that the file starts with a byte order mark.</summary>
    private static List<string> Cells(byte[] file)
    {
        file.Take(3).ShouldBe(Bom, "every CSV the app writes is UTF-8 with a byte order mark");
        using var csv = CsvReader.Create(file, new CsvReaderOptions { HasHeader = false });
        var cells = new List<string>();
        while (csv.Read())
            for (var i = 0; i < csv.FieldCount; i++) cells.Add(csv.GetString(i));
        return cells;
    }

    private Task<HttpResponseMessage> ImportAsync(byte[] bytes, string name)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name);
        return Client.PostAsync("/api/imports", form);
    }

    private static void NoLiveFormula(IEnumerable<string> cells)
    {
        foreach (var cell in cells.Where(c => c.Length > 0 && "=+-@\t\r".Contains(c[0])))
            decimal.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                .ShouldBeTrue($"« {cell} » starts like a formula and is not a number");
    }

    [Fact]
    public async Task the_portfolio_zip_writes_formula_like_texts_behind_a_quote_and_reimports_them_exactly()
    {
        await FormulaProjectAsync();
        var zip = await Client.GetByteArrayAsync("/api/exports/portfolio.zip");
        using (var archive = new ZipArchive(new MemoryStream(zip)))
            foreach (var entry in archive.Entries)
            {
                using var content = new MemoryStream();
                using (var s = entry.Open()) s.CopyTo(content);
                var cells = Cells(content.ToArray());
                NoLiveFormula(cells);
                if (entry.Name == "projects.csv") cells.ShouldContain("'" + Formula);
                if (entry.Name == "milestones.csv") cells.ShouldContain("12000", "a number is written as a number");
            }

        await App.ResetAsync();
        (await ImportAsync(zip, "export.zip")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var project = (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().Single()!;
        var id = project["id"]!.GetValue<Guid>();
        var history = await HistoryAsync(id);
        var registration = history[0]!["data"]!;
        registration["name"]!.GetValue<string>().ShouldBe(Formula);
        registration["key"]!.GetValue<string>().ShouldBe(Formula);
        registration["sector"]!.GetValue<string>().ShouldBe("+alimentation");
        registration["commune"]!.GetValue<string>().ShouldBe("@Valfleuri");
        history.Select(e => e!["data"]!["actorName"]?.GetValue<string>()).ShouldContain("=1+1");
        history.Select(e => e!["data"]!["note"]?.GetValue<string>()).ShouldContain("=fin");
    }

    [Fact]
    public async Task durability_and_analytics_csv_keep_formula_like_texts_as_text_and_numbers_as_numbers()
    {
        var id = await FormulaProjectAsync();
        foreach (var url in new[]
                 {
                     $"/api/reports/durability/{id}?asOf=2024-06-30&format=csv", "/api/reports/durability?asOf=2024-06-30&format=csv",
                     "/api/analytics/portfolio.csv?asOf=2024-06-30", "/api/analytics/cohorts.csv?by=sector",
                 })
        {
            var response = await Client.GetAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
            var cells = Cells(await response.Content.ReadAsByteArrayAsync());
            NoLiveFormula(cells);
            if (url.Contains("durability/")) cells.ShouldContain("'" + Formula, url);
            if (url.Contains("durability/")) cells.ShouldContain("'=1+1", "the actor who left, a text value");
        }
    }

    [Fact]
    public async Task the_workbook_holds_formula_like_texts_as_plain_strings_never_as_formulas()
    {
        await FormulaProjectAsync();
        var xlsx = await Client.GetByteArrayAsync("/api/exports/portfolio.xlsx");
        using var archive = new ZipArchive(new MemoryStream(xlsx));
        var sheets = archive.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal))
            .Select(e => new StreamReader(e.Open()).ReadToEnd()).ToList();
        sheets.ShouldNotBeEmpty();
        sheets.ShouldAllBe(xml => !xml.Contains("<x:f") && !xml.Contains("<f>") && !xml.Contains("<f "));
        sheets[0].ShouldContain("<x:v>=HYPERLINK(&quot;http://x&quot;,&quot;clic&quot;)</x:v>");

        await App.ResetAsync();
        (await ImportAsync(xlsx, "export.xlsx")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await GetJsonAsync("/api/projects"))["projects"]![0]!["name"]!.GetValue<string>().ShouldBe(Formula);
    }
}
