using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EctLifecycle.Accounts;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EctLifecycle.Tests.Portfolio;

/// <summary>Who logs an imported fact is who imports it; a file's « saisi par » is kept as the fact's source, shown as such.</summary>
public class ImportedFactsSource(AppFixture app) : ApiTest(app)
{
    private const string Projects = """
        clé;nom;secteur;commune;résumé;date d'émergence;cadre d'émergence;rôle du pôle;inspiré d'un autre territoire;saisi par
        P1;Épicerie du Val;alimentation;Valfleuri;Épicerie solidaire;2016-03-15;structureNeed;animator;oui;admin
        """;

    private const string Milestones = """
        clé projet;date;type;acteur;type d'acteur;local;rôle;texte;saisi par
        P1;2016-04-01;actorJoined;Commune de Valfleuri;publicBody;oui;partner;;admin
        P1;2016-05-01;note;;;;;Réunion de lancement;Claire V.
        """;

    private const string Assessments = """
        projectKey;occurredOn;gridVersion;criterionId;points;rationale;loggedBy
        P1;2018-01-01;v1;cooperation-alive;2;réunions mensuelles;admin
        P1;2018-01-01;v1;social-cohesion;3;;admin
        """;

    private static byte[] Zip(params (string Name, string Content)[] files) => CsvZips.Zip(files);

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, byte[] file, string name = "portefeuille.zip")
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(content, "file", name);
        return client.PostAsync("/api/imports", form);
    }

    private async Task<Guid> ImportedProjectAsync() =>
        (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().Single()!["id"]!.GetValue<Guid>();

    [Fact]
    public async Task a_staff_member_cannot_import_facts_logged_by_the_admin_the_column_becomes_their_source()
    {
        var staff = App.ClientAs(Role.Staff);
        var response = await ImportAsync(staff, Zip(("projects.csv", Projects), ("milestones.csv", Milestones), ("assessments.csv", Assessments)));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());

        var id = await ImportedProjectAsync();
        var history = await HistoryAsync(id);
        history.Count.ShouldBe(4, "registration, two milestones, one assessment of two rows");
        history.ShouldAllBe(e => e!["loggedBy"]!.GetValue<string>() == AppFixture.LoginOf(Role.Staff));
        history.Select(e => e!["source"]!.GetValue<string>()).ShouldBe(["admin", "admin", "Claire V.", "admin"]);
        history.Select(e => e!["data"]!["source"]!.GetValue<string>()).ShouldBe(["admin", "admin", "Claire V.", "admin"]);

        var page = await staff.GetStringAsync($"/projets/{id}");
        page.ShouldContain("source : Claire V.");
        page.ShouldContain($"par Test {Role.Staff}", Case.Sensitive, "the account that imported, by its name");
    }

    [Fact]
    public async Task the_export_writes_the_source_back_so_that_a_round_trip_keeps_it()
    {
        (await ImportAsync(App.ClientAs(Role.Staff), Zip(("projects.csv", Projects), ("milestones.csv", Milestones)))).EnsureSuccessStatusCode();
        var id = await ImportedProjectAsync();
        await LogAsync(id, new { type = "note", occurredOn = "2017-01-01", text = "saisie à la main" });

        foreach (var format in new[] { "zip", "xlsx" })
        {
            var export = await Client.GetByteArrayAsync($"/api/exports/portfolio.{format}");
            await App.ResetAsync();
            (await ImportAsync(Client, export, $"export.{format}")).StatusCode.ShouldBe(HttpStatusCode.OK, format);
            var history = await HistoryAsync(await ImportedProjectAsync());
            history.ShouldAllBe(e => e!["loggedBy"]!.GetValue<string>() == AppFixture.LoginOf(Role.Admin), format);
            history.Select(e => e!["source"]!.GetValue<string>()).ShouldBe(
                ["admin", "admin", "Claire V.", AppFixture.LoginOf(Role.Admin)],
                $"{format}: a fact with no source is exported with who logged it, the admin who typed the note");
        }
    }

    [Fact]
    public async Task events_without_a_source_are_stored_and_read_as_before()
    {
        var id = await RegisterAsync();
        await LogAsync(id, Actor("Les Semeurs", "2018-04-01"));
        (await ImportAsync(Client, Zip(("projects.csv", Projects)))).EnsureSuccessStatusCode();

        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        await using var connection = App.Host.Services.GetRequiredService<NpgsqlDataSource>().CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select count(*) filter (where data ? 'source'), count(*) filter (where not data ? 'source') from {store.Options.Events.DatabaseSchemaName}.mt_events",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        reader.GetInt64(0).ShouldBe(1, "the imported registration");
        reader.GetInt64(1).ShouldBe(2, "the API's events have no source key at all");

        (await HistoryAsync(id)).ShouldAllBe(e => e!["source"] == null);
    }
}
