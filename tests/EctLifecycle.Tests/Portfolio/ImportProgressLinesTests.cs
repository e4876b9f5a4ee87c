using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EctLifecycle.Accounts;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Portfolio;

/// <summary>
/// The import's progress, asked with <c>Accept: application/x-ndjson</c> (the page's script does): one JSON line per
/// step while the file is read, checked and written, the last one carrying the result; without it, the answers are
/// the page and the API's JSON as before.
/// </summary>
public partial class ImportProgressLinesTests(AppFixture app) : ApiTest(app)
{
    private const int Projects = 300;

    private static byte[] File(int projects, string? badDate = null) => CsvZips.Zip(("projects.csv", string.Join('\n',
        Enumerable.Range(1, projects).Select(i =>
                $"P{i:000};Projet {i};alimentation;Valfleuri;Épicerie;{(i == 7 && badDate is not null ? badDate : "2016-03-01")};Besoin d'une structure;Animateur;oui")
            .Prepend("clé;nom;secteur;commune;résumé;date d'émergence;cadre d'émergence;rôle du pôle;inspiré d'un autre territoire"))));

    private static MultipartFormDataContent Form(byte[] file)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return new MultipartFormDataContent { { content, "file", "portefeuille.zip" } };
    }

    private async Task<List<JsonObject>> PagePostAsync(byte[] file)
    {
        var staff = App.ClientAs(Role.Staff);
        var page = await staff.GetAsync("/import");
        var form = Form(file);
        form.Add(new StringContent(Token().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value), "__RequestVerificationToken");
        var post = new HttpRequestMessage(HttpMethod.Post, "/import") { Content = form };
        post.Headers.Add("Cookie", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        post.Headers.Accept.ParseAdd("application/x-ndjson");
        return await LinesAsync(await staff.SendAsync(post));
    }

    private async Task<List<JsonObject>> ApiPostAsync(byte[] file)
    {
        var post = new HttpRequestMessage(HttpMethod.Post, "/api/imports") { Content = Form(file) };
        post.Headers.Accept.ParseAdd("application/x-ndjson");
        return await LinesAsync(await Client.SendAsync(post));
    }

    private static async Task<List<JsonObject>> LinesAsync(HttpResponseMessage answer)
    {
        var body = await answer.Content.ReadAsStringAsync();
        answer.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        answer.Content.Headers.ContentType!.MediaType.ShouldBe("application/x-ndjson");
        answer.Headers.CacheControl!.NoStore.ShouldBeTrue();
        body.ShouldEndWith("\n");
        return body.TrimEnd('\n').Split('\n').Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
    }

    private static void ProgressesInOrder(List<JsonObject> lines, string checking)
    {
        lines[^1]["stage"]!.GetValue<string>().ShouldBe("fin");
        lines.Count(l => l["stage"]!.GetValue<string>() == "fin").ShouldBe(1);
        var steps = lines[..^1];
        steps.Select(l => l["stage"]!.GetValue<string>()).Distinct().First().ShouldBe("lecture");
        steps.Where(l => l["stage"]!.GetValue<string>() == "lecture").Last()["done"]!.GetValue<long>()
            .ShouldBe(steps[0]["total"]!.GetValue<long>(), "the file is read to its end");
        var checks = steps.Where(l => l["stage"]!.GetValue<string>() == checking).ToList();
        checks.Count.ShouldBeGreaterThan(2, "the rows are checked 64 projects at a time, each step reported");
        checks.Select(l => l["total"]!.GetValue<int>()).ShouldAllBe(t => t == Projects);
        checks.Select(l => l["done"]!.GetValue<int>()).ShouldBeInOrder(SortDirection.Ascending);
        checks[^1]["done"]!.GetValue<int>().ShouldBe(Projects);
        checks[^1]["text"]!.GetValue<string>().ShouldEndWith($"{Projects} ligne(s) sur {Projects}");
    }

    [Fact]
    public async Task the_page_streams_reading_checking_and_writing_then_the_result_as_the_page_shows_it()
    {
        var lines = await PagePostAsync(File(Projects));

        ProgressesInOrder(lines, "vérification et écriture");
        var written = lines.Where(l => l["stage"]!.GetValue<string>() == "écriture").ToList();
        written.ShouldNotBeEmpty();
        written[^1]["done"]!.GetValue<int>().ShouldBe(Projects);
        written[^1]["text"]!.GetValue<string>().ShouldBe($"Écriture : {Projects} événement(s) sur {Projects}");
        lines[^1]["ok"]!.GetValue<bool>().ShouldBeTrue();
        WebUtility.HtmlDecode(lines[^1]["html"]!.GetValue<string>())
            .ShouldContain($"Import réussi pour portefeuille.zip :\n        {Projects} lignes lues, {Projects} projet(s) créé(s)");
    }

    [Fact]
    public async Task a_file_sent_twice_imports_once_whether_the_second_comes_after_or_alongside_the_first()
    {
        var first = PagePostAsync(File(Projects));
        var alongside = PagePostAsync(File(Projects));
        var both = await Task.WhenAll(first, alongside);
        var after = await PagePostAsync(File(Projects));

        var html = both.Append(after).Select(l => WebUtility.HtmlDecode(l[^1]["html"]!.GetValue<string>())).ToList();
        html.Count(h => h.Contains($"{Projects} projet(s) créé(s)")).ShouldBe(1, string.Join("\n---\n", html));
        html[2].ShouldContain($"0 projet(s) créé(s), 0 événement(s) ajouté(s),\n        {Projects} ligne(s) déjà importée(s)");
    }

    [Fact]
    public async Task a_file_with_a_bad_cell_streams_its_check_and_ends_with_the_error_table()
    {
        var lines = await PagePostAsync(File(Projects, badDate: "31/02/2016"));

        lines[^1]["ok"]!.GetValue<bool>().ShouldBeFalse();
        var html = WebUtility.HtmlDecode(lines[^1]["html"]!.GetValue<string>());
        html.ShouldContain("1 erreur dans portefeuille.zip : rien n'a été importé.");
        html.ShouldContain("<td>projects</td><td class=\"num\">8</td><td>date d'émergence</td>");
        lines.ShouldNotContain(l => l["stage"]!.GetValue<string>() == "écriture", "a failed plan writes nothing");
    }

    [Fact]
    public async Task the_api_streams_the_same_progress_and_ends_with_its_summary_or_its_problem()
    {
        var done = await ApiPostAsync(File(Projects));
        ProgressesInOrder(done, "vérification et écriture");
        done[^1]["status"]!.GetValue<int>().ShouldBe(200);
        done[^1]["summary"]!["projectsCreated"]!.GetValue<int>().ShouldBe(Projects);

        var refused = await ApiPostAsync(File(Projects, badDate: "2016-02-30"));
        refused[^1]["status"]!.GetValue<int>().ShouldBe(400);
        var problem = refused[^1]["problem"]!;
        problem["errorCount"]!.GetValue<int>().ShouldBe(1);
        problem["rows"]![0]!["column"]!.GetValue<string>().ShouldBe("date d'émergence");
    }

    [Fact]
    public async Task a_workbook_is_followed_as_it_is_read_to_its_end()
    {
        var workbook = new MemoryStream();
        EctLifecycle.Portfolio.PortfolioFormats.Write(
            EctLifecycle.Portfolio.PortfolioFormats.Read(new MemoryStream(File(Projects)), "portefeuille.zip"), workbook, EctLifecycle.Portfolio.PortfolioFormat.Xlsx);
        var content = new ByteArrayContent(workbook.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var post = new HttpRequestMessage(HttpMethod.Post, "/api/imports?dryRun=true")
        {
            Content = new MultipartFormDataContent { { content, "file", "portefeuille.xlsx" } },
        };
        post.Headers.Accept.ParseAdd("application/x-ndjson");
        var lines = await LinesAsync(await Client.SendAsync(post));

        ProgressesInOrder(lines, "vérification");
        lines[0]["total"]!.GetValue<long>().ShouldBe(workbook.Length);
        var reading = lines.Where(l => l["stage"]!.GetValue<string>() == "lecture").Select(l => l["done"]!.GetValue<long>()).ToList();
        reading.Count.ShouldBeGreaterThan(3, "the workbook's reading is followed step by step, not at once");
        reading.ShouldBeInOrder(SortDirection.Ascending);
        lines[^1]["summary"]!["rowsRead"]!.GetValue<int>().ShouldBe(Projects);
    }

    [Fact]
    public async Task a_dry_run_reports_checking_alone()
    {
        var post = new HttpRequestMessage(HttpMethod.Post, "/api/imports?dryRun=true") { Content = Form(File(Projects)) };
        post.Headers.Accept.ParseAdd("application/x-ndjson");
        var lines = await LinesAsync(await Client.SendAsync(post));

        ProgressesInOrder(lines, "vérification");
        lines.Select(l => l["stage"]!.GetValue<string>()).Distinct().ShouldBe(["lecture", "vérification", "fin"]);
        lines[^1]["summary"]!["dryRun"]!.GetValue<bool>().ShouldBeTrue();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
