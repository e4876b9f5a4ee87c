using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using EctLifecycle.Actors;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.Actors;

/// <summary>
/// The milestone sheet carries the directory's id of the actor a milestone names (« identifiant annuaire ») and who
/// introduced it (« introduit par »): an export and its import keep them, and an import refuses an id the directory
/// does not know, naming its sheet, row and column.
/// </summary>
public class DirectoryIdsInFiles(AppFixture app) : DirectoryStory(app)
{
    private async Task<HttpResponseMessage> ImportAsync(byte[] file, string name)
    {
        var upload = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        upload.Add(content, "file", name);
        return await Client.PostAsync("/api/imports", upload);
    }

    // The directory as it was before a reset: the same entries under the same ids (the export does not carry it).
    private async Task RestoreAsync(params (Guid Id, string Name)[] entries)
    {
        await using var session = App.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        foreach (var (id, name) in entries)
            session.Events.StartStream<Actor>(id, new ActorRegistered(id, name, DirectoryKind.PublicBody, null, true, "test"));
        await session.SaveChangesAsync();
    }

    private static IEnumerable<string> Ids(JsonArray history) => history
        .Where(e => e!["data"]!["actorId"] is not null || e!["data"]!["introducedBy"] is not null)
        .Select(e => $"{e!["type"]}:{e["data"]!["actorId"]}:{e["data"]!["introducedBy"]}");

    [Fact]
    public async Task an_export_then_its_import_keep_the_directory_ids_of_actors_carriers_and_funders_and_who_introduced_them()
    {
        var mairie = await EnterAsync("Mairie de Lons");
        var region = await EnterAsync("Région");
        var project = await RegisterAsync();
        await LogAsync(project, Joining("Mairie de Lons", "2018-04-01", actorId: mairie, introducedBy: region.ToString()));
        await LogAsync(project, Joining("Ferme du Lac", "2018-04-02", introducedBy: "hub", kind: "farmer"));
        await LogAsync(project, new { type = "carrierIdentified", occurredOn = "2018-05-01", carrierName = "Mairie de Lons", actorId = mairie });
        await LogAsync(project, new
        {
            type = "fundingSecured", occurredOn = "2018-06-01", fundingId = "R-1", sourceKind = "publicSubsidy", funder = "Région",
            amountEuros = 5000, actorId = region,
        });
        var before = Ids(await HistoryAsync(project)).Order().ToList();
        before.Count.ShouldBe(4);

        foreach (var format in new[] { "zip", "xlsx" })
        {
            var export = await Client.GetByteArrayAsync($"/api/exports/portfolio.{format}");
            await App.ResetAsync();
            await RestoreAsync((mairie, "Mairie de Lons"), (region, "Région"));
            var imported = await ImportAsync(export, $"export.{format}");
            imported.StatusCode.ShouldBe(HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());

            var projects = (await GetJsonAsync("/api/projects"))["projects"]!.AsArray();
            var after = Ids(await HistoryAsync(projects.Single()!["id"]!.GetValue<Guid>())).Order().ToList();
            after.ShouldBe(before, format);
        }
    }

    [Fact]
    public async Task an_import_naming_an_id_the_directory_does_not_know_is_refused_on_its_cell_and_writes_nothing()
    {
        var known = await EnterAsync("Mairie de Lons");
        var unknown = Guid.NewGuid();
        var milestones = string.Join('\n',
            "clé projet;date;type;acteur;identifiant annuaire;type d'acteur;local;rôle;introduit par",
            $"P1;2018-04-01;actorJoined;Mairie de Lons;{known};publicBody;oui;partenaire;",
            $"P1;2018-04-02;actorJoined;Ferme du Lac;{unknown};farmer;oui;partenaire;",
            $"P1;2018-04-03;actorJoined;Les Semeurs;;association;oui;partenaire;{unknown}");
        var projects = string.Join('\n',
            "clé;nom;secteur;commune;résumé;date d'émergence;cadre d'émergence;rôle du pôle;inspiré d'un autre territoire",
            "P1;Épicerie du Val;alimentation;Valfleuri;Épicerie solidaire;15/03/2016;Besoin d'une structure;Animateur;oui");

        var response = await ImportAsync(CsvZips.Zip(("projects.csv", projects), ("milestones.csv", milestones)), "p.zip");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var rows = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["rows"]!.AsArray()
            .Select(r => $"{r!["sheet"]}|{r["row"]}|{r["column"]}|{r["message"]}").ToList();
        rows.ShouldBe(
        [
            $"milestones|3|identifiant annuaire|aucun acteur de l'annuaire n'a l'identifiant « {unknown} »",
            $"milestones|4|introduit par|aucun acteur de l'annuaire n'a l'identifiant « {unknown} » (ou « pôle »)",
        ]);
        (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().ShouldBeEmpty();

        var fixedFile = milestones.Replace(unknown.ToString(), known.ToString());
        (await ImportAsync(CsvZips.Zip(("projects.csv", projects), ("milestones.csv", fixedFile)), "p.zip")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var project = (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().Single()!["id"]!.GetValue<Guid>();
        Ids(await HistoryAsync(project)).Count().ShouldBe(3);
    }
    [Fact]
    public async Task an_import_whose_rows_carry_a_directory_id_links_the_names_as_typed_to_the_entry_as_the_api_does()
    {
        var mairie = await EnterAsync("Mairie de Lons-le-Saunier");
        var milestones = string.Join('\n',
            "clé projet;date;type;acteur;identifiant annuaire;type d'acteur;local;rôle;introduit par",
            $"P1;2018-04-01;actorJoined;Mairie de Lons;{mairie};publicBody;oui;partenaire;",
            $"P2;2018-04-02;actorJoined;Ville de Lons;{mairie};publicBody;oui;partenaire;pôle",
            "P2;2018-04-03;actorJoined;Les Semeurs;;association;oui;partenaire;");
        var projects = string.Join('\n',
            "clé;nom;secteur;commune;résumé;date d'émergence;cadre d'émergence;rôle du pôle;inspiré d'un autre territoire",
            "P1;Épicerie du Val;alimentation;Valfleuri;Épicerie solidaire;15/03/2016;Besoin d'une structure;Animateur;oui",
            "P2;Ressourcerie;réemploi;Valfleuri;Ressourcerie;15/03/2017;Besoin d'une structure;Animateur;oui");
        var file = CsvZips.Zip(("projects.csv", projects), ("milestones.csv", milestones));

        var dry = await Client.PostAsync("/api/imports?dryRun=true", Upload(file));
        dry.StatusCode.ShouldBe(HttpStatusCode.OK, await dry.Content.ReadAsStringAsync());
        (await GetJsonAsync($"/api/actors/{mairie}"))["links"]!.AsArray().ShouldBeEmpty("a dry run writes no link");

        (await ImportAsync(file, "p.zip")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var keys = (await GetJsonAsync("/api/projects"))["projects"]!.AsArray()
            .ToDictionary(p => p!["name"]!.GetValue<string>() == "Ressourcerie" ? "P2" : "P1", p => p!["id"]!.GetValue<Guid>());
        string Links(JsonObject actor) => string.Join(" | ", actor["links"]!.AsArray()
            .Select(l => $"{keys.Single(k => k.Value == l!["projectId"]!.GetValue<Guid>()).Key}:{l!["name"]}").Order());
        Links(await GetJsonAsync($"/api/actors/{mairie}")).ShouldBe("P1:Mairie de Lons | P2:Ville de Lons");

        // The same file again: its rows are already stored, and so are the links.
        (await ImportAsync(file, "p.zip")).StatusCode.ShouldBe(HttpStatusCode.OK);
        Links(await GetJsonAsync($"/api/actors/{mairie}")).ShouldBe("P1:Mairie de Lons | P2:Ville de Lons");
        (await ResolveAsync(keys["P1"], "Mairie de Lons")).ActorId.ShouldBe(mairie, "a later milestone typing the name without the id reads as the entry");
        (await ResolveAsync(keys["P2"], "Ville de Lons")).ActorId.ShouldBe(mairie);
        (await ResolveAsync(keys["P2"], "Les Semeurs")).ActorId.ShouldBeNull("a row without an id links nothing");
    }

    private static MultipartFormDataContent Upload(byte[] file)
    {
        var upload = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        upload.Add(content, "file", "p.zip");
        return upload;
    }
}
