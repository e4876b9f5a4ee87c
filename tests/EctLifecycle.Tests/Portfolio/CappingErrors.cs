using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EctLifecycle.Accounts;
using EctLifecycle.Portfolio;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Portfolio;

/// <summary>A file of 200,000 bad rows answers with its first 200 errors by sheet and row and their total, on the API and the page.</summary>
public partial class CappingErrors(AppFixture app) : ApiTest(app)
{
    private const int BadRows = 200_000;

    /// <summary>One good project, then 200,000 milestones of a project nobody registered.</summary>
    private static byte[] BadFile()
    {
        var milestones = new StringBuilder("clé projet;date;type;texte\n");
        for (var i = 0; i < BadRows; i++) milestones.Append("P404;2019-01-01;note;ligne ").Append(i).Append('\n');
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var w = new StreamWriter(zip.CreateEntry("projects.csv").Open()))
                w.Write(ZipBombs.ProjectsHeader + "P1;Épicerie du Val;alimentation;Valfleuri;Épicerie solidaire;15/03/2016;structureNeed;animator;oui\n");
            using (var w = new StreamWriter(zip.CreateEntry("milestones.csv").Open())) w.Write(milestones);
        }
        return buffer.ToArray();
    }

    private static MultipartFormDataContent Form(byte[] file)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(content, "file", "portefeuille.zip");
        return form;
    }

    [Fact]
    public async Task the_api_lists_the_first_200_errors_by_row_and_counts_them_all()
    {
        var response = await Client.PostAsync("/api/imports", Form(BadFile()));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body.Length.ShouldBeLessThan(100_000, "not 47 MB");

        var problem = JsonNode.Parse(body)!.AsObject();
        problem["errorCount"]!.GetValue<int>().ShouldBe(BadRows);
        problem["detail"]!.GetValue<string>().ShouldBe("Les 200 premières erreurs sur 200\u202f000, par feuille, ligne et colonne");
        var rows = problem["rows"]!.AsArray().Select(r => r!["row"]!.GetValue<int>()).ToList();
        rows.ShouldBe(Enumerable.Range(2, 200), "the first rows of the file, in order");
        problem["rows"]![0]!["message"]!.GetValue<string>().ShouldContain("projet inconnu « P404 »");
        (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public void errors_found_out_of_order_keep_the_first_by_sheet_and_row()
    {
        var errors = new ImportErrors(3);
        foreach (var (sheet, row) in new[] { ("assessments", 2), ("milestones", 9), ("projects", 5), ("milestones", 3), ("fichier", 0), ("milestones", 3) })
            errors.Add(new ImportError(sheet, row, null, $"{sheet} {row}"));
        errors.Count.ShouldBe(6);
        errors.First().Select(e => e.Message).ShouldBe(["fichier 0", "projects 5", "milestones 3"]);
    }

    [Fact]
    public async Task the_import_page_shows_the_same_cap()
    {
        var staff = App.ClientAs(Role.Staff);
        var page = await staff.GetAsync("/import");
        var html = await page.Content.ReadAsStringAsync();
        var token = Token().Match(html).Groups[1].Value;
        var form = Form(BadFile());
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var post = new HttpRequestMessage(HttpMethod.Post, "/import") { Content = form };
        post.Headers.Add("Cookie", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

        var answer = await staff.SendAsync(post);
        var result = WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync());
        answer.StatusCode.ShouldBe(HttpStatusCode.OK, result);
        result.ShouldContain("Les 200 premières erreurs sur 200\u202f000 dans portefeuille.zip : rien n'a été importé.");
        Regex.Matches(result, "<td class=\"num\">").Count.ShouldBe(200);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
