using EctLifecycle.Timelines;
using System.Net;
using System.Net.Http.Json;
using EctLifecycle.EventStore;
using EctLifecycle.Portfolio;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EctLifecycle.Tests.Portfolio;

/// <summary>
/// The import writes Marten's tables with COPY: what it writes must be what Marten's own append would have written
/// (read back by Marten, versions and sequence in order, the streams' versions, the keys), writes must carry on after
/// it, and a stream that moved between the plan and the write must leave everything as it was.
/// </summary>
public class ImportWrites(AppFixture app) : ApiTest(app)
{
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();
    private PortfolioImporter Importer => App.Host.Services.GetRequiredService<PortfolioImporter>();

    [Fact]
    public async Task imported_streams_read_back_through_marten_as_generated_and_take_new_milestones()
    {
        var projects = DemoPortfolio.Synthetic(30, seed: 3);
        var now = App.Clock.GetUtcNow();
        var result = await Importer.ImportAsync(DemoPortfolio.ToFile(projects), false, "import", null, CancellationToken.None);
        result.Errors.ShouldBeEmpty();
        var ids = new HashSet<Guid>();

        await using var session = Store.QuerySession();
        foreach (var project in projects)
        {
            var key = await session.LoadAsync<ProjectKey>(ProjectKey.Normalize(project.Key));
            key.ShouldNotBeNull(project.Key);
            var stream = await session.Events.FetchStreamAsync(key.ProjectId);
            var state = await session.Events.FetchStreamStateAsync(key.ProjectId);
            stream.Select(e => e.Version).ShouldBe(Enumerable.Range(1, stream.Count).Select(v => (long)v));
            stream.Select(e => e.Sequence).ShouldBeInOrder(SortDirection.Ascending);
            state!.Version.ShouldBe(stream.Count);
            // Recorded now by the app's clock, with new version 7 ids (the COPY writes timestamps and uuids in PostgreSQL's binary format).
            stream.ShouldAllBe(e => (e.Timestamp - now).Duration() < TimeSpan.FromMicroseconds(1) && e.Id.Version == 7 && e.StreamId == key.ProjectId);
            stream.ShouldAllBe(e => ids.Add(e.Id));
            // Assessments are grouped by date and grid on import; every other event comes back as generated.
            // Imported, a fact is logged by who imports it, and who logged it in the generated history is its source.
            stream.Select(e => e.Data).Where(e => e is not CriteriaAssessed).Select(AsLoggedBefore)
                .ShouldBe(project.Events.Where(e => e is not CriteriaAssessed).Select(e => Comparable(e is ProjectRegistered r ? r with { Key = project.Key } : e))
                    .Select(c => c with { ProjectId = key.ProjectId }).OrderBy(c => c.Json).ToList(), ignoreOrder: true);
        }

        var first = (await session.LoadAsync<ProjectKey>(ProjectKey.Normalize(projects[0].Key)))!.ProjectId;
        // The bodies are what Marten's own serializer writes for the events it reads back.
        var serializer = Store.Options.Serializer();
        await using (var db = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!))
            foreach (var e in await session.Events.FetchStreamAsync(first))
            {
                await using var same = db.CreateCommand($"select data = $1::jsonb from {Store.Options.Events.DatabaseSchemaName}.mt_events where stream_id = $2 and version = $3");
                same.Parameters.Add(new NpgsqlParameter { Value = serializer.ToJson(e.Data) });
                same.Parameters.Add(new NpgsqlParameter { Value = first });
                same.Parameters.Add(new NpgsqlParameter { Value = e.Version });
                ((bool)(await same.ExecuteScalarAsync())!).ShouldBeTrue($"{e.EventTypeName} v{e.Version}");
            }
        var before = (await session.Events.FetchStreamStateAsync(first))!.Version;
        var logged = await Client.PostAsJsonAsync($"/api/projects/{first}/milestones", new { type = "note", occurredOn = "2024-01-02", text = "après l'import" });
        logged.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await session.Events.FetchStreamStateAsync(first))!.Version.ShouldBe(before + 1);
    }

    [Fact]
    public async Task a_stream_that_moved_between_the_plan_and_the_write_leaves_everything_as_it_was()
    {
        var projects = DemoPortfolio.Synthetic(4, seed: 9);
        (await Importer.ImportAsync(DemoPortfolio.ToFile(projects), false, "import", null, CancellationToken.None)).Errors.ShouldBeEmpty();
        var counts = await CountsAsync();

        // The file again with a note more per project: the rest is known, the notes are planned as appends.
        var file = DemoPortfolio.ToFile(projects.Select(p => p with
        {
            Events = [.. p.Events, new NoteAdded(Guid.Empty, p.Events[0].OccurredOn.AddDays(10), "import", "note ajoutée")],
        }));
        Dictionary<string, ExistingProject> existing = [];
        await using (var session = Store.QuerySession())
            foreach (var p in projects)
            {
                var id = (await session.LoadAsync<ProjectKey>(ProjectKey.Normalize(p.Key)))!.ProjectId;
                existing[ProjectKey.Normalize(p.Key)] = new ExistingProject(id, (await session.LoadTimelineAsync(id, CancellationToken.None))!);
            }
        var grids = App.Host.Services.GetRequiredService<GridCatalog>();
        var plan = ImportPlanner.Plan(file, existing, grids, App.Today, "import");
        plan.Errors.ShouldBeEmpty();
        plan.Projects.Count(p => !p.IsNew).ShouldBe(4);

        // Someone logs a milestone on the last project meanwhile.
        var moved = existing[ProjectKey.Normalize(projects[^1].Key)].Id;
        (await Client.PostAsJsonAsync($"/api/projects/{moved}/milestones", new { type = "note", occurredOn = "2024-01-02", text = "pendant l'import" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        counts = counts with { Events = counts.Events + 1, StreamVersions = counts.StreamVersions + 1 };

        await Should.ThrowAsync<ConcurrentImportException>(() => Importer.WriteAsync(plan, null, CancellationToken.None));
        (await CountsAsync()).ShouldBe(counts);
    }

    [Fact]
    public async Task batches_copied_while_the_plan_went_on_are_rolled_back_when_the_plan_fails()
    {
        var counts = await CountsAsync();
        var plan = ImportPlanner.Plan(DemoPortfolio.ToFile(DemoPortfolio.Synthetic(12, seed: 21)), new Dictionary<string, ExistingProject>(),
            App.Host.Services.GetRequiredService<GridCatalog>(), App.Today, "import");
        plan.Errors.ShouldBeEmpty();
        var copied = new List<int>();
        var importer = SmallBatches(copied);

        // The plan is found failed only once every project has been handed on: what was copied meanwhile goes.
        await importer.WriteAsync(PortfolioImporter.Each(plan.Projects), [], plan, () => Task.FromResult(false), null, CancellationToken.None);

        copied.Count.ShouldBeGreaterThan(3);
        copied[^1].ShouldBeLessThanOrEqualTo(plan.EventsPlanned);
        (await CountsAsync()).ShouldBe(counts);
    }

    [Fact]
    public async Task errors_in_a_late_project_leave_every_table_as_it_was_and_come_by_sheet_and_row()
    {
        var counts = await CountsAsync();
        var projects = DemoPortfolio.Synthetic(40, seed: 22);
        var file = DemoPortfolio.ToFile(projects);
        var last = ProjectKey.Normalize(file.Assessments[^1]["projectKey"]!);
        Spoil(file.Assessments, last, "points", "9");
        Spoil(file.Milestones, last, "occurredOn", "2099-01-01");
        var copied = new List<int>();

        var result = await SmallBatches(copied).ImportAsync(file, false, "import", null, CancellationToken.None);

        result.Ok.ShouldBeFalse();
        result.Errors.Select(e => e.Sheet).ShouldBe([PortfolioSchema.Milestones.Name, PortfolioSchema.Assessments.Name]);
        result.Errors[0].Message.ShouldContain("futur");
        result.Errors[1].Message.ShouldContain("0 à 3");
        (await CountsAsync()).ShouldBe(counts);
        (await Store.QuerySession().LoadAsync<ProjectKey>(ProjectKey.Normalize(projects[0].Key))).ShouldBeNull();
    }

    [Fact]
    public async Task the_foreign_key_checks_of_an_import_look_streams_up_by_key_even_when_a_scan_looks_cheaper()
    {
        // PostgreSQL checks each event row's stream with a query it plans from mt_streams' statistics; those of a small
        // table make a scan look cheapest, and the import fills that table as it goes (measured: 10,000 projects into the
        // demo's 44 took 2 min 26 s). Here scans are made to look nearly free in the import's transaction, after its
        // first batch: the lookup the checks run must still go by the streams' primary key.
        var schema = Store.Options.Events.DatabaseSchemaName;
        var plans = new List<string>();
        var importer = new PortfolioImporter(Store, App.Host.Services.GetRequiredService<NpgsqlDataSource>(),
            App.Host.Services.GetRequiredService<GridCatalog>(), App.Host.Services.GetRequiredService<BusinessCalendar>())
        {
            EventsPerBatch = 100,
            InTransaction = async connection =>
            {
                if (plans.Count > 0) return;
                await using (var cheap = new NpgsqlCommand("set local seq_page_cost = 0.0001; set local cpu_tuple_cost = 0.000001", connection))
                    await cheap.ExecuteNonQueryAsync();
                await using var explain = new NpgsqlCommand(
                    $"explain select 1 from only {schema}.mt_streams x where id = '{Guid.NewGuid()}' for key share of x", connection);
                await using var reader = await explain.ExecuteReaderAsync();
                while (await reader.ReadAsync()) plans.Add(reader.GetString(0));
            },
        };

        var result = await importer.ImportAsync(DemoPortfolio.ToFile(DemoPortfolio.Synthetic(8, seed: 23)), false, "import", null, CancellationToken.None);

        result.Errors.ShouldBeEmpty();
        plans.ShouldNotBeEmpty();
        plans.ShouldContain(line => line.Contains("Index Scan") || line.Contains("Index Only Scan"), string.Join("\n", plans));
        plans.ShouldNotContain(line => line.Contains("Seq Scan"), string.Join("\n", plans));
    }

    [Fact]
    public async Task the_streams_of_each_copied_batch_are_checked_at_once_when_its_rows_go_unchecked()
    {
        // Where the role may, the import's rows go without PostgreSQL's check per row of their stream (a foreign key);
        // the key is checked over each batch's rows at once instead. Here a stream the import appends to is removed
        // before its batch (on the import's own connection: no one else may, the import locks it), with no cascade, as
        // the row triggers are off: its batch's check must fail the whole import.
        var schema = Store.Options.Events.DatabaseSchemaName;
        var projects = DemoPortfolio.Synthetic(4, seed: 24);
        (await Importer.ImportAsync(DemoPortfolio.ToFile(projects), false, "import", null, CancellationToken.None)).Errors.ShouldBeEmpty();
        var ids = new List<Guid>();
        await using (var session = Store.QuerySession())
            foreach (var p in projects)
                ids.Add((await session.LoadAsync<ProjectKey>(ProjectKey.Normalize(p.Key)))!.ProjectId);
        var counts = await CountsAsync();
        var roles = new List<string>();
        var importer = new PortfolioImporter(Store, App.Host.Services.GetRequiredService<NpgsqlDataSource>(),
            App.Host.Services.GetRequiredService<GridCatalog>(), App.Host.Services.GetRequiredService<BusinessCalendar>())
        {
            EventsPerBatch = 1,
            InTransaction = async connection =>
            {
                await using var role = new NpgsqlCommand("select current_setting('session_replication_role')", connection);
                roles.Add((string)(await role.ExecuteScalarAsync())!);
                if (roles.Count > 1) return;
                await using var remove = new NpgsqlCommand(
                    $"delete from {schema}.mt_streams where id = (select s.id from {schema}.mt_streams s where s.id = any(@ids) and not exists " +
                    $"(select from {schema}.mt_events e where e.stream_id = s.id and e.xmin::text::bigint = txid_current() % 4294967296) limit 1)", connection);
                remove.Parameters.AddWithValue("ids", ids.ToArray());
                (await remove.ExecuteNonQueryAsync()).ShouldBe(1);
            },
        };
        // The file again with a note more per project: one batch per project.
        var file = DemoPortfolio.ToFile(projects.Select(p => p with
        {
            Events = [.. p.Events, new NoteAdded(Guid.Empty, p.Events[0].OccurredOn.AddDays(10), "import", "note ajoutée")],
        }));

        var failed = await Should.ThrowAsync<InvalidOperationException>(() => importer.ImportAsync(file, false, "import", null, CancellationToken.None));

        failed.Message.ShouldContain("missing");
        roles.ShouldNotBeEmpty();
        roles.ShouldAllBe(r => r == "replica");
        (await CountsAsync()).ShouldBe(counts);
    }

    [Fact]
    public async Task a_role_that_may_not_skip_the_row_checks_imports_with_them()
    {
        // A role that is neither a superuser nor granted SET on session_replication_role: PostgreSQL checks each row's
        // stream, and the import is written all the same.
        var events = Store.Options.Events.DatabaseSchemaName;
        var docs = Store.Options.DatabaseSchemaName;
        var test = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!);
        const string role = "ect_import_without_replica";
        var password = Guid.NewGuid().ToString("N");
        await using (var admin = NpgsqlDataSource.Create(test.ConnectionString))
        await using (var grant = admin.CreateCommand(
            $"do $$ begin if not exists (select from pg_roles where rolname = '{role}') then create role {role} login; end if; end $$; " +
            $"alter role {role} password '{password}'; grant usage on schema {events}, {docs} to {role}; " +
            $"grant select, insert, update on {events}.mt_events, {events}.mt_streams, {docs}.mt_doc_projectkey to {role}; " +
            $"grant select, insert on {docs}.mt_doc_auditentry to {role}; " + // the import's entry in the journal
            $"grant select, insert, delete on {docs}.mt_doc_scoreperiod to {role}; " + // the score history of what it writes
            $"grant select, insert, update on {docs}.mt_doc_projectstints to {role}; " + // and who was in each project
            $"grant usage, select on sequence {events}.mt_events_sequence to {role}"))
            await grant.ExecuteNonQueryAsync();
        await using var limited = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(test.ConnectionString) { Username = role, Password = password }.ConnectionString);
        var roles = new List<string>();
        var importer = new PortfolioImporter(Store, limited,
            App.Host.Services.GetRequiredService<GridCatalog>(), App.Host.Services.GetRequiredService<BusinessCalendar>())
        {
            EventsPerBatch = 100,
            InTransaction = async connection =>
            {
                await using var setting = new NpgsqlCommand("select current_setting('session_replication_role')", connection);
                roles.Add((string)(await setting.ExecuteScalarAsync())!);
            },
        };
        var counts = await CountsAsync();
        var projects = DemoPortfolio.Synthetic(6, seed: 25);

        var result = await importer.ImportAsync(DemoPortfolio.ToFile(projects), false, "import", null, CancellationToken.None);

        result.Errors.ShouldBeEmpty();
        roles.ShouldNotBeEmpty();
        roles.ShouldAllBe(r => r == "origin");
        var after = await CountsAsync();
        after.Streams.ShouldBe(counts.Streams + projects.Count);
        after.Events.ShouldBe(counts.Events + result.Summary!.EventsAppended);
    }

    /// <summary>The last row of the project in the sheet, with one cell changed.</summary>
    private static void Spoil(List<PortfolioRow> rows, string key, string field, string value)
    {
        var at = rows.FindLastIndex(r => ProjectKey.Normalize(r["projectKey"]!) == key);
        var cells = rows[at].Cells.Where(c => c.Key != field).Append(new(field, value)).ToList();
        rows[at] = new PortfolioRow(rows[at].Number, cells);
    }

    private PortfolioImporter SmallBatches(List<int> copied) => new(Store, App.Host.Services.GetRequiredService<NpgsqlDataSource>(),
        App.Host.Services.GetRequiredService<GridCatalog>(), App.Host.Services.GetRequiredService<BusinessCalendar>())
    {
        EventsPerBatch = 100,
        AfterBatch = copied.Add,
    };


    private sealed record Counted(string Type, Guid ProjectId, string Json);

    private static Counted AsLoggedBefore(object e)
    {
        var imported = (IProjectEvent)e;
        imported.LoggedBy.ShouldBe("import");
        var json = System.Text.Json.Nodes.JsonNode.Parse(Comparable(e).Json)!.AsObject();
        json["LoggedBy"] = imported.Source;
        json.Remove("Source");
        return Comparable(e) with { Json = json.ToJsonString() };
    }

    private static Counted Comparable(object e) =>
        new(e.GetType().Name, ((IProjectEvent)e).ProjectId,
            System.Text.Json.JsonSerializer.Serialize(e, e.GetType()).Replace(((IProjectEvent)e).ProjectId.ToString(), ""));

    private sealed record Totals(long Events, long Streams, long Keys, long StreamVersions);

    private async Task<Totals> CountsAsync()
    {
        var schema = Store.Options.DatabaseSchemaName;
        await using var db = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!);
        await using var cmd = db.CreateCommand(
            $"select (select count(*) from {schema}.mt_events), (select count(*) from {schema}.mt_streams), " +
            $"(select count(*) from {schema}.mt_doc_projectkey), (select coalesce(sum(version), 0) from {schema}.mt_streams)");
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return new Totals(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), (long)r.GetDecimal(3));
    }
}
