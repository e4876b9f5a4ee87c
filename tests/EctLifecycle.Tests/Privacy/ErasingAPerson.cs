using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EctLifecycle.Journal;
using EctLifecycle.Privacy;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.Privacy;

/// <summary>
/// POST /api/privacy/erasures: the person's name is gone from every event, the history is as true as before. Every read
/// answers what it answered before, at every date, but for the name.
/// </summary>
public class ErasingAPerson(AppFixture app) : PeopleInHistories(app)
{
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();

    private static IEnumerable<string> Reads(Guid farm, Guid neighbour) =>
    [
        $"/api/projects/{farm}/history", $"/api/projects/{neighbour}/history", $"/api/projects/{farm}/drift",
        $"/api/analytics/projects/{farm}/drift?period=quarter",
        .. new[] { "2018-04-15", "2018-12-31", "2019-04-01", "2019-12-31", "2020-12-31", "2022-01-01" }.SelectMany(d => new[]
        {
            $"/api/projects/{farm}?asOf={d}", $"/api/projects?asOf={d}", $"/api/analytics/portfolio?asOf={d}",
            $"/api/reports/durability?asOf={d}&format=csv", $"/api/reports/durability?asOf={d}&format=md",
        }),
        $"/api/reports/durability/{farm}?asOf=2022-01-01", $"/api/reports/durability/{farm}?asOf=2022-01-01&format=md",
        "/api/projects", "/api/analytics/distribution", "/api/analytics/cohorts?by=legalForm", "/api/exports/portfolio.zip",
    ];

    [Fact]
    public async Task every_state_score_report_and_export_at_every_date_is_the_same_but_for_the_name()
    {
        var farm = await FarmAsync();
        var neighbour = await NeighbourAsync();
        var before = new Dictionary<string, string>();
        foreach (var url in Reads(farm, neighbour)) before[url] = await ReadAsync(Client, url);
        before[$"/api/projects/{farm}/history"].ShouldContain("GWENAËLLE KERBRAT", customMessage: "the test reads what it erases");

        var response = await EraseAsync(new { name = "gwenaëlle kerbrat", reason = "demande écrite du 12/03" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var done = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var pseudonym = done["pseudonym"]!.GetValue<string>();
        pseudonym.ShouldMatch("^Personne [0-9A-F]{4}$");
        done["projects"]!.GetValue<int>().ShouldBe(1);
        done["events"]!.GetValue<int>().ShouldBe(17, "the registration and every milestone that names the person");

        foreach (var url in Reads(farm, neighbour))
        {
            var after = await ReadAsync(Client, url);
            after.ShouldBe(Pseudonymised(before[url], pseudonym), url);
            ShouldNotName(after, url);
        }
        var history = await ReadAsync(Client, $"/api/projects/{farm}/history");
        history.ShouldContain("Jean Kerbrat");
        history.ShouldContain("\"Paulette\"");
        history.ShouldContain($"Ferme de {pseudonym}");
    }

    [Fact]
    public async Task a_timeline_kept_by_a_reports_read_is_read_again_after_an_erasure_another_instance_made()
    {
        var farm = await FarmAsync();
        // Another instance's timelines: the erasure made here does not tell it, the mark of the erasures does.
        var other = new EctLifecycle.Timelines.TimelineStore(App.Host.Services.GetRequiredService<EctLifecycle.EventStore.IEventRows>(), capacity: 100);
        static string Events(EctLifecycle.Projects.ProjectTimeline t) =>
            string.Join("\n", t.Entries.Select(e => System.Text.Json.JsonSerializer.Serialize(e.Event, e.Event.GetType()))).ToLowerInvariant();
        Events((await other.ReadManyAsync([farm], default)).Single()).ShouldContain("gwena", customMessage: "the test reads what it erases");
        other.Kept(farm).ShouldNotBeNull();

        await ErasedAsync();
        var after = (await other.ReadManyAsync([farm], default)).Single();
        Events(after).ShouldNotContain("gwena");
        after.Version.ShouldBe(other.Kept(farm)!.Version);
    }

    [Fact]
    public async Task a_dump_of_the_database_names_the_person_before_and_nowhere_after()
    {
        var farm = await FarmAsync();
        await NeighbourAsync();
        // Answers stored for repeated requests: today's name no one, so one that does is planted as a later answer could.
        var replay = await PlantAnswerAsync(farm, $"{{\"eventId\":\"{Guid.NewGuid()}\",\"version\":9,\"actorName\":\"Gwenaëlle Kerbrat\"}}");
        (await replay()).ShouldContain("Gwenaëlle Kerbrat");
        // A file's name in the journal, typed by someone: the one place of the journal a person's name can come in.
        await Audit.RecordAsync(Store, App.Clock, AuditKind.Import, AppFixture.LoginOf(EctLifecycle.Accounts.Role.Staff),
            "Import de « fiche Gwenaëlle Kerbrat.zip » : 1 projet créé.", details: new Dictionary<string, string> { ["file"] = "fiche Gwenaëlle Kerbrat.zip" });
        (await ReadAsync(Client, $"/projets/{farm}")).ShouldContain(Person, customMessage: "the page reads what the test looks for");
        (await ReadAsync(Client, $"/?q={Uri.EscapeDataString(Person)}")).ShouldContain("1 projet(s) retenu(s) sur 2");
        var dump = await DatabaseDump.TextAsync();
        dump.ShouldContain(Person, Case.Insensitive, "the dump reads what the test looks for");
        dump.ShouldContain("gwenaelle KERBRAT");

        var pseudonym = await ErasedAsync();

        dump = await DatabaseDump.TextAsync();
        ShouldNotName(dump, "pg_dump of the whole database");
        dump.ShouldContain($"Ferme de {pseudonym}");
        dump.ShouldContain("Jean Kerbrat");
        (await ReadAsync(Client, "/api/audit?kind=import")).ShouldContain($"fiche {pseudonym}.zip");
        var replayed = await replay();
        ShouldNotName(replayed, "a replayed answer");
        replayed.ShouldContain(pseudonym);
        // The pages: the project, its history, the portfolio's search.
        var page = await ReadAsync(Client, $"/projets/{farm}");
        ShouldNotName(page, "the project's page");
        page.ShouldContain(pseudonym);
        ShouldNotName(await ReadAsync(Client, "/?q=Kerbrat"), "the portfolio searched");
        (await ReadAsync(Client, $"/?q={Uri.EscapeDataString(Person)}")).ShouldContain("0 projet(s) retenu(s) sur 2");
        (await ReadAsync(Client, $"/?q={Uri.EscapeDataString(pseudonym)}")).ShouldContain("1 projet(s) retenu(s) sur 2");
    }

    [Fact]
    public async Task the_journal_records_who_when_why_and_how_many_without_the_name()
    {
        var farm = await FarmAsync();
        var pseudonym = await ErasedAsync(projectId: "P001");

        await using var session = Store.QuerySession();
        var entry = (await session.Query<AuditEntry>().Where(e => e.Kind == AuditKind.Erasure).ToListAsync()).ShouldHaveSingleItem();
        entry.Who.ShouldBe(AppFixture.LoginOf(EctLifecycle.Accounts.Role.Admin));
        entry.At.ShouldBe(App.Clock.GetUtcNow());
        entry.Details["events"].ShouldBe("17");
        entry.Details["projects"].ShouldBe("1");
        entry.Details["pseudonym"].ShouldBe(pseudonym);
        entry.Details["reason"].ShouldBe("demande écrite de la personne du 12/03");
        entry.Summary.ShouldContain(pseudonym);
        ShouldNotName(System.Text.Json.JsonSerializer.Serialize(entry), "the journal entry");

        var erasure = (await session.Query<Erasure>().ToListAsync()).ShouldHaveSingleItem();
        (erasure.Pseudonym, erasure.ProjectId, erasure.EventsMasked, erasure.CompletedAt).ShouldBe((pseudonym, farm, 17, App.Clock.GetUtcNow()));
        erasure.Streams.ShouldBe([farm]);
        var listed = await ReadAsync(Client, "/api/privacy/erasures");
        listed.ShouldContain(pseudonym);
        ShouldNotName(listed, "the list of erasures");
    }

    [Fact]
    public async Task the_preview_lists_the_projects_and_events_that_name_the_person()
    {
        var farm = await FarmAsync();
        var other = await RegisterAsync("Atelier vélo");
        await LogAsync(other, new { type = "note", occurredOn = "2019-01-01", text = "conseil de Gwenaelle Kerbrat" });
        await NeighbourAsync();

        var found = JsonNode.Parse(await ReadAsync(Client, $"/api/privacy/occurrences?name={Uri.EscapeDataString("GWENAËLLE  kerbrat")}"))!;
        found["projects"]!.GetValue<int>().ShouldBe(2);
        found["events"]!.GetValue<int>().ShouldBe(18);
        found["byProject"]!.AsArray().Select(p => (p!["projectId"]!.GetValue<Guid>(), p["key"]!.GetValue<string>(), p["events"]!.GetValue<int>()))
            .ShouldBe([(farm, "P001", 17), (other, "P002", 1)], "a project registered without a key gets the next readable one");
        var one = JsonNode.Parse(await ReadAsync(Client, $"/api/privacy/occurrences?name=Kerbrat&projectId=p001"))!;
        (one["projects"]!.GetValue<int>(), one["events"]!.GetValue<int>()).ShouldBe((1, 18), "Jean and Gwenaëlle in the farm");
        var none = JsonNode.Parse(await ReadAsync(Client, "/api/privacy/occurrences?name=Paul"))!;
        none["events"]!.GetValue<int>().ShouldBe(0, "Paulette is not Paul");

        // An erasure limited to one project leaves the other as it was.
        var pseudonym = await ErasedAsync(projectId: farm.ToString());
        ShouldNotName(await ReadAsync(Client, $"/api/projects/{farm}/history"), "the farm");
        (await ReadAsync(Client, $"/api/projects/{other}/history")).ShouldContain("Gwenaelle Kerbrat");
        found = JsonNode.Parse(await ReadAsync(Client, $"/api/privacy/occurrences?name={Uri.EscapeDataString(pseudonym)}"))!;
        found["events"]!.GetValue<int>().ShouldBe(17);
    }

    [Fact]
    public async Task bad_requests_are_refused_naming_the_field_in_french_and_change_nothing()
    {
        var farm = await FarmAsync();
        var other = await RegisterAsync("Atelier vélo");
        await LogAsync(other, new { type = "note", occurredOn = "2019-01-01", text = "conseil de Gwenaëlle Kerbrat" });
        var history = await ReadAsync(Client, $"/api/projects/{farm}/history");

        async Task Refused(object body, HttpStatusCode status, string field, string message)
        {
            var response = await EraseAsync(body);
            var problem = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(status, problem);
            if (field != "") JsonNode.Parse(problem)!["errors"]![field]![0]!.GetValue<string>().ShouldContain(message, Case.Sensitive, problem);
            else JsonNode.Parse(problem)!["detail"]!.GetValue<string>().ShouldContain(message, Case.Sensitive, problem);
        }

        await Refused(new { name = "Al", reason = "demande" }, HttpStatusCode.BadRequest, "name", "au moins 3 lettres");
        await Refused(new { name = "  ", reason = "demande" }, HttpStatusCode.BadRequest, "name", "ne peut pas être vide");
        await Refused(new { name = Person }, HttpStatusCode.BadRequest, "reason", "champ obligatoire");
        await Refused(new { name = Person, reason = "demande de GWENAELLE kerbrat" }, HttpStatusCode.BadRequest, "reason", "ne doit pas contenir le nom");
        await Refused(new { name = Person, reason = "demande", projectId = "P999" }, HttpStatusCode.BadRequest, "projectId", "aucun projet de clé ou d'identifiant « P999 »");
        await Refused(new { name = Person, reason = "demande", projetId = "P001" }, HttpStatusCode.BadRequest, "projetId", "champ inconnu");
        await Refused(new { name = 12, reason = "demande" }, HttpStatusCode.BadRequest, "name", "doit être un texte");
        await Refused(new { name = "Paul", reason = "demande" }, HttpStatusCode.NotFound, "", "aucun événement d'aucun projet ne nomme cette personne");
        await Refused(new { name = "Jean Kerbrat", reason = "demande", projectId = other.ToString() }, HttpStatusCode.NotFound, "",
            "aucun événement du projet P002 ne nomme cette personne ; 1 autre(s) projet(s) la nomment");
        (await EraseAsync(new { name = Person, reason = "demande" }, App.ClientAs(EctLifecycle.Accounts.Role.Staff))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await EraseAsync(new { name = Person, reason = "demande" }, App.ClientAs(EctLifecycle.Accounts.Role.Analyst))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await App.ClientAs(EctLifecycle.Accounts.Role.Staff).GetAsync($"/api/privacy/occurrences?name=Kerbrat")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var badSearch = await Client.GetAsync("/api/privacy/occurrences?name=Al&projectId=P999");
        badSearch.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = JsonNode.Parse(await badSearch.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(["name", "projectId"], ignoreOrder: true);

        (await ReadAsync(Client, $"/api/projects/{farm}/history")).ShouldBe(history);
        await using var session = Store.QuerySession();
        (await session.Query<Erasure>().CountAsync()).ShouldBe(0);
        (await session.Query<AuditEntry>().Where(e => e.Kind == AuditKind.Erasure).CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task a_person_erased_is_one_actor_under_one_pseudonym_and_each_erasure_has_its_own()
    {
        var farm = await FarmAsync();
        var first = await ErasedAsync();
        var second = await ErasedAsync("Jean Kerbrat");
        second.ShouldNotBe(first);
        var state = JsonNode.Parse(await ReadAsync(Client, $"/api/projects/{farm}?asOf=2018-12-31"))!;
        state["collective"]!.AsArray().Select(a => a!["actorName"]!.GetValue<string>()).ShouldBe([first, second, "Paulette"]);
        // The actor who left, named in capitals: still the one actor. The carrier, named without the accents, was another
        // name for the app: it keeps a pseudonym of its own, so that no state or score changes.
        state["carrier"]!["name"]!.GetValue<string>().ShouldBe($"{first}-2");
        var later = JsonNode.Parse(await ReadAsync(Client, $"/api/projects/{farm}?asOf=2019-12-31"))!;
        later["collective"]!.AsArray().Single(a => a!["actorName"]!.GetValue<string>() == first)!["leftOn"]!.GetValue<string>().ShouldBe("2019-07-01");
        (await EraseAsync(new { name = Person, reason = "deuxième demande" })).StatusCode.ShouldBe(HttpStatusCode.NotFound, "already erased");
    }

    [Fact]
    public async Task two_actors_the_app_tells_apart_by_an_accent_stay_two_after_the_erasure_and_no_figure_moves()
    {
        // « Léa Morel » and « Lea Morel » are two actors for the app (it ignores only the case): erasing « Léa Morel »,
        // found whatever the accents, must not merge them, or the collective, its local share and the score would move.
        var id = await RegisterAsync("Atelier vélo");
        await LogAsync(id, Actor("Léa Morel", "2020-04-01", kind: "inhabitant", role: "initiator"));
        await LogAsync(id, Actor("Lea Morel", "2020-04-02", kind: "farmer", isLocal: false));
        await LogAsync(id, Actor("Association Roue Libre", "2020-04-03"));
        await LogAsync(id, new { type = "note", occurredOn = "2020-05-01", text = "Réunion chez MOREL Léa, rue des Écoles" });
        await LogAsync(id, new { type = "actorLeft", occurredOn = "2021-04-03", actorName = "Lea Morel", reason = "départ" });
        string[] urls = [.. new[] { "2020-04-15", "2021-01-01", "2022-01-01" }.Select(d => $"/api/projects/{id}?asOf={d}"), $"/api/projects/{id}/drift"];
        var before = new Dictionary<string, string>();
        foreach (var url in urls) before[url] = await ReadAsync(Client, url);
        before[urls[1]].ShouldContain("Léa Morel", customMessage: "the test reads both actors");
        before[urls[1]].ShouldContain("Lea Morel", customMessage: "the test reads both actors");

        var response = await EraseAsync(new { name = "Léa Morel", reason = "demande orale" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var pseudonym = (await response.Content.ReadFromJsonAsync<JsonObject>())!["pseudonym"]!.GetValue<string>();

        // Numbered in the order the erasure meets them: the inhabitant, the farmer, the note's « MOREL Léa ».
        foreach (var url in urls)
            (await ReadAsync(Client, url)).ShouldBe(before[url].Replace("Léa Morel", pseudonym, StringComparison.Ordinal)
                .Replace("Lea Morel", $"{pseudonym}-2", StringComparison.Ordinal).Replace("MOREL Léa", $"{pseudonym}-3", StringComparison.Ordinal), url);
        var history = await ReadAsync(Client, $"/api/projects/{id}/history");
        history.ShouldNotContain("Morel", Case.Insensitive);
        history.ShouldContain("Réunion chez " + pseudonym + "-3, rue des Écoles", customMessage: "the name in the other order is found too");
    }

    [Fact]
    public async Task a_stream_holding_an_event_this_version_cannot_read_is_masked_event_by_event()
    {
        var farm = await RegisterAsync("Les Paniers");
        await LogAsync(farm, Actor(Person, "2018-05-01", "farmer"));
        var schema = Store.Options.Events.DatabaseSchemaName;
        await using (var db = Npgsql.NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_CONNECTION_STRING")!))
        await using (var insert = db.CreateCommand(
            $"insert into {schema}.mt_events (seq_id, id, stream_id, version, data, type, mt_dotnet_type) values " +
            $"(nextval('{schema}.mt_events_sequence'), gen_random_uuid(), '{farm}', 3, '{{\"x\":1}}', 'event_of_a_newer_version', 'Ect.Future, Ect');" +
            $"update {schema}.mt_streams set version = 3 where id = '{farm}';"))
            await insert.ExecuteNonQueryAsync();
        await LogAsync(farm, new { type = "note", occurredOn = "2018-06-01", text = "Gwenaëlle Kerbrat rappelle" });

        var pseudonym = await ErasedAsync();

        var history = await ReadAsync(Client, $"/api/projects/{farm}/history");
        ShouldNotName(history, "the history");
        history.ShouldContain($"{pseudonym} rappelle");
        (await DatabaseDump.TextAsync()).ShouldNotContain("Gwenaëlle", Case.Insensitive);
    }

    /// <summary>
    /// Stores a first answer to a milestone request with an Idempotency-Key, as the app stores one; returns a replay of it
    /// (the same request again), read as text.
    /// </summary>
    private async Task<Func<Task<string>>> PlantAnswerAsync(Guid project, string body)
    {
        var request = System.Text.Encoding.UTF8.GetBytes("{\"type\":\"note\",\"occurredOn\":\"2019-01-01\",\"text\":\"x\"}");
        await using (var session = Store.LightweightSession())
        {
            session.Store(new EctLifecycle.Timelines.IdempotencyRecord
            {
                Id = $"milestones:{project}:planted", StatusCode = 200, Body = body, CreatedAt = App.Clock.GetUtcNow(),
                RequestHash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(request)),
            });
            await session.SaveChangesAsync();
        }
        return async () =>
        {
            using var replay = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{project}/milestones")
            {
                Content = new ByteArrayContent(request) { Headers = { ContentType = new("application/json") } },
                Headers = { { "Idempotency-Key", "planted" } },
            };
            var response = await Client.SendAsync(replay);
            response.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
            return await response.Content.ReadAsStringAsync();
        };
    }
}
