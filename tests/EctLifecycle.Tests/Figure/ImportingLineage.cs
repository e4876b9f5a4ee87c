using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Figure;

/// <summary>
/// A <c>bornOf</c> imported from a file follows the API's rules across projects: its source is a project of the file or of
/// the store (else the row is refused on « projet d'origine »), the lineage does not loop, and a source given by its id
/// is written as the API writes it, by the source's key.
/// </summary>
public class ImportingLineage(AppFixture app) : ApiTest(app)
{
    private const string Projects = """
        clé;nom;secteur;commune;résumé;date d'émergence;cadre d'émergence;rôle du pôle;inspiré d'un autre territoire
        N1;Épicerie du Val;alimentation;Valfleuri;Épicerie solidaire;2018-03-15;localProgramme;animator;non
        N2;Mobilité douce;mobilité;Bois-Joli;Vélos partagés;2018-01-10;localProgramme;animator;non
        """;

    private const string Header = "clé projet;date;type;né de;projet d'origine;méthode";

    private async Task<HttpResponseMessage> ImportAsync(params string[] milestones)
    {
        var upload = new MultipartFormDataContent();
        var content = new ByteArrayContent(CsvZips.Zip(("projects.csv", Projects), ("milestones.csv", string.Join('\n', [Header, .. milestones]))));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        upload.Add(content, "file", "p.zip");
        return await Client.PostAsync("/api/imports", upload);
    }

    private static async Task<List<string>> RowsAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["rows"]!.AsArray()
            .Select(r => $"{r!["sheet"]}|{r["row"]}|{r["column"]}|{r["message"]}").ToList();
    }

    private async Task<string> KeyAsync(Guid id) => (await HistoryAsync(id))[0]!["data"]!["key"]!.GetValue<string>();

    private async Task<Guid> IdOfAsync(string key) => (await GetJsonAsync("/api/projects"))["projects"]!.AsArray()
        .Single(p => p!["name"]!.GetValue<string>() == (key == "N1" ? "Épicerie du Val" : "Mobilité douce"))!["id"]!.GetValue<Guid>();

    private async Task<int> ProjectCountAsync() => (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().Count;

    [Fact]
    public async Task a_source_neither_in_the_file_nor_stored_is_refused_on_its_cell_and_nothing_is_written()
    {
        var rows = await RowsAsync(await ImportAsync("N1;2019-01-01;bornOf;otherProjectCollective;INCONNU;"));

        rows.ShouldBe(["milestones|2|projet d'origine|aucun projet du portefeuille n'a la clé « INCONNU » (ni dans la feuille projects, ni déjà enregistré)"]);
        (await ProjectCountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task a_cycle_within_the_file_or_through_the_stored_lineage_is_refused_as_the_api_refuses_it()
    {
        var within = await RowsAsync(await ImportAsync(
            "N1;2019-01-01;bornOf;otherProjectCollective;N2;",
            "N2;2019-01-01;Né d'un autre projet ou d'une méthode;spinOff;n1;"));
        within.Count.ShouldBe(2);
        within[0].ShouldStartWith("milestones|2|projet d'origine|le projet « N2 » est lui-même né, directement ou non, de ce projet");
        within[1].ShouldStartWith("milestones|3|projet d'origine|le projet « N1 » est lui-même né");
        (await ProjectCountAsync()).ShouldBe(0);

        // Stored: A born of N1 (imported), then the file says N1 is born of A.
        (await ImportAsync()).StatusCode.ShouldBe(HttpStatusCode.OK);
        var a = await RegisterAsync("Atelier vélo");
        await LogAsync(a, new { type = "bornOf", occurredOn = "2019-02-01", origin = "spinOff", sourceProject = "N1" });
        var aKey = await KeyAsync(a);
        var through = await RowsAsync(await ImportAsync($"N1;2019-03-01;bornOf;otherProjectCarrier;{aKey};"));
        through.ShouldBe([$"milestones|2|projet d'origine|le projet « {aKey} » est lui-même né, directement ou non, de ce projet : la filiation ne peut pas boucler"]);
        (await HistoryAsync(await IdOfAsync("N1"))).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_source_given_by_its_id_or_by_a_key_of_the_file_is_written_by_its_key_as_the_api_writes_it()
    {
        var stored = await RegisterAsync("Atelier vélo");
        var storedKey = await KeyAsync(stored);

        var response = await ImportAsync(
            $"N1;2019-01-01;bornOf;otherProjectCollective;{stored};",
            "N2;2019-01-01;bornOf;spinOff; n1 ;");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());

        (await HistoryAsync(await IdOfAsync("N1")))[1]!["data"]!["sourceProject"]!.GetValue<string>().ShouldBe(storedKey);
        (await HistoryAsync(await IdOfAsync("N2")))[1]!["data"]!["sourceProject"]!.GetValue<string>().ShouldBe("N1");
        // As the API would have written it: the same source by its id.
        var byApi = await RegisterAsync("Par l'API");
        await LogAsync(byApi, new { type = "bornOf", occurredOn = "2019-01-01", origin = "otherProjectCollective", sourceProject = stored.ToString() });
        (await HistoryAsync(byApi))[1]!["data"]!["sourceProject"]!.GetValue<string>().ShouldBe(storedKey);
    }
}
