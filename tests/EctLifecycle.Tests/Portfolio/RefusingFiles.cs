using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EctLifecycle.Portfolio;
using EctLifecycle.Tests.Support;
using Xunit.Abstractions;

namespace EctLifecycle.Tests.Portfolio;

/// <summary>Zip bombs, oversized and damaged files are refused with a French 400 (413 for the upload) naming the limit, and nothing is stored.</summary>
public class RefusingFiles(AppFixture app, ITestOutputHelper output) : ApiTest(app)
{
    private Task<HttpResponseMessage> ImportAsync(HttpContent file, string name)
    {
        var form = new MultipartFormDataContent();
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name);
        return Client.PostAsync("/api/imports", form);
    }

    /// <summary>The 400 an import answers, after checking that nothing was stored.</summary>
    private async Task<string> RefusedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().ShouldBeEmpty();
        return JsonNode.Parse(body)!["detail"]!.GetValue<string>();
    }

    /// <summary>Posts a bomb and measures what the whole process allocated meanwhile (the app runs in this process).</summary>
    private async Task<string> BombAsync(ZipBombs.Bomb bomb, string name)
    {
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        await using var file = File.OpenRead(bomb.Path);
        var detail = await RefusedAsync(await ImportAsync(new StreamContent(file), name));
        var megabytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / 1024;
        output.WriteLine($"{name}: {bomb}; refused in {clock.ElapsedMilliseconds} ms, {megabytes:F0} MB allocated meanwhile: {detail}");
        megabytes.ShouldBeLessThan(300, "the bomb is measured as it is decompressed, into a buffer thrown away");
        return detail;
    }

    [Fact]
    public async Task a_zip_of_csv_that_expands_4_mb_into_4_gb_is_refused_by_its_ratio_while_it_is_decompressed()
    {
        using var bomb = ZipBombs.Zeros(megabytes: 4096);
        var detail = await BombAsync(bomb, "bombe.zip");
        detail.ShouldContain("« projects.csv » se décompresse plus de 100 fois (limite Import:MaxCompressionRatio)");
    }

    [Fact]
    public async Task a_workbook_whose_sheet_expands_a_thousandfold_is_refused_before_it_reaches_the_spreadsheet_reader()
    {
        using var bomb = ZipBombs.Workbook(megabytes: 1024);
        var detail = await BombAsync(bomb, "bombe.xlsx");
        detail.ShouldContain("« xl/worksheets/sheet1.xml » se décompresse plus de 100 fois");
    }

    [Fact]
    public void rows_that_compress_less_than_the_ratio_are_refused_once_their_total_passes_the_limit()
    {
        using var rows = ZipBombs.CsvRows(megabytes: 3, numbered: true);
        rows.Ratio.ShouldBeLessThan(100);
        var limits = new ImportLimits { MaxUnzippedMegabytes = 2 };
        var file = PortfolioFormats.Read(File.OpenRead(rows.Path), "lignes.zip", new PortfolioReading(limits));
        file.Projects.ShouldBeEmpty();
        file.FormatErrors.ShouldHaveSingleItem().Message.ShouldContain("dépasse 2 Mo une fois décompressé (limite Import:MaxUnzippedMegabytes)");
        PortfolioFormats.Read(File.OpenRead(rows.Path), "lignes.zip").FormatErrors.ShouldBeEmpty("within the default 200 MB");
    }

    private static byte[] Entries(int count, int? declared = null)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var projects = new StreamWriter(zip.CreateEntry("projects.csv").Open())) projects.Write(ZipBombs.ProjectsHeader);
            for (var i = 1; i < count; i++) zip.CreateEntry($"vide-{i}.txt");
        }
        var bytes = buffer.ToArray();
        // The end record declares the number of entries twice (this disk, in all): a liar's count is not believed.
        if (declared is { } n) BitConverter.GetBytes((ushort)n).CopyTo(bytes, bytes.Length - 22 + 8);
        if (declared is { } m) BitConverter.GetBytes((ushort)m).CopyTo(bytes, bytes.Length - 22 + 10);
        return bytes;
    }

    [Fact]
    public void a_zip_of_more_entries_than_allowed_is_refused_whatever_its_end_record_declares()
    {
        PortfolioFormats.Read(new MemoryStream(Entries(100)), "p.zip").FormatErrors.ShouldBeEmpty();
        foreach (var zip in new[] { Entries(101), Entries(5_000, declared: 1) })
            PortfolioFormats.Read(new MemoryStream(zip), "p.zip").FormatErrors.ShouldHaveSingleItem().Message
                .ShouldContain("contient plus de 100 fichiers (limite Import:MaxZipEntries)");
    }

    [Fact]
    public async Task a_truncated_or_damaged_workbook_is_a_400_in_french_not_a_500()
    {
        await RegisterAsync();
        var export = await Client.GetByteArrayAsync("/api/exports/portfolio.xlsx");
        await App.ResetAsync();

        (await RefusedAsync(await ImportAsync(new ByteArrayContent(export[..(export.Length / 2)]), "tronque.xlsx")))
            .ShouldContain("est une archive zip tronquée ou abîmée");

        var garbage = new MemoryStream();
        using (var zip = new ZipArchive(new MemoryStream(export), ZipArchiveMode.Read))
        using (var copy = new ZipArchive(garbage, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var entry in zip.Entries)
            {
                using var target = copy.CreateEntry(entry.FullName).Open();
                if (entry.FullName.EndsWith(".xml", StringComparison.Ordinal)) target.Write("<x:worksheet><pas du XML"u8);
                else entry.Open().CopyTo(target);
            }
        (await RefusedAsync(await ImportAsync(new ByteArrayContent(garbage.ToArray()), "abime.xlsx")))
            .ShouldContain("n'est pas un classeur XLSX lisible");

        var flipped = export.ToArray();
        for (var i = 200; i < flipped.Length / 3; i += 97) flipped[i] ^= 0x5A; // compressed data spoilt, directory intact
        (await RefusedAsync(await ImportAsync(new ByteArrayContent(flipped), "corrompu.xlsx"))).ShouldContain("abîmé");
    }

    [Fact]
    public async Task a_csv_line_longer_than_a_megabyte_is_refused()
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var csv = new StreamWriter(zip.CreateEntry("projects.csv").Open()))
        {
            // Letters drawn at random, so that the line is not refused by its compression ratio first.
            var random = new Random(14);
            csv.Write(ZipBombs.ProjectsHeader + "P1;\"" + new string(Enumerable.Range(0, 2 * 1024 * 1024).Select(_ => (char)random.Next('a', 'z' + 1)).ToArray()));
        }
        (await RefusedAsync(await ImportAsync(new ByteArrayContent(buffer.ToArray()), "p.zip"))).ShouldContain("n'est pas un CSV lisible");
    }

    [Fact]
    public async Task an_upload_over_the_limit_is_a_413_in_french()
    {
        var response = await ImportAsync(new ByteArrayContent(new byte[51 * 1024 * 1024]), "gros.zip");
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await ProblemAsync(response))["detail"]!.GetValue<string>().ShouldContain("dépasse 50 Mo (limite Import:MaxUploadMegabytes)");

        // The page is sent back to itself before the form is read, and says why.
        var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[51 * 1024 * 1024]), "file", "gros.zip" } };
        var page = await Client.PostAsync("/import", form);
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var again = await Client.GetStringAsync(page.Headers.Location!.ToString());
        WebUtility.HtmlDecode(again).ShouldContain("le fichier dépasse 50 Mo (limite Import:MaxUploadMegabytes) : rien n'a été importé");
    }
}
