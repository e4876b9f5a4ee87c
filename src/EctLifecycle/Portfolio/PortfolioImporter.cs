using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using Marten;
using Npgsql;

namespace EctLifecycle.Portfolio;

public sealed record ImportProgress(string Stage, int Done, int Total);

public sealed record ImportResult(ImportSummary? Summary, IReadOnlyList<ImportError> Errors)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Imports a portfolio file all or nothing: plans it against what is stored, then writes every new stream and
/// appended event in one database transaction, in batches so that progress can be shown.
/// </summary>
public sealed class PortfolioImporter(IDocumentStore store, NpgsqlDataSource database, GridCatalog grids, BusinessCalendar calendar)
{
    private const int EventsPerBatch = 25_000;
    private bool _schemaReady;
    // The tenant Marten writes in a single-tenant store (seen in the rows its own append writes).
    private const string DefaultTenant = "*DEFAULT*";

    public async Task<ImportResult> ImportAsync(
        PortfolioFile file, bool dryRun, string loggedBy, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var rows = file.RowCount;
        progress?.Report(new ImportProgress("vérification", 0, rows));
        var existing = await LoadExistingAsync(file, ct);
        var plan = ImportPlanner.Plan(file, existing, grids, calendar.Today, loggedBy);
        // The rows are no longer needed: the file's cells go before the events are written (the memory's peak).
        file = null!;
        existing = null!;
        // One full collection here returns the file's memory before the write allocates its own: it lowers the
        // peak of a large import by hundreds of MB, for a pause that is small beside the import.
        if (!dryRun && rows > 50_000) GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        progress?.Report(new ImportProgress("vérification", rows, rows));
        if (plan.Errors.Count > 0) return new ImportResult(null, plan.Errors);
        if (dryRun || plan.Projects.Count == 0) return new ImportResult(plan.Summary(dryRun), []);

        try
        {
            await WriteAsync(plan, progress, ct);
        }
        catch (Exception ex) when (ex is ConcurrentImportException or PostgresException { SqlState: "23505" })
        {
            return new ImportResult(null, [new ImportError("fichier", 0, null,
                "un des projets a été modifié pendant l'import (ou importé en même temps) : rien n'a été écrit, relancez l'import")]);
        }
        return new ImportResult(plan.Summary(false), []);
    }

    /// <summary>
    /// Writes the plan in one transaction with PostgreSQL's binary COPY, into Marten's own tables and in Marten's own
    /// format (its serializer, event type names and sequence): the rows Marten's append would write, without a
    /// function call and a loop of INSERTs per stream. Streams the file appends to move only from the version the plan
    /// was made on (else nothing is written: <see cref="ConcurrentImportException"/>); keys are unique, so a project
    /// imported at the same time by someone else fails the whole import too. Batches report the progress.
    /// </summary>
    internal async Task WriteAsync(ImportPlan plan, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        var docs = store.Options.DatabaseSchemaName;
        var serializer = store.Options.Serializer();
        var stored = EventRows.StoredNames((StoreOptions)store.Options).ToDictionary(n => n.Type);
        var recordedAt = EventStoreReads.RecordingNow();

        // COPY goes around Marten, which creates its tables on first use: a command-line import into a new database
        // (deploy/run's demo) must find them.
        if (!_schemaReady)
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            _schemaReady = true;
        }
        var total = plan.Projects.Sum(p => p.Events.Count);
        var done = 0;
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var appendedTo = plan.Projects.Where(p => !p.IsNew).ToList();
        if (appendedTo.Count > 0)
        {
            await using var move = new NpgsqlCommand(
                $"update {schema}.mt_streams s set version = v.next, timestamp = now() " +
                "from unnest(@ids, @expected, @next) as v(id, expected, next) where s.id = v.id and s.version = v.expected", connection, transaction);
            move.Parameters.AddWithValue("ids", appendedTo.Select(p => p.Id).ToArray());
            move.Parameters.AddWithValue("expected", appendedTo.Select(p => p.CurrentVersion).ToArray());
            move.Parameters.AddWithValue("next", appendedTo.Select(p => p.CurrentVersion + p.Events.Count).ToArray());
            if (await move.ExecuteNonQueryAsync(ct) != appendedTo.Count) throw new ConcurrentImportException();
        }

        var created = plan.Projects.Where(p => p.IsNew).ToList();
        await using (var streams = await connection.BeginBinaryImportAsync(
            $"copy {schema}.mt_streams (id, version, timestamp, created, tenant_id) from stdin (format binary)", ct))
        {
            foreach (var p in created)
            {
                await streams.StartRowAsync(ct);
                await streams.WriteAsync(p.Id, NpgsqlTypes.NpgsqlDbType.Uuid, ct);
                await streams.WriteAsync((long)p.Events.Count, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                await streams.WriteAsync(recordedAt, NpgsqlTypes.NpgsqlDbType.TimestampTz, ct);
                await streams.WriteAsync(recordedAt, NpgsqlTypes.NpgsqlDbType.TimestampTz, ct);
                await streams.WriteAsync(DefaultTenant, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
            }
            await streams.CompleteAsync(ct);
        }

        foreach (var batch in Batches(plan.Projects))
        {
            var rows = batch.SelectMany(p => p.Events.Select((e, i) => (Project: p, Version: p.CurrentVersion + i + 1, Event: e))).ToList();
            // The slow part on the app's side, the JSON of each event, on every core; sequence numbers in one round trip.
            var bodies = rows.AsParallel().AsOrdered().Select(r => serializer.ToJson(r.Event)).ToArray();
            var sequence = await NextSequenceAsync(connection, transaction, schema, rows.Count, ct);
            await using (var copy = await connection.BeginBinaryImportAsync(
                $"copy {schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived) " +
                "from stdin (format binary)", ct))
            {
                for (var i = 0; i < rows.Count; i++)
                {
                    var (project, version, e) = rows[i];
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(sequence[i], NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlTypes.NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(project.Id, NpgsqlTypes.NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(version, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(bodies[i], NpgsqlTypes.NpgsqlDbType.Jsonb, ct);
                    await copy.WriteAsync(stored[e.GetType()].Alias, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(recordedAt, NpgsqlTypes.NpgsqlDbType.TimestampTz, ct);
                    await copy.WriteAsync(DefaultTenant, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(stored[e.GetType()].DotNetName, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(false, NpgsqlTypes.NpgsqlDbType.Boolean, ct);
                }
                await copy.CompleteAsync(ct);
            }
            done += rows.Count;
            progress?.Report(new ImportProgress("écriture", done, total));
        }

        await using (var keys = await connection.BeginBinaryImportAsync(
            $"copy {docs}.mt_doc_projectkey (id, data, mt_dotnet_type) from stdin (format binary)", ct))
        {
            foreach (var p in created)
            {
                await keys.StartRowAsync(ct);
                await keys.WriteAsync(p.Key, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                await keys.WriteAsync(serializer.ToJson(new ProjectKey { Id = p.Key, ProjectId = p.Id }), NpgsqlTypes.NpgsqlDbType.Jsonb, ct);
                await keys.WriteAsync(typeof(ProjectKey).FullName!, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
            }
            await keys.CompleteAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    private static async Task<long[]> NextSequenceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, int count, CancellationToken ct)
    {
        await using var next = new NpgsqlCommand(
            $"select nextval('{schema}.mt_events_sequence') from generate_series(1, @count) order by 1", connection, transaction);
        next.Parameters.AddWithValue("count", count);
        var values = new long[count];
        var i = 0;
        await using var reader = await next.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) values[i++] = reader.GetInt64(0);
        return values;
    }

    private static IEnumerable<List<PlannedProject>> Batches(IEnumerable<PlannedProject> projects)
    {
        var batch = new List<PlannedProject>();
        var events = 0;
        foreach (var p in projects)
        {
            batch.Add(p);
            events += p.Events.Count;
            if (events < EventsPerBatch) continue;
            yield return batch;
            batch = [];
            events = 0;
        }
        if (batch.Count > 0) yield return batch;
    }

    /// <summary>The stored projects the file names: by the hub's key, or by project id for projects registered without one.</summary>
    private async Task<Dictionary<string, ExistingProject>> LoadExistingAsync(PortfolioFile file, CancellationToken ct)
    {
        var keys = file.Projects.Select(r => r["key"]).Concat(file.Milestones.Concat(file.Assessments).Select(r => r["projectKey"]))
            .OfType<string>().Select(ProjectKey.Normalize).Distinct().ToList();
        if (keys.Count == 0) return [];

        await using var session = store.QuerySession();
        var byKey = (await session.LoadManyAsync<ProjectKey>(ct, keys)).ToDictionary(k => k.Id, k => k.ProjectId);
        foreach (var key in keys.Where(k => !byKey.ContainsKey(k)))
            if (Guid.TryParse(key, out var id)) byKey[key] = id;
        if (byKey.Count == 0) return [];

        var ids = byKey.Values.Distinct().ToArray();
        var events = await session.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(ids)).ToListAsync(ct);
        var timelines = events.GroupBy(e => e.StreamId).ToDictionary(g => g.Key, g => new ProjectTimeline(g.Select(EventStoreReads.ToEntry)));
        return byKey.Where(k => timelines.ContainsKey(k.Value))
            .ToDictionary(k => k.Key, k => new ExistingProject(k.Value, timelines[k.Value]));
    }
}

/// <summary>A stream the import appends to moved between the plan and the write: nothing is written.</summary>
public sealed class ConcurrentImportException() : Exception("a project was modified during the import");
