using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EctLifecycle.Tests.Support;
using Npgsql;

namespace EctLifecycle.FaultTests;

/// <summary>
/// Zip bombs posted to the app as a process (a 4 MB upload once drove it from 1 GB to 9.35 GB): each is refused with a
/// French 400 naming the limit it passed, and the kernel's high-water mark of the app's memory stays where a small
/// import left it. The command line refuses the same file with a French message and a non-zero exit.
/// </summary>
public sealed class ZipBombTests(ITestOutputHelper output)
{
    private const double MaxGrowthMb = 300;

    [Fact]
    public async Task zip_bombs_are_refused_with_a_400_naming_the_limit_and_the_apps_memory_stays_bounded()
    {
        // No outage here: a schema of this test's own.
        await using var db = await OwnSchema.CreateAsync("ect_bomb");
        await RunAsync(db.ConnectionString, db.Name);
    }

    private async Task RunAsync(string connection, string schema)
    {
        await using var app = await AppProcess.StartAsync("zip-bombs", connection, schema);
        using var http = app.Client(await app.IssueAdminTokenAsync());

        // A small import first, so that what it loads and compiles is in the baseline, not in the bombs' growth.
        (await PostAsync(http, Warmup(), "petit.zip")).Status.ShouldBe(200);
        var baseline = app.PeakMemoryMb();
        output.WriteLine($"peak memory after a small import: {baseline:F0} MB");

        using var zeros = ZipBombs.Zeros(megabytes: 4096);
        using var rows = ZipBombs.CsvRows(megabytes: 300, numbered: true);
        using var workbook = ZipBombs.Workbook(megabytes: 2048);
        foreach (var (bomb, name, limit) in new[]
                 {
                     (zeros, "zeros.zip", "Import:MaxCompressionRatio"), (rows, "lignes.zip", "Import:MaxUnzippedMegabytes"),
                     (workbook, "classeur.xlsx", "Import:MaxCompressionRatio"),
                 })
        {
            var clock = Stopwatch.StartNew();
            var (status, detail) = await PostAsync(http, await File.ReadAllBytesAsync(bomb.Path), name);
            output.WriteLine($"{name}: {bomb}; answered {status} in {clock.ElapsedMilliseconds} ms; " +
                             $"the app's peak memory {app.PeakMemoryMb():F0} MB; « {detail} »");
            status.ShouldBe(400);
            detail.ShouldContain(limit);
        }
        var growth = app.PeakMemoryMb() - baseline;
        output.WriteLine($"growth of the app's peak memory over the three bombs: {growth:F0} MB (bound {MaxGrowthMb} MB)");
        growth.ShouldBeLessThan(MaxGrowthMb);

        var cli = await AppProcess.RunCommandAsync(connection, schema, "import", zeros.Path);
        output.WriteLine($"import {Path.GetFileName(zeros.Path)} on the command line: exit code {cli.ExitCode}, {cli.Stderr.Trim()}");
        cli.ExitCode.ShouldNotBe(0);
        cli.Stderr.ShouldContain("Fichier refusé");
        cli.Stderr.ShouldContain("se décompresse plus de 100 fois");
    }

    private static async Task<(int Status, string Detail)> PostAsync(HttpClient http, byte[] file, string name)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", name);
        using var answer = await http.PostAsync("/api/imports", form);
        var body = await answer.Content.ReadAsStringAsync();
        return ((int)answer.StatusCode, answer.IsSuccessStatusCode ? "" : JsonNode.Parse(body)?["detail"]?.GetValue<string>() ?? body);
    }

    private static byte[] Warmup()
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var csv = new StreamWriter(zip.CreateEntry("projects.csv").Open(), new UTF8Encoding(false)))
            csv.Write(ZipBombs.ProjectsHeader + "P1;Épicerie du Val;alimentation;Valfleuri;Épicerie solidaire;15/03/2016;structureNeed;animator;oui\n");
        return buffer.ToArray();
    }
}
