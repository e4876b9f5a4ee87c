using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EctLifecycle.Portfolio;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Portfolio;

/// <summary>A CSV in Windows-1252 or UTF-16 is read right (a byte order mark, or the encoding chosen) or refused naming what it looks like.</summary>
public class ReadingEncodings(AppFixture app) : ApiTest(app)
{
    private const string Projects = """
        clé;nom;secteur;commune;résumé;date d'émergence;cadre d'émergence;rôle du pôle;inspiré d'un autre territoire
        P1;Épicerie du Val;alimentation;Valfleuri;Œuvre « solidaire » à 5 €;15/03/2016;Besoin d'une structure;Animateur;oui
        """;

    private static Encoding Windows1252
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(1252);
        }
    }

    private static byte[] Zip(byte[] projectsCsv)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = zip.CreateEntry("projects.csv").Open())
            entry.Write(projectsCsv);
        return buffer.ToArray();
    }

    private static byte[] Encoded(Encoding encoding, bool bom = false) =>
        [.. bom ? encoding.GetPreamble() : [], .. encoding.GetBytes(Projects.Replace("\r\n", "\n"))];

    private static PortfolioFile Read(byte[] csv, string? encoding = null)
    {
        CsvEncodings.TryParse(encoding, out var chosen).ShouldBeTrue();
        return PortfolioFormats.Read(new MemoryStream(Zip(csv)), "p.zip", new PortfolioReading(ImportLimits.Default, chosen));
    }

    private static void ReadRight(PortfolioFile file)
    {
        file.FormatErrors.ShouldBeEmpty();
        file.Projects.Single()["name"].ShouldBe("Épicerie du Val");
        file.Projects.Single()["summary"].ShouldBe("Œuvre « solidaire » à 5 €");
    }

    private static string Refusal(PortfolioFile file)
    {
        file.Projects.ShouldBeEmpty();
        return file.FormatErrors.ShouldHaveSingleItem().Message;
    }

    [Fact]
    public void a_windows_1252_csv_is_refused_by_default_naming_the_encoding_it_looks_like_and_read_right_when_chosen()
    {
        var latin = Encoded(Windows1252);
        var message = Refusal(Read(latin));
        message.ShouldContain("« projects.csv » n'est pas en UTF-8 (octet 0xE9, ligne 1)");
        message.ShouldContain("Windows-1252");
        message.ShouldContain("choisissez l'encodage windows-1252");
        ReadRight(Read(latin, "windows-1252"));
        ReadRight(Read(latin, "latin1"));
    }

    [Theory]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    public void a_utf16_csv_is_read_right_with_its_byte_order_mark_or_when_chosen_and_refused_without_either(string name)
    {
        var encoding = name == "utf-16le" ? Encoding.Unicode : Encoding.BigEndianUnicode;
        ReadRight(Read(Encoded(encoding, bom: true)));
        ReadRight(Read(Encoded(encoding), name));
        Refusal(Read(Encoded(encoding))).ShouldContain("UTF-16 sans marque d'ordre des octets");
    }

    [Fact]
    public void a_byte_order_mark_wins_over_the_encoding_chosen_and_utf8_read_as_windows_1252_is_refused()
    {
        ReadRight(Read(Encoded(Encoding.UTF8, bom: true), "windows-1252"));
        Refusal(Read(Encoded(new UTF8Encoding(false)), "windows-1252")).ShouldContain("est en UTF-8");
        ReadRight(Read(Encoded(new UTF8Encoding(false))));
    }

    [Fact]
    public void a_csv_that_ends_in_the_middle_of_a_character_is_refused()
    {
        var cut = Encoded(new UTF8Encoding(false));
        Refusal(Read([.. cut, 0xC3])).ShouldContain("au milieu d'un caractère");
    }

    private Task<HttpResponseMessage> ImportAsync(byte[] file, string? encoding)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(content, "file", "portefeuille.zip");
        if (encoding is not null) form.Add(new StringContent(encoding), "encoding");
        return Client.PostAsync("/api/imports", form);
    }

    [Fact]
    public async Task over_http_a_latin1_file_is_refused_then_imported_right_when_its_encoding_is_chosen()
    {
        var file = Zip(Encoded(Windows1252));
        var refused = await ImportAsync(file, null);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(refused))["detail"]!.GetValue<string>().ShouldContain("choisissez l'encodage windows-1252");
        (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().ShouldBeEmpty();

        var unknown = await ImportAsync(file, "ebcdic");
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(unknown))["errors"]!["encoding"]![0]!.GetValue<string>().ShouldContain("windows-1252");

        (await ImportAsync(file, "windows-1252")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var project = (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().Single()!.AsObject();
        project["name"]!.GetValue<string>().ShouldBe("Épicerie du Val");
    }
}
