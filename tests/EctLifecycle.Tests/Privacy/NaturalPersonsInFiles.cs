using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Privacy;

/// <summary>The spreadsheet says who is a natural person too: the export writes it, the import reads it, files without it still import.</summary>
public class NaturalPersonsInFiles(AppFixture app) : ApiTest(app)
{
    private const string Projects = """
        clé;nom;secteur;commune;résumé;date d'émergence;cadre d'émergence;rôle du pôle;inspiré d'un autre territoire
        P1;Épicerie du Val;alimentation;Valfleuri;Épicerie solidaire;2016-03-15;structureNeed;animator;oui
        """;

    private const string Before = """
        clé projet;date;type;acteur;type d'acteur;local;rôle;porteur;de;vers;pôle intermédiaire;texte
        P1;2016-04-01;actorJoined;Marie Dupont;Habitant;oui;Initiateur;;;;;
        P1;2016-05-01;carrierIdentified;;;;;Marie Dupont;;;;
        P1;2017-05-01;carryingHandedOver;;;;;;Marie Dupont;Jean Martin;non;
        P1;2017-06-01;note;;;;;;;;;Paul Durand reprend la boutique
        """;

    private const string Flagged = """
        clé projet;date;type;acteur;type d'acteur;local;rôle;personne physique;porteur;de;vers;vers : personne physique;pôle intermédiaire;texte;nom concerné
        P1;2016-04-01;actorJoined;Marie Dupont;Habitant;oui;Initiateur;non;;;;;;;
        P1;2016-05-01;carrierIdentified;;;;;oui;Marie Dupont;;;;;;
        P1;2017-05-01;carryingHandedOver;;;;;;;Marie Dupont;Jean Martin;oui;non;;
        P1;2017-06-01;note;;;;;;;;;;;Paul Durand reprend la boutique;
        P1;2017-07-01;Marquage d'une personne physique;;;;;oui;;;;;;;Paul Durand
        """;

    private static byte[] Zip(params (string Name, string Content)[] files) => CsvZips.Zip(files);

    private async Task<JsonObject> ImportAsync(byte[] file, string name = "portefeuille.zip")
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(content, "file", name);
        var response = await Client.PostAsync("/api/imports", form);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    private async Task<List<JsonObject>> DataAsync() =>
        (await HistoryAsync((await GetJsonAsync("/api/projects"))["projects"]!.AsArray().Single()!["id"]!.GetValue<Guid>()))
            .Select(e => e!["data"]!.AsObject()).ToList();

    private static string? Flag(JsonObject data, string field = "naturalPerson") => data[field]?.ToJsonString();

    [Fact]
    public async Task the_import_reads_the_flags_and_the_marks_and_a_file_without_their_columns_still_imports()
    {
        await ImportAsync(Zip(("projects.csv", Projects), ("milestones.csv", Flagged)));
        var data = await DataAsync();
        data.Select(d => Flag(d)).ShouldBe([null, "false", "true", null, null, "true"]);
        Flag(data[3], "toNaturalPerson").ShouldBe("true");
        data[5]["name"]!.GetValue<string>().ShouldBe("Paul Durand");

        await App.ResetAsync();
        await ImportAsync(Zip(("projects.csv", Projects), ("milestones.csv", Before)));
        data = await DataAsync();
        data.ShouldAllBe(d => !d.ContainsKey("naturalPerson") && !d.ContainsKey("toNaturalPerson"));
        (await GetJsonAsync("/api/privacy/persons"))["persons"]!.AsArray().Select(p => p!["name"]!.GetValue<string>())
            .ShouldBe(["Marie Dupont"], "the inhabitant, by the rule");
    }

    [Fact]
    public async Task a_fact_imported_again_with_its_flag_said_is_the_same_fact_and_the_mark_is_new()
    {
        await ImportAsync(Zip(("projects.csv", Projects), ("milestones.csv", Before)));
        var again = await ImportAsync(Zip(("projects.csv", Projects), ("milestones.csv", Flagged)));
        again["eventsAppended"]!.GetValue<int>().ShouldBe(1, "the mark; the rows that only add a flag are already stored");
        var data = await DataAsync();
        data.Count.ShouldBe(6);
        data.Take(5).ShouldAllBe(d => !d.ContainsKey("naturalPerson") && !d.ContainsKey("toNaturalPerson"));
        data[5]["name"]!.GetValue<string>().ShouldBe("Paul Durand");
        data[5]["naturalPerson"]!.GetValue<bool>().ShouldBeTrue();
    }

    private async Task<List<string>> PersonsAsync() =>
        (await GetJsonAsync("/api/privacy/persons"))["persons"]!.AsArray()
            .Select(p => $"{p!["name"]}: {p["events"]} ({string.Join(", ", p["projects"]!.AsArray().Select(r => r!["basis"]))})").ToList();

    [Fact]
    public async Task the_export_writes_the_flags_and_the_marks_so_that_a_round_trip_keeps_them()
    {
        await ImportAsync(Zip(("projects.csv", Projects), ("milestones.csv", Flagged)));
        var before = await DataAsync();
        var register = await PersonsAsync();
        register.ShouldBe(["Jean Martin: 1 (said)", "Marie Dupont: 3 (said)", "Paul Durand: 2 (said)"],
            "Marie Dupont, said to be no person as an actor, was said to be one as the carrier");

        foreach (var format in new[] { "zip", "xlsx" })
        {
            var export = await Client.GetByteArrayAsync($"/api/exports/portfolio.{format}");
            await App.ResetAsync();
            await ImportAsync(export, $"export.{format}");
            var after = await DataAsync();
            after.Select(d => (Flag(d), Flag(d, "toNaturalPerson"), d["name"]?.ToJsonString()))
                .ShouldBe(before.Select(d => (Flag(d), Flag(d, "toNaturalPerson"), d["name"]?.ToJsonString())), format);
            (await PersonsAsync()).ShouldBe(register, format);
        }
    }
}
