using EctLifecycle.Timelines;
using EctLifecycle.EventStore;
using EctLifecycle.Http;
using EctLifecycle.Projects;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EctLifecycle.Tests.EventStore;

/// <summary>
/// The contract between Marten and the app's own readers and writers below its API (<see cref="EventStoreSchema"/>),
/// checked against the schema Marten really creates and the rows it really writes: a Marten upgrade that adds a table,
/// a column or a kind of row fails here, before it fails a read in production.
/// </summary>
public class MartenSchemaContract(AppFixture app) : ApiTest(app)
{
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();
    private string Schema => Store.Options.Events.DatabaseSchemaName;

    [Fact]
    public async Task the_event_tables_marten_creates_are_the_ones_the_app_knows()
    {
        await RegisterAsync(); // the tables exist once something is written
        var tables = await ColumnsAsync();
        tables.Keys.Where(t => !t.StartsWith("mt_doc_")).ToHashSet().ShouldBe(EventStoreSchema.Tables.ToHashSet(), ignoreOrder: true,
            "a new table of Marten's event store: do the app's readers, its import and its reset need to know it?");
    }

    [Fact]
    public async Task every_column_of_the_events_and_streams_is_read_written_or_knowingly_left_alone()
    {
        await RegisterAsync();
        var tables = await ColumnsAsync();
        var events = Split(EventStoreSchema.EventColumnsRead).Concat(Split(EventStoreSchema.EventColumnsCopied))
            .Concat(EventStoreSchema.EventColumnsLeftAlone.Keys).ToHashSet();
        tables["mt_events"].Select(c => c.Name).ToHashSet().ShouldBe(events, ignoreOrder: true, "columns of mt_events");
        var streams = Split(EventStoreSchema.StreamColumnsWritten).Concat(EventStoreSchema.StreamColumnsRead)
            .Concat(EventStoreSchema.StreamColumnsLeftAlone.Keys).ToHashSet();
        tables["mt_streams"].Select(c => c.Name).ToHashSet().ShouldBe(streams, ignoreOrder: true, "columns of mt_streams");

        // What the import's COPY leaves out must be nullable or have a default, else every import fails.
        tables["mt_events"].Where(c => c.Required).Select(c => c.Name).ShouldBeSubsetOf(Split(EventStoreSchema.EventColumnsCopied));
        tables["mt_streams"].Where(c => c.Required).Select(c => c.Name).ShouldBeSubsetOf(Split(EventStoreSchema.StreamColumnsWritten));
    }

    [Fact]
    public async Task every_kind_of_row_marten_writes_after_a_failed_append_is_a_project_event_or_a_kind_the_app_skips()
    {
        var id = await RegisterAsync();
        await LogAsync(id, Actor("Mairie", "2018-05-01", "publicBody"));
        await ProvokeTombstonesAsync(id);

        var kinds = await ScalarsAsync<string>($"select distinct type from {Schema}.mt_events");
        var projectKinds = EventStoreSchema.StoredNames((StoreOptions)Store.Options).Select(n => n.Alias);
        kinds.ShouldContain("tombstone");
        kinds.Except(projectKinds).ShouldBeSubsetOf(EventStoreSchema.MartenRowKinds,
            "Marten wrote a kind of row the app's low-level readers do not know");

        // ... and every reader of the portfolio goes on answering, from memory and from a cold load.
        await EveryPortfolioReadAnswersAsync(projects: 1);
        (await Client.PostAsync("/api/admin/projections/rebuild", null)).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        await EveryPortfolioReadAnswersAsync(projects: 1);
        // Reads of every project start from the registrations and never meet the tombstones' stream; a read of that stream
        // by its id skips them and reports them.
        var tombstones = (await ScalarsAsync<Guid>($"select stream_id from {Schema}.mt_events where type = 'tombstone' limit 1")).Single();
        await using (var session = Store.QuerySession()) (await session.LoadTimelineAsync(tombstones, default)).ShouldBeNull();
        TimelineStore.Of(Store).Skipped.Counts.Keys.ShouldContain("tombstone");
    }

    /// <summary>
    /// A real failed unit of work, as when two app instances race the same Idempotency-Key: an append and an insert of
    /// a document that already exists, saved together. Marten then writes tombstones in the background.
    /// </summary>
    private async Task ProvokeTombstonesAsync(Guid id)
    {
        await using (var first = Store.LightweightSession())
        {
            first.Insert(new IdempotencyRecord { Id = "contract", RequestHash = "x", Body = "{}" });
            await first.SaveChangesAsync();
        }
        await using (var second = Store.LightweightSession())
        {
            second.Events.Append(id, new NoteAdded(id, new DateOnly(2018, 6, 1), "test", "jamais enregistrée"));
            second.Insert(new IdempotencyRecord { Id = "contract", RequestHash = "y", Body = "{}" });
            await Should.ThrowAsync<Exception>(() => second.SaveChangesAsync());
        }
        for (var i = 0; i < 100 && (await ScalarsAsync<string>($"select type from {Schema}.mt_events where type = 'tombstone'")).Count == 0; i++)
            await Task.Delay(100);
    }

    [Fact]
    public async Task a_database_already_holding_tombstones_archived_streams_and_rows_of_another_version_serves_every_read()
    {
        var id = await RegisterAsync();
        await LogAsync(id, Actor("Mairie", "2018-05-01", "publicBody"));
        var archived = await RegisterAsync("Archivé");
        // An earlier process's tombstone stream, an archived stream, and an event type of a newer version of the app
        // appended last to a project's stream.
        var tombstoneStream = Guid.NewGuid();
        await ExecuteAsync(
            $"insert into {Schema}.mt_streams (id, version) values ('{tombstoneStream}', 0);" +
            $"insert into {Schema}.mt_events (seq_id, id, stream_id, version, data, type, mt_dotnet_type) values " +
            $"(nextval('{Schema}.mt_events_sequence'), gen_random_uuid(), '{tombstoneStream}', 999, '{{}}', 'tombstone', 'Marten.Events.Operations.Tombstone, Marten');" +
            $"update {Schema}.mt_streams set is_archived = true where id = '{archived}';" +
            $"update {Schema}.mt_events set is_archived = true where stream_id = '{archived}';" +
            $"insert into {Schema}.mt_events (seq_id, id, stream_id, version, data, type, mt_dotnet_type) values " +
            $"(nextval('{Schema}.mt_events_sequence'), gen_random_uuid(), '{id}', 3, '{{\"x\":1}}', 'event_of_a_newer_version', 'Ect.Future, Ect');" +
            $"update {Schema}.mt_streams set version = 3 where id = '{id}';");

        (await Client.PostAsync("/api/admin/projections/rebuild", null)).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        await EveryPortfolioReadAnswersAsync(projects: 1);
        (await Client.GetAsync($"/api/projects/{archived}")).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        (await Client.GetAsync($"/api/projects/{tombstoneStream}")).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);

        // The project reads without the row it cannot read, and a new milestone goes after it (version 4).
        (await GetJsonAsync($"/api/projects/{id}"))["collective"]!.AsArray().Count.ShouldBe(1);
        var response = await PostMilestoneAsync(id, Actor("Ferme", "2018-06-01", "farmer"));
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await ScalarsAsync<long>($"select version from {Schema}.mt_streams where id = '{id}'")).Single().ShouldBe(4);
        TimelineStore.Of(Store).Skipped.Counts.Keys.ShouldContain("event_of_a_newer_version");
    }

    [Fact]
    public async Task a_body_this_version_cannot_read_is_skipped_and_reported_not_a_failure_of_every_read()
    {
        var id = await RegisterAsync();
        await LogAsync(id, Actor("Mairie", "2018-05-01", "publicBody"));
        var kind = EventStoreSchema.StoredNames((StoreOptions)Store.Options).Single(n => n.Type == typeof(ActorJoinedCollective)).Alias;
        await ExecuteAsync(
            $"insert into {Schema}.mt_events (seq_id, id, stream_id, version, data, type) values " +
            $"(nextval('{Schema}.mt_events_sequence'), gen_random_uuid(), '{id}', 3, '{{\"occurredOn\": \"pas une date\"}}', '{kind}');" +
            $"update {Schema}.mt_streams set version = 3 where id = '{id}';");

        await EveryPortfolioReadAnswersAsync(projects: 1);
        (await GetJsonAsync($"/api/projects/{id}"))["collective"]!.AsArray().Count.ShouldBe(1);
        var health = await GetJsonAsync("/health");
        health["skippedRows"]!.AsObject().ContainsKey($"{kind} (illisible)").ShouldBeTrue(health.ToJsonString());
    }

    [Fact]
    public async Task health_is_503_without_the_error_text_when_the_database_answers_but_the_portfolio_cannot_be_read()
    {
        await RegisterAsync();
        (await Client.GetAsync("/health")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        await ExecuteAsync($"alter table {Schema}.mt_streams rename column version to version_renamed");
        try
        {
            var response = await App.ClientAs(null).GetAsync("/health");
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(System.Net.HttpStatusCode.ServiceUnavailable, body);
            body.ShouldContain("unreadable");
            response.Headers.RetryAfter.ShouldNotBeNull();
            body.ShouldNotContain("version", Case.Insensitive, "the database's error is logged, not shown to anyone who asks");
        }
        finally
        {
            await ExecuteAsync($"alter table {Schema}.mt_streams rename column version_renamed to version");
        }
        (await Client.GetAsync("/health")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
    }

    [Fact]
    public async Task the_erasures_table_and_fields_read_below_marten_are_the_ones_marten_writes()
    {
        var table = Store.Options.Schema.For(EventStoreSchema.ErasureDocument, qualified: false);
        EventStoreSchema.ErasureDocument.ShouldBe(typeof(EctLifecycle.Privacy.Erasure));
        await EventStoreSchema.EnsureTablesAsync(Store.Storage.Database, default);
        EventStoreSchema.ErasureColumnsRead.ShouldBeSubsetOf((await ColumnsAsync())[table].Select(c => c.Name));

        var streams = new List<Guid> { Guid.NewGuid(), Guid.NewGuid() };
        var started = new EctLifecycle.Privacy.Erasure { Id = Guid.NewGuid(), Pseudonym = "Personne 0001", Streams = [Guid.NewGuid()] };
        var completed = new EctLifecycle.Privacy.Erasure { Id = Guid.NewGuid(), Pseudonym = "Personne 0002", Streams = streams, CompletedAt = App.Clock.GetUtcNow() };
        await using (var session = Store.LightweightSession())
        {
            session.Store(started, completed);
            await session.SaveChangesAsync();
        }
        var json = (await ScalarsAsync<string>($"select data::text from {Schema}.{table} where id = '{completed.Id}'")).Single();
        json.ShouldContain($"\"{EventStoreSchema.ErasureStreamsField}\": [\"{streams[0]}\", \"{streams[1]}\"]");
        (await ScalarsAsync<Guid>($"select id from {Schema}.{table} where {EventStoreSchema.ErasureCompletedColumn} is not null"))
            .ShouldBe([completed.Id], "Marten duplicates the completion into its column");

        // The mark counts the completed ones only, and the completed ones are read with their streams.
        await using var connection = Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { ErasedStreams.MarkCommand(Store) } };
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            var mark = ErasedStreams.ReadMark(reader);
            mark.Count.ShouldBe(1);
            mark.LastWritten.ShouldNotBeNull();
        }
        var read = (await App.Host.Services.GetRequiredService<IEventRows>().ReadCompletedErasuresAsync(default)).ShouldHaveSingleItem();
        read.Erasure.ShouldBe(completed.Id);
        read.Streams.ShouldBe(streams);
    }

    private async Task EveryPortfolioReadAnswersAsync(int projects)
    {
        (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().Count.ShouldBe(projects);
        foreach (var url in new[]
                 {
                     "/api/analytics/portfolio", "/api/analytics/distribution", "/api/analytics/sample",
                     "/api/analytics/compare?grid=v1&with=v2", "/api/analytics/cohorts?by=legalForm",
                     "/api/analytics/aligned?on=legalFormAdopted", "/api/reports/durability", "/api/reports/durability?format=csv",
                     "/api/exports/portfolio.xlsx", "/api/exports/portfolio.zip", "/health",
                 })
        {
            var response = await Client.GetAsync(url);
            response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, $"{url}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static IEnumerable<string> Split(string columns) => columns.Split(',', StringSplitOptions.TrimEntries);

    private sealed record Column(string Name, bool Required);

    private async Task<Dictionary<string, List<Column>>> ColumnsAsync()
    {
        await using var db = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!);
        await using var cmd = db.CreateCommand(
            "select table_name, column_name, is_nullable = 'NO' and column_default is null from information_schema.columns " +
            "where table_schema = $1 and table_name like 'mt\\_%'");
        cmd.Parameters.AddWithValue(Schema);
        await using var reader = await cmd.ExecuteReaderAsync();
        var tables = new Dictionary<string, List<Column>>();
        while (await reader.ReadAsync())
        {
            if (!tables.TryGetValue(reader.GetString(0), out var columns)) tables[reader.GetString(0)] = columns = [];
            columns.Add(new Column(reader.GetString(1), reader.GetBoolean(2)));
        }
        return tables;
    }

    private static async Task<List<T>> ScalarsAsync<T>(string sql)
    {
        await using var db = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!);
        await using var cmd = db.CreateCommand(sql);
        await using var reader = await cmd.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync()) values.Add(reader.GetFieldValue<T>(0));
        return values;
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var db = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!);
        await using var cmd = db.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }
}
