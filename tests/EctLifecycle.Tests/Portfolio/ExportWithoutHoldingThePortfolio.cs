using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EctLifecycle.Portfolio;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Tests.Support;
using EctLifecycle.Timelines;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.Portfolio;

/// <summary>
/// The zip of CSV files is written a chunk of projects at a time through temporary files, in the keys' order, and says the
/// same, byte for byte, as the zip written from the whole portfolio in memory; a workbook past what Excel opens is refused
/// in French, with nothing written and nothing in the journal.
/// </summary>
public class ExportWithoutHoldingThePortfolio(AppFixture app) : ApiTest(app)
{
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();

    private async Task ImportDemoAsync()
    {
        var buffer = new MemoryStream();
        PortfolioFormats.Write(DemoPortfolio.ToFile(DemoPortfolio.Study()), buffer, PortfolioFormat.Xlsx);
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", "demo.xlsx");
        (await Client.PostAsync("/api/imports", form)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static Dictionary<string, byte[]> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var read = e.Open();
            var bytes = new MemoryStream();
            read.CopyTo(bytes);
            return bytes.ToArray();
        });
    }

    private const string NoteText = "Une note ; avec « guillemets », é\u00e0 et =formule";

    /// <summary>
    /// The demo, then a project registered last whose key sorts first (the keys' order is not the registration order), with
    /// a note of quotes, accents and a formula-like text; the whole portfolio as the export's rows, made in memory.
    /// </summary>
    private async Task<PortfolioFile> PortfolioWithTheFirstKeyLastAsync()
    {
        await ImportDemoAsync();
        var registered = await Client.PostAsJsonAsync("/api/projects", new
        {
            key = "A0001", name = "Aaa, enregistré en dernier", sector = "alimentation", commune = "Lons-le-Saunier", summary = "Paniers",
            occurredOn = "2023-03-01", emergenceContext = "localProgramme", hubRole = "animator", inspiredElsewhere = false,
        });
        registered.StatusCode.ShouldBe(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        var late = (await registered.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["id"]!.GetValue<Guid>();
        await LogAsync(late, new { type = "note", occurredOn = "2024-01-10", text = NoteText });
        await using var session = Store.QuerySession();
        return PortfolioExporter.ToFile(await session.LoadAllTimelinesAsync(default));
    }

    [Fact]
    public async Task the_streamed_zip_is_the_in_memory_zip_byte_for_byte_in_the_keys_order()
    {
        var file = await PortfolioWithTheFirstKeyLastAsync();
        var whole = new MemoryStream();
        PortfolioFormats.Write(file, whole, PortfolioFormat.CsvZip);

        var streamed = await Client.GetByteArrayAsync("/api/exports/portfolio.zip");

        var (expected, actual) = (Entries(whole.ToArray()), Entries(streamed));
        actual.Keys.ShouldBe(expected.Keys, ignoreOrder: true);
        foreach (var (name, bytes) in expected) actual[name].ShouldBe(bytes, $"{name}: the same bytes");
        var projects = System.Text.Encoding.UTF8.GetString(actual[CsvSheets.EntryName(PortfolioSchema.Projects)]).Split("\r\n");
        projects[1].ShouldStartWith("A0001", customMessage: "the first project in the keys' order");
        projects.Length.ShouldBeGreaterThan(40);
    }

    [Fact]
    public async Task the_streamed_workbook_reads_back_as_the_export_s_rows_in_the_keys_order()
    {
        var expected = await PortfolioWithTheFirstKeyLastAsync();

        var streamed = PortfolioFormats.Read(new MemoryStream(await Client.GetByteArrayAsync("/api/exports/portfolio.xlsx")), "flux.xlsx");

        foreach (var sheet in PortfolioSchema.Sheets)
        {
            var (want, got) = (expected.RowsOf(sheet), streamed.RowsOf(sheet));
            got.Count.ShouldBe(want.Count, sheet.Name);
            for (var i = 0; i < want.Count; i++)
                foreach (var column in sheet.Columns)
                    got[i][column.Field].ShouldBe(want[i][column.Field], $"{sheet.Name}, line {i + 2}, {column.Header}");
        }
        streamed.Projects.Count.ShouldBeGreaterThan(40);
        streamed.Projects[0]["key"].ShouldBe("A0001", "the first project in the keys' order");
        streamed.Milestones.ShouldContain(m => m["text"] == NoteText);
    }

    [Fact]
    public async Task a_workbook_past_excels_rows_is_refused_in_french_and_nothing_is_written()
    {
        await ImportDemoAsync();
        await using var session = Store.QuerySession();
        // The workbook's writing refuses past the limit while it spools, and writes nothing.
        var output = new MemoryStream();
        var refused = await Should.ThrowAsync<TooManyRowsForXlsxException>(() => PortfolioExporter.WriteXlsxAsync(session, output, default, maxRowsPerSheet: 5));
        refused.Message.ShouldContain("plus de 5 lignes dans la feuille « jalons »");
        refused.Message.ShouldContain("zip de fichiers CSV");
        refused.Sheet.ShouldBe(PortfolioSchema.Milestones);
        output.Length.ShouldBe(0);
        var whole = PortfolioExporter.ToFile(await session.LoadAllTimelinesAsync(default));
        whole.Milestones.Count.ShouldBeGreaterThan(5, "the same export, without the limit");
        (await PortfolioExporter.WriteXlsxAsync(session, new MemoryStream(), default))
            .ShouldBe(new ExportCounts(whole.Projects.Count, whole.Milestones.Count, whole.Assessments.Count));
    }

    [Fact]
    public async Task a_streamed_workbook_with_an_empty_sheet_keeps_its_headers()
    {
        var registered = await Client.PostAsJsonAsync("/api/projects", new
        {
            key = "B0001", name = "Seul projet", sector = "alimentation", commune = "Lons-le-Saunier", summary = "Paniers",
            occurredOn = "2023-03-01", emergenceContext = "localProgramme", hubRole = "animator", inspiredElsewhere = false,
        });
        registered.StatusCode.ShouldBe(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());

        var bytes = await Client.GetByteArrayAsync("/api/exports/portfolio.xlsx");

        foreach (var sheet in PortfolioSchema.Sheets)
        {
            var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: false, sheetName: sheet.Name)
                .Cast<IDictionary<string, object?>>().ToList();
            rows[0].Values.Select(v => v?.ToString()).ShouldBe(sheet.Columns.Select(c => c.Header), $"{sheet.Name}: the headers");
        }
        var read = PortfolioFormats.Read(new MemoryStream(bytes), "seul.xlsx");
        read.Projects.Count.ShouldBe(1);
        (read.Milestones.Count, read.Assessments.Count).ShouldBe((0, 0));
    }

    [Fact]
    public async Task the_exports_page_says_in_french_why_a_workbook_was_refused()
    {
        var page = WebUtility.HtmlDecode(await Client.GetStringAsync($"/exports?classeur={ExportXlsxEndpoint.RefusedQuery}"));
        page.ShouldContain("Le classeur XLSX n'a pas été produit : le portefeuille a plus de 1\u202F048\u202F575 lignes dans une feuille");
        WebUtility.HtmlDecode(await Client.GetStringAsync("/exports")).ShouldNotContain("n'a pas été produit");
    }
}
