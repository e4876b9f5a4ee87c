using EctLifecycle.ScoreHistory;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace EctLifecycle.EventStore;

/// <summary>
/// <see cref="IScorePeriodRows"/> over the table Marten creates for <see cref="ScorePeriod"/>: a write's periods replaced in
/// two statements (with the sequence of a new stream's first event, drawn by the server after the inline projection has
/// run), the import's periods written by COPY in Marten's own format (its serializer and columns) in the import's
/// transaction, the table's columns, indexes and settings kept up to the app's version, and the questions' reads of its
/// covering indexes by plain readers. Holds nothing but its store: one per store, registered in Program.cs.
/// </summary>
public sealed class MartenScorePeriodRows(IDocumentStore store) : IScorePeriodRows
{
    private static string Table(IReadOnlyStoreOptions options) => $"{options.DatabaseSchemaName}.mt_doc_scoreperiod";

    // The score, the pillars' means and the facts the figures read, columns of their own besides the JSON (ScorePeriod.StoredColumns).
    private static readonly string ValueNames = string.Join(", ", ScorePeriod.StoredColumns.Select(c => c.Name));
    private static readonly string ValuesFromJson = string.Join(", ", ScorePeriod.StoredColumns.Select(c => c.FromJson("r")));

    /// <summary>
    /// Whether a live project with periods has no stints document (stored by an app older than them, or a rebuild stopped
    /// midway), or stints or periods belong to a stream archived or gone (archived from outside the app since the last
    /// rebuild): either way the stored score history no longer answers for every project, and a rebuild mends it.
    /// </summary>
    public async Task<(bool MissingStints, bool Orphans)> StintsStateAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var options = (IReadOnlyStoreOptions)session.DocumentStore.Options;
        var stints = $"{options.DatabaseSchemaName}.{options.Schema.For<ProjectStints>(qualified: false)}";
        var streams = $"{options.Events.DatabaseSchemaName}.mt_streams";
        // One number, a bit per answer (Marten's scalar reads take one column).
        // Asked stream by stream (an index probe each), not period by period: at L, 100,000 streams against 8.6 million
        // periods, 0.2 s instead of 8 s.
        var bits = (await session.AdvancedSql.QueryAsync<int>(
            $"select (case when exists (select 1 from {streams} m where m.is_archived = false " +
            $"and not exists (select 1 from {stints} s where s.id = m.id) and exists (select 1 from {Table(options)} p where p.project_id = m.id)) then 1 else 0 end) + " +
            $"(case when exists (select 1 from {stints} s where not exists (select 1 from {streams} m where m.id = s.id and m.is_archived = false)) " +
            $"or exists (select 1 from {streams} m where m.is_archived and exists (select 1 from {Table(options)} p where p.project_id = m.id)) then 2 else 0 end)", ct)).Single();
        return ((bits & 1) != 0, (bits & 2) != 0);
    }

    /// <summary>
    /// Whether any period of <paramref name="grid"/> was computed from another file than <paramref name="fingerprint"/>'s: a
    /// read of every period of the grid, for a store whose grids carry no mark yet (<see cref="ScoreHistory.ScoreHistoryGrid"/>),
    /// done once. Without a command timeout: at L it reads the whole table (16 GB), longer than any request's timeout, in
    /// the start-up's background.
    /// </summary>
    public async Task<bool> AnyOtherFingerprintAsync(string grid, string fingerprint, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select exists (select 1 from {Table(store.Options)} where grid = @grid and data ->> 'gridFingerprint' <> @fingerprint)", connection)
        {
            CommandTimeout = 0,
        };
        command.Parameters.AddWithValue("grid", grid);
        command.Parameters.AddWithValue("fingerprint", fingerprint);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Makes the score history's indexes that are missing or of another shape than <see cref="ScoreHistoryViews.IndexShapes"/>
    /// (a new version of the app), then fills the rows older than the columns of <see cref="ScorePeriod.StoredColumns"/>
    /// (<see cref="ScoreHistoryViews.FillSql"/>), and gives the table its autovacuum settings (<see cref="VacuumSettings"/>).
    /// Each index is built CONCURRENTLY under another name (the writes go on), then takes the old one's name in one
    /// transaction, and the old one is dropped; a start stopped midway leaves names the next one tidies. No command has a
    /// timeout (at L an index takes minutes). One instance works at a time: another waits for it, polling a session lock
    /// (a wait inside a statement would hold back the concurrent builds), then finds nothing left to do.
    /// Returns the indexes made; none, and nothing said, while Marten has not made the table yet (an empty store, before its
    /// first use). <paramref name="fillBatch"/>: the rows filled per statement.
    /// </summary>
    public async Task<IReadOnlyList<string>> EnsureIndexesAsync(Action<string> progress, CancellationToken ct,
        int fillBatch = 50_000)
    {
        var schema = store.Options.DatabaseSchemaName;
        var table = ((IReadOnlyStoreOptions)store.Options).Schema.For<ScorePeriod>(qualified: false);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        if (await ScalarAsync(connection, ct, "select to_regclass(@table) is not null", 0, ("table", $"{schema}.{table}")) is not true) return [];
        var made = new List<string>();
        await using (await LockAsync(connection, schema, ct))
        {
            var existing = await IndexesOfAsync(connection, schema, table, ct);
            async Task EnsureAsync(string name, string shape)
            {
                var (building, old) = (ScoreHistoryViews.Building(name), ScoreHistoryViews.Replaced(name));
                // What a start stopped midway left: an old index not dropped yet, or a build not finished.
                if (existing.ContainsKey(old)) await ScalarAsync(connection, ct, $"drop index concurrently if exists {schema}.{old}");
                if (existing.GetValueOrDefault(name) == (shape, true))
                {
                    if (existing.ContainsKey(building)) await ScalarAsync(connection, ct, $"drop index concurrently if exists {schema}.{building}");
                    return;
                }
                progress(name);
                if (existing.GetValueOrDefault(building) != (shape, true))
                {
                    await ScalarAsync(connection, ct, $"drop index concurrently if exists {schema}.{building}");
                    await ScalarAsync(connection, ct, $"create index concurrently {building} on {schema}.{table} {shape}");
                }
                // The new index takes the name in one transaction, so that the name always holds an index; the old one goes after.
                await using (var swap = await connection.BeginTransactionAsync(ct))
                {
                    foreach (var rename in new[] { $"alter index if exists {schema}.{name} rename to {old}", $"alter index {schema}.{building} rename to {name}" })
                    {
                        await using var command = new NpgsqlCommand(rename, connection, swap);
                        await command.ExecuteNonQueryAsync(ct);
                    }
                    await swap.CommitAsync(ct);
                }
                await ScalarAsync(connection, ct, $"drop index concurrently if exists {schema}.{old}");
                made.Add(name);
            }
            // The rows older than the stored columns are filled first (through the index of the unfilled ones, empty once they
            // are), so that no other index is updated for each of them and no read finds them empty for long.
            var (unfilled, unfilledShape) = ScoreHistoryViews.IndexShapes.Single(x => x.Name == ScoreHistoryViews.UnfilledIndex);
            await EnsureAsync(unfilled, unfilledShape);
            for (var last = ""; ;)
            {
                await using var fill = new NpgsqlCommand(ScoreHistoryViews.FillSql(schema, table, fillBatch), connection) { CommandTimeout = 0 };
                fill.Parameters.AddWithValue("last", last);
                if (await fill.ExecuteScalarAsync(ct) is not string next) break;
                last = next;
            }
            foreach (var (name, shape) in ScoreHistoryViews.IndexShapes.Where(x => x.Name != ScoreHistoryViews.UnfilledIndex))
                await EnsureAsync(name, shape);
            // The table's own autovacuum settings (VacuumSettings), those it has not any value of: storage parameters, which
            // Marten neither sets nor checks, and which an administrator may have set otherwise (kept).
            var missing = await ScalarAsync(connection, ct,
                $"select array(select s from unnest(@names) s where not exists (select 1 from unnest(coalesce(reloptions, '{{}}')) o " +
                $"where split_part(o, '=', 1) = s)) from pg_class where oid = '{schema}.{table}'::regclass",
                0, ("names", VacuumSettings.Select(x => x.Name).ToArray())) as string[] ?? [];
            if (missing.Length > 0)
                await ScalarAsync(connection, ct, $"alter table {schema}.{table} set ({string.Join(", ", VacuumSettings.Where(x => missing.Contains(x.Name)).Select(x => $"{x.Name} = {x.Value}"))})");
            await CompressWithLz4Async(connection, schema, table, ct);
        }
        return made;
    }

    /// <summary>
    /// The periods' documents compressed with lz4 rather than PostgreSQL's default pglz, when the server has it and the column
    /// has no method of its own yet (one an administrator chose is kept). A period's JSON is about 2.3 KB, over the 2 KB from
    /// which PostgreSQL compresses a row: every period written was compressed with pglz, and every period read decompressed.
    /// Measured with psql on 40,000 periods of the M data (tests/EctLifecycle.Benchmarks/Sql/period-compression.sql,
    /// docs/benchmarks.md): 35 µs per period written with pglz, 21 with lz4 (the JSON's parsing included); 3.4 µs per
    /// document read against 1.7; 8% more bytes stored. Only the rows written afterwards change. The change takes ACCESS
    /// EXCLUSIVE for an instant, and every read and write of the table queues behind it while it waits: it waits 1 s at
    /// most, else the next start tries again.
    /// </summary>
    private static async Task CompressWithLz4Async(NpgsqlConnection connection, string schema, string table, CancellationToken ct)
    {
        var wanted = await ScalarAsync(connection, ct,
            "select 'lz4' = any(s.enumvals) and a.attcompression = '' from pg_settings s, pg_attribute a " +
            $"where s.name = 'default_toast_compression' and a.attrelid = '{schema}.{table}'::regclass and a.attname = 'data'");
        if (wanted is not true) return;
        await ScalarAsync(connection, ct, "set lock_timeout = '1s'");
        try
        {
            await ScalarAsync(connection, ct, $"alter table {schema}.{table} alter column data set compression lz4");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            // Busy: the next start tries again.
        }
        finally
        {
            await ResetLockTimeoutAsync(connection);
        }
    }

    // The pool does not reset its connections (Database.DataSource): a lock timeout set for one step must not outlive it. A
    // connection that broke meanwhile is not reset (the step's own error is the one reported).
    private static async Task ResetLockTimeoutAsync(NpgsqlConnection connection)
    {
        if (connection.State == System.Data.ConnectionState.Open) await ScalarAsync(connection, CancellationToken.None, "reset lock_timeout");
    }

    /// <summary>
    /// The periods' table's own autovacuum settings, set by the start-up (<see cref="EnsureIndexesAsync"/>): PostgreSQL's
    /// vacuum, once 2% of the rows were rewritten or inserted rather than its default 20%. The portfolio's questions read
    /// the covering indexes alone only on pages the vacuum has marked all visible; every late milestone rewrites periods,
    /// and an import inserts them, so at the default the questions read the table's pages for a long while. Measured at M
    /// after a rebuild, before its own vacuum (<see cref="VacuumAsync"/>): cohort drift 4.7 s, aligned drift 2.6 s; after
    /// the vacuum (12 s) 1.6 s and 1.0 s (docs/benchmarks.md).
    /// </summary>
    public static IReadOnlyList<(string Name, string Value)> VacuumSettings { get; } =
    [
        ("autovacuum_vacuum_scale_factor", "0.02"),
        ("autovacuum_vacuum_insert_scale_factor", "0.02"),
        ("autovacuum_analyze_scale_factor", "0.02"),
    ];

    /// <summary>
    /// Vacuums and analyses the periods' and the stints' tables at once (after a rebuild has rewritten every row), so that
    /// the questions read the covering indexes alone again and are planned on the new rows' statistics. Without a timeout:
    /// a read of each table's pages not marked visible.
    /// </summary>
    public async Task VacuumAsync(CancellationToken ct)
    {
        var options = (IReadOnlyStoreOptions)store.Options;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"vacuum (analyze) {Table(options)}, {options.DatabaseSchemaName}.{options.Schema.For<ProjectStints>(qualified: false)}", connection)
        {
            CommandTimeout = 0,
        };
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// One command of the schema's steps on their connection, its one value back: no timeout unless given (at L an index
    /// takes minutes).
    /// </summary>
    private static async Task<object?> ScalarAsync(
        NpgsqlConnection connection, CancellationToken ct, string sql, int timeout = 0, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = timeout };
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteScalarAsync(ct);
    }

    // The session lock one instance holds while it changes the score history's columns, indexes or settings; another waits
    // for it by polling (a wait inside a statement would hold back the concurrent builds). Released when disposed, even when
    // the app stops: the connection goes back to the pool.
    private static async Task<IAsyncDisposable> LockAsync(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        var key = $"ect_score_history_indexes:{schema}";
        await WaitForLockAsync(connection, key, TimeSpan.FromMilliseconds(250), null, ct);
        return new Unlock(connection, key);
    }

    // Takes the session-level advisory lock of the key on the connection, polling every so often until it is free
    // (<paramref name="waiting"/> said once, when it is not at first); cancelled with the app.
    private static async Task WaitForLockAsync(NpgsqlConnection connection, string key, TimeSpan every, Action? waiting, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("select pg_try_advisory_lock(hashtext(@key))", connection);
        command.Parameters.AddWithValue("key", key);
        for (var told = false; !(bool)(await command.ExecuteScalarAsync(ct))!; told = true)
        {
            if (!told) waiting?.Invoke();
            await Task.Delay(every, ct);
        }
    }

    /// <remarks>
    /// A session-level advisory lock on a connection of its own, kept open for as long as the rebuild runs (at L, about 25
    /// minutes): an instance that stops or is killed meanwhile closes it, and PostgreSQL releases the lock with it.
    /// Polled, as <see cref="LockAsync"/> is, so that the wait can be cancelled when the app stops.
    /// </remarks>
    public async Task<IAsyncDisposable> LockRebuildAsync(Action? waiting, CancellationToken ct)
    {
        var key = $"ect_score_history_rebuild:{store.Options.DatabaseSchemaName}";
        var connection = store.Storage.Database.CreateConnection();
        try
        {
            await connection.OpenAsync(ct);
            await WaitForLockAsync(connection, key, TimeSpan.FromSeconds(1), waiting, ct);
            return new UnlockAndClose(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class UnlockAndClose(NpgsqlConnection connection, string key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await new Unlock(connection, key).DisposeAsync();
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }

    private sealed class Unlock(NpgsqlConnection connection, string key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // A broken connection has lost its session, and its lock with it: nothing to release, and no error to hide the first.
            if (connection.State != System.Data.ConnectionState.Open) return;
            try
            {
                await using var command = new NpgsqlCommand("select pg_advisory_unlock(hashtext(@key))", connection);
                command.Parameters.AddWithValue("key", key);
                await command.ExecuteScalarAsync(CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // The connection broke meanwhile: the same.
            }
        }
    }

    // The table's indexes by name: each one's shape (what follows USING btree) and whether PostgreSQL may use it (a build
    // stopped midway leaves an invalid one).
    private static async Task<Dictionary<string, (string Shape, bool Valid)>> IndexesOfAsync(
        NpgsqlConnection connection, string schema, string table, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "select c.relname::text, substring(pg_get_indexdef(i.indexrelid) from ' USING btree (.*)$'), i.indisvalid " +
            "from pg_index i join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid " +
            "join pg_namespace n on n.oid = t.relnamespace where n.nspname = @schema and t.relname = @table", connection);
        command.Parameters.AddWithValue("schema", schema);
        command.Parameters.AddWithValue("table", table);
        var indexes = new Dictionary<string, (string, bool)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) indexes[reader.GetString(0)] = (reader.IsDBNull(1) ? "" : reader.GetString(1), reader.GetBoolean(2));
        return indexes;
    }

    /// <summary>
    /// Adds, empty, the columns of <see cref="ScorePeriod.StoredColumns"/> the periods' table lacks (a store written by an
    /// older version of the app), before Marten's schema check: Marten adds a missing duplicated column with an UPDATE of
    /// every row, in the migration that a start or <c>db-apply</c> runs (at L, 8.6 million rows per column, past any command's
    /// timeout: the app would not start). Added here, a column is an instant; Marten's own index of each (which
    /// ScoreHistorySchema makes hold no entry, WHERE false) is built here too, without blocking the writes, a read of the
    /// table each (107.5 s for seven at L, docs/benchmarks.md). Marten then finds nothing to change, and the start-up fills
    /// the columns in the background (<see cref="EnsureIndexesAsync"/>); until then the questions read the documents.
    /// Nothing is done, and no lock taken, when the table is missing or has them all. One instance works at a time (the
    /// lock of <see cref="EnsureIndexesAsync"/>): two concurrent builds of the same index would wait for each other.
    /// Returns the columns added.
    /// </summary>
    public async Task<IReadOnlyList<string>> AddMissingColumnsAsync(CancellationToken ct)
    {
        var schema = store.Options.DatabaseSchemaName;
        var table = ((IReadOnlyStoreOptions)store.Options).Schema.For<ScorePeriod>(qualified: false);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        // The columns present, and Marten's indexes of the stored columns that are missing or invalid (a build stopped midway).
        async Task<(HashSet<string> Present, List<ScorePeriod.ValueColumn> Missing, List<(ScorePeriod.ValueColumn Column, bool Invalid)> Indexes)> ReadAsync()
        {
            var present = new HashSet<string>();
            await using (var columns = new NpgsqlCommand(
                "select column_name::text from information_schema.columns where table_schema = @schema and table_name = @table", connection))
            {
                columns.Parameters.AddWithValue("schema", schema);
                columns.Parameters.AddWithValue("table", table);
                await using var reader = await columns.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) present.Add(reader.GetString(0));
            }
            var indexes = await IndexesOfAsync(connection, schema, table, ct);
            return (present, ScorePeriod.StoredColumns.Where(c => !present.Contains(c.Name)).ToList(),
                ScorePeriod.StoredColumns.Where(c => indexes.GetValueOrDefault($"{table}_idx_{c.Name}").Valid != true)
                    .Select(c => (c, indexes.ContainsKey($"{table}_idx_{c.Name}"))).ToList());
        }
        var state = await ReadAsync();
        if (state.Present.Count == 0 || (state.Missing.Count == 0 && state.Indexes.Count == 0)) return [];
        await using (await LockAsync(connection, schema, ct))
        {
            state = await ReadAsync();
            if (state.Missing.Count > 0)
            {
                // ACCESS EXCLUSIVE for an instant, but queued behind any long query of the table, and every read and write
                // queued behind it: waited for a few seconds at a time.
                await ScalarAsync(connection, ct, "set lock_timeout = '5s'");
                try
                {
                    for (var attempt = 1; ; attempt++)
                    {
                        try
                        {
                            await ScalarAsync(connection, ct, $"alter table {schema}.{table} {string.Join(", ", state.Missing.Select(c => $"add column if not exists {c.Name} {c.Type}"))}", 30);
                            break;
                        }
                        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable && attempt < 12)
                        {
                            await Task.Delay(TimeSpan.FromSeconds(1), ct);
                        }
                    }
                }
                finally
                {
                    await ResetLockTimeoutAsync(connection);
                }
            }
            foreach (var (column, invalid) in state.Indexes)
            {
                if (invalid) await ScalarAsync(connection, ct, $"drop index concurrently if exists {schema}.{table}_idx_{column.Name}");
                await ScalarAsync(connection, ct, $"create index concurrently if not exists {table}_idx_{column.Name} on {schema}.{table} using btree ({column.Name}) where false");
            }
        }
        return state.Missing.Select(c => c.Name).ToList();
    }

    /// <summary>Whether the event store holds any live stream.</summary>
    public async Task<bool> AnyStreamAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.AdvancedSql.QueryAsync<bool>(
            $"select exists (select 1 from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_streams where is_archived = false)", ct) is [true];
    }

    /// <summary>The sequence of each stream's first event (the portfolio's order), read in the import's transaction.</summary>
    public async Task<Dictionary<Guid, long>> FirstSequencesAsync(NpgsqlTransaction transaction, Guid[] ids, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select stream_id, seq_id from {store.Options.Events.DatabaseSchemaName}.mt_events where stream_id = any(@ids) and version = 1",
            transaction.Connection, transaction);
        command.Parameters.AddWithValue("ids", ids);
        var found = new Dictionary<Guid, long>(ids.Length);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found[reader.GetGuid(0)] = reader.GetInt64(1);
        return found;
    }

    /// <summary>
    /// Queues, in the unit of work of a write, the replacement of a project's periods under one grid: those from
    /// <paramref name="from"/> on (all when null) deleted, <paramref name="rows"/> inserted, in two statements whatever their
    /// number (Marten's upsert is one function call per document). With <paramref name="readSequence"/>, the rows' registration
    /// sequence is read from the stream's first event, written by then (the inline projection runs before the server draws it).
    /// </summary>
    public void QueueReplace(IDocumentOperations operations, Guid projectId, string grid, DateOnly? from, IReadOnlyList<ScorePeriod> rows, bool readSequence)
    {
        var options = operations.DocumentStore.Options;
        var table = Table(options);
        if (from is { } day) operations.QueueSqlCommand($"delete from {table} where project_id = ? and grid = ? and \"from\" >= ?", projectId, grid, day);
        else operations.QueueSqlCommand($"delete from {table} where project_id = ? and grid = ?", projectId, grid);
        if (rows.Count == 0) return;
        var json = options.Serializer().ToJson(rows.ToArray());
        var sequence = readSequence
            ? $"(select e.seq_id from {options.Events.DatabaseSchemaName}.mt_events e where e.stream_id = ? and e.version = 1)"
            : "(r ->> 'registrationSequence')::bigint";
        var sql = $"insert into {table} (id, data, mt_dotnet_type, project_id, grid, \"from\", \"to\", registration_sequence, {ValueNames}) " +
            $"select r ->> 'id', jsonb_set(r, '{{registrationSequence}}', to_jsonb(s.seq)), ?, (r ->> 'projectId')::uuid, r ->> 'grid', " +
            $"(r ->> 'from')::date, (r ->> 'to')::date, s.seq, {ValuesFromJson} from jsonb_array_elements(?::jsonb) r, " +
            $"lateral (select coalesce({sequence}, 0) as seq) s";
        if (readSequence) operations.QueueSqlCommand(sql, typeof(ScorePeriod).FullName!, json, projectId);
        else operations.QueueSqlCommand(sql, typeof(ScorePeriod).FullName!, json);
    }

    /// <summary>
    /// The named projects' periods under a grid up to a date, with their project, registration sequence, dates, score and
    /// pillars' means only, read from the covering index of (project, grid) by a plain reader (no document nor JSON is
    /// read), in the portfolio's order (registration, then first day).
    /// </summary>
    public async Task<List<ScorePeriod>> ReadValuesAsync(string grid, Guid[] ids, DateOnly until, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select {ValueSelect} from {Table(store.Options)} " +
            "where project_id = any(@ids) and grid = @grid and \"from\" <= @until order by registration_sequence, \"from\"", connection);
        command.Parameters.AddWithValue("ids", ids);
        command.Parameters.AddWithValue("grid", grid);
        command.Parameters.AddWithValue("until", until);
        var rows = new List<ScorePeriod>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) rows.Add(ValueRow(reader, grid));
        return rows;
    }

    /// <summary>
    /// Each project's highest mean of <paramref name="pillar"/> over its periods of <paramref name="grid"/> that start by its
    /// own date, and the first day it had it: one row per project, found by PostgreSQL in the covering index of (project,
    /// grid) (<see cref="ScoreHistoryViews.ProjectIndex"/>), where reading every period into the app cost 1.3 s at M for the
    /// watch list's 3,500 projects. Null when the index carries no column for the pillar.
    /// </summary>
    public async Task<Dictionary<Guid, Analytics.Reading>?> ReadPeaksAsync(
        string grid, string pillar, IReadOnlyList<(Guid Id, DateOnly Until)> projects, CancellationToken ct)
    {
        if (Means.FirstOrDefault(c => c.Pillar == pillar) is not { } column) return null;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        // From the index alone; a null mean (a row of an older version, not filled yet: it sorts first) has the query read the
        // value from the documents instead.
        return await PeaksAsync($"x.{column.Name}") ?? await PeaksAsync($"coalesce(x.{column.Name}, {column.FromJson("x.data")})")
            ?? throw new InvalidOperationException($"a period has no mean of the pillar {pillar}");

        // The first period at the highest value, in business order; null when a value is null.
        async Task<Dictionary<Guid, Analytics.Reading>?> PeaksAsync(string value)
        {
            await using var command = new NpgsqlCommand(
                $"select distinct on (w.id) w.id, x.\"from\", {value} from unnest(@ids, @untils) as w(id, until) " +
                $"join {Table(store.Options)} x on x.project_id = w.id and x.grid = @grid and x.\"from\" <= w.until " +
                $"order by w.id, {value} desc nulls first, x.\"from\"", connection);
            command.Parameters.AddWithValue("ids", projects.Select(x => x.Id).ToArray());
            command.Parameters.AddWithValue("untils", projects.Select(x => x.Until).ToArray());
            command.Parameters.AddWithValue("grid", grid);
            var peaks = new Dictionary<Guid, Analytics.Reading>(projects.Count);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                if (reader.IsDBNull(2)) return null;
                peaks[reader.GetGuid(0)] = new Analytics.Reading(reader.GetFieldValue<DateOnly>(1), reader.GetDouble(2));
            }
            return peaks;
        }
    }

    /// <summary>
    /// Every project's periods under a grid that start by <paramref name="until"/> and have not ended by
    /// <paramref name="after"/>, one project at a time (its periods in business order), with the same columns as
    /// <see cref="ReadValuesAsync"/>: read in the covering index's order of projects, so that only one project's periods
    /// are held at once, whatever the portfolio's size.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<ScorePeriod>> EachProjectValuesAsync(
        string grid, DateOnly until, DateOnly after, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select {ValueSelect} from {Table(store.Options)} " +
            "where grid = @grid and \"from\" <= @until and (\"to\" is null or \"to\" > @after) order by project_id", connection);
        command.Parameters.AddWithValue("grid", grid);
        command.Parameters.AddWithValue("until", until);
        command.Parameters.AddWithValue("after", after);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var project = new List<ScorePeriod>();
        while (await reader.ReadAsync(ct))
        {
            var row = ValueRow(reader, grid);
            if (project.Count > 0 && project[0].ProjectId != row.ProjectId)
            {
                yield return InBusinessOrder(project);
                project = [];
            }
            project.Add(row);
        }
        if (project.Count > 0) yield return InBusinessOrder(project);

        static List<ScorePeriod> InBusinessOrder(List<ScorePeriod> periods)
        {
            periods.Sort((a, b) => a.From.CompareTo(b.From));
            return periods;
        }
    }

    /// <summary>
    /// Every period of <paramref name="grid"/> starting by <paramref name="until"/>, with its project, dates, score and pillars'
    /// means only (the pillars' in the order of <see cref="Scoring.Grid.PillarIds"/>), streamed to <paramref name="each"/> by a
    /// plain reader, in no order: an index-only scan of an index that carries them (the index of the dates, or the covering
    /// index of (project, grid), as PostgreSQL chooses), or with <paramref name="yearEndsOnly"/> only the periods that hold
    /// on some 31 December, from the smaller index of those (<see cref="ScoreHistoryViews.YearEndsIndex"/>). No row is held.
    /// False, and nothing read, while some row is not filled yet (rows of an older version of the app, until the start-up
    /// fills them).
    /// </summary>
    public Task<bool> ReadPeriodValuesAsync(
        string grid, DateOnly until, bool yearEndsOnly, PeriodValuesReader each, CancellationToken ct) =>
        ReadPeriodsAsync(grid, until, yearEndsOnly, null, (project, from, to, _, score, means) => each(project, from, to, score, means), ct);

    /// <summary>
    /// <see cref="ReadPeriodValuesAsync"/> with the place of each period's stage in <paramref name="stages"/>, found by
    /// PostgreSQL (<c>array_position</c>, 1-based, null when absent), from the index of the dates, which carries the stage:
    /// the entrepreneurial figure's first day at each stage and its pillars year by year, in one reading of the periods.
    /// </summary>
    public Task<bool> ReadPeriodStagesAsync(string grid, DateOnly until, IReadOnlyList<string> stages, PeriodStageReader each, CancellationToken ct) =>
        ReadPeriodsAsync(grid, until, false, [.. stages], each, ct);

    private async Task<bool> ReadPeriodsAsync(
        string grid, DateOnly until, bool yearEndsOnly, string[]? stages, PeriodStageReader each, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        if (await AnyUnfilledAsync(connection, ct)) return false;
        await using var command = new NpgsqlCommand(
            $"select project_id, \"from\", \"to\", score, {string.Join(", ", Means.Select(c => c.Name))}" +
            $"{(stages is null ? "" : ", coalesce(array_position(@stages, stage), 0)")} from {Table(store.Options)} " +
            $"where grid = @grid and \"from\" <= @until{(yearEndsOnly ? $" and {ScoreHistoryViews.HoldsOnAYearEnd}" : "")}", connection);
        command.Parameters.AddWithValue("grid", grid);
        command.Parameters.AddWithValue("until", until);
        if (stages is not null) command.Parameters.AddWithValue("stages", stages);
        var means = new double[Means.Count];
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
        {
            var project = reader.GetGuid(0);
            var from = reader.GetFieldValue<DateOnly>(1);
            DateOnly? to = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateOnly>(2);
            // Filled, as the start-up fills every row (checked above): a null here is a bug, not a row to skip.
            var score = reader.GetInt32(3);
            for (var i = 0; i < means.Length; i++) means[i] = reader.GetDouble(4 + i);
            each(project, from, to, stages is null ? -1 : reader.GetInt32(4 + means.Length) - 1, score, means);
        }
        return true;
    }

    /// <summary>
    /// The drifts' members at a date from the index of the dates, which carries every column they read: only the project,
    /// the cohort and anchor PostgreSQL computes, the score and the pillars' means reach the app, where the whole facts of
    /// <see cref="ReadFactsAtAsync"/> made a period object of a dozen texts per project (at L, 100,000 of them, most of the
    /// members' read). The cohorts' texts are shared, one string each. False, and nothing read, while some row is not filled.
    /// </summary>
    public async Task<bool> ReadMembersAtAsync(string grid, DateOnly date, string cohortSql, string anchorSql, MemberReader each, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        if (await AnyUnfilledAsync(connection, ct)) return false;
        await using var command = new NpgsqlCommand(HeldAtSql(
            $"h.project_id, ({cohortSql})::text, ({anchorSql})::date, h.score, {string.Join(", ", Means.Select(c => $"h.{c.Name}"))}"), connection);
        command.Parameters.AddWithValue("grid", grid);
        command.Parameters.AddWithValue("date", date);
        var means = new double[Means.Count];
        var cohorts = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var read = reader.GetString(1);
            if (!cohorts.TryGetValue(read, out var cohort)) cohorts[read] = cohort = read;
            DateOnly? anchor = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateOnly>(2);
            for (var i = 0; i < means.Length; i++) means[i] = reader.GetDouble(4 + i);
            each(reader.GetGuid(0), cohort, anchor, reader.GetInt32(3), means);
        }
        return true;
    }

    public async Task<bool> ReadAnniversariesAsync(string grid, DateOnly until, ScorePeriod.AnniversaryAnchor anchor, AnniversaryReader each, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        var table = Table(store.Options);
        // Any period of the grid without its anniversaries (written by an older version, until the rebuild rewrites it),
        // found through the index of those, which is empty once they are rewritten.
        if (await ExistsThroughIndexAsync(connection, $"select exists (select 1 from {table} where grid = @grid and anniversaries is null)", ct, ("grid", grid)))
            return false;
        var anchorColumn = anchor switch
        {
            ScorePeriod.AnniversaryAnchor.HubSupportEnded => "first_hub_support_ended_on",
            ScorePeriod.AnniversaryAnchor.LegalFormAdopted => "first_legal_form_adopted_on",
            ScorePeriod.AnniversaryAnchor.CarrierLost => "first_carrier_lost_on",
            ScorePeriod.AnniversaryAnchor.FirstFunding => "first_funding_on",
            ScorePeriod.AnniversaryAnchor.Emergence => "emerged_on",
            _ => throw new ArgumentOutOfRangeException(nameof(anchor), anchor, null),
        };
        // From the index of the periods with anniversaries alone (its condition repeated, as written, for PostgreSQL to use it).
        var bits = ScorePeriod.AnniversaryBitsSql("h", anchor);
        await using var command = new NpgsqlCommand(
            $"select h.project_id, h.{anchorColumn}, {bits}, h.score, {string.Join(", ", Means.Select(c => $"h.{c.Name}"))} from {table} h " +
            $"where h.grid = @grid and h.\"from\" <= @until and {ScoreHistoryViews.HasAnniversaries} and {bits} <> 0", connection);
        command.Parameters.AddWithValue("grid", grid);
        command.Parameters.AddWithValue("until", until);
        var means = new double[Means.Count];
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
        {
            var project = reader.GetGuid(0);
            DateOnly? day = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateOnly>(1);
            var years = reader.GetInt32(2);
            var score = reader.GetInt32(3);
            for (var i = 0; i < means.Length; i++) means[i] = reader.GetDouble(4 + i);
            each(project, day, years, score, means);
        }
        return true;
    }

    /// <summary>
    /// The periods' ids found first, each project's in the covering index of (project, grid) alone, then their documents by
    /// id, through Marten: with an "exists" on the pairs, PostgreSQL read the whole table (at M, a sequential scan of 1.2 s
    /// for 1,990 periods), and with the ids read from the rows, every period of each project (0.7 s).
    /// </summary>
    public async Task<IReadOnlyList<ScorePeriod>> ReadHoldingAtAsync(string grid, IReadOnlyList<(Guid Id, DateOnly Day)> days, CancellationToken ct)
    {
        await using var own = store.QuerySession();
        return await own.QueryAsync<ScorePeriod>(
            $"where id = any(array(select {ScorePeriod.IdSql("x")} from unnest(?::uuid[], ?::date[]) as w(id, day) join {Table(store.Options)} x on x.project_id = w.id " +
            "and x.grid = ? and x.\"from\" <= w.day and (x.\"to\" is null or x.\"to\" > w.day)))", ct,
            days.Select(x => x.Id).ToArray(), days.Select(x => x.Day).ToArray(), grid);
    }

    /// <summary>
    /// The query of <see cref="ReadFactsAtAsync"/>, with its parameters <c>@grid</c> and <c>@date</c>: two ranges of the index
    /// of the dates, the periods still holding and those ending after the date, rather than one condition with an "or",
    /// which PostgreSQL reads through a bitmap of the rows and so visits every row's page.
    /// </summary>
    public string FactsAtSql() =>
        HeldAtSql($"h.project_id, h.registration_sequence, h.\"from\", {string.Join(", ", ScorePeriod.AtDateColumns.Select(c => $"h.{c.Name}"))}");

    // The periods of @grid holding at @date, the columns of the table aliased h: the two ranges FactsAtSql says why.
    private string HeldAtSql(string columns) =>
        $"select {columns} from {Table(store.Options)} h where h.grid = @grid and h.\"to\" is null and h.\"from\" <= @date " +
        $"union all select {columns} from {Table(store.Options)} h where h.grid = @grid and h.\"to\" > @date and h.\"from\" <= @date";

    // Any row not filled yet, found through the index of those, which is empty once the start-up has filled them.
    private Task<bool> AnyUnfilledAsync(NpgsqlConnection connection, CancellationToken ct) =>
        ExistsThroughIndexAsync(connection, $"select exists (select 1 from {Table(store.Options)} where {ScoreHistoryViews.Unfilled})", ct);

    /// <summary>
    /// An "exists" answered from the partial index of the rows it looks for (empty once they are rewritten or filled),
    /// never by a read of the whole table: with statistics from before a rebuild or a fill (most rows then matching),
    /// PostgreSQL expects a matching row at once and chooses a sequential scan, which at L reads 16 GB to find none. The
    /// sequential scan is refused for this statement alone (SET LOCAL, in a transaction of its own).
    /// </summary>
    private static async Task<bool> ExistsThroughIndexAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var off = new NpgsqlCommand("set local enable_seqscan = off", connection, transaction)) await off.ExecuteNonQueryAsync(ct);
        await using var exists = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters) exists.Parameters.AddWithValue(name, value);
        var found = (bool)(await exists.ExecuteScalarAsync(ct))!;
        await transaction.CommitAsync(ct);
        return found;
    }

    /// <summary>
    /// Every project's period of a grid holding at a date, with only its project, first day, registration sequence, score,
    /// pillars' means and the facts of <see cref="ScorePeriod.FactColumns"/>, read from the index of the dates, which carries
    /// them (<see cref="ScoreHistoryViews.AtDateIndex"/>), by a plain reader: when the table's pages are all visible
    /// (vacuumed), no document is read, where the whole periods cost one random page read per project. In registration
    /// order. Null when a period's columns are not filled yet (rows of an older version of the app, until the
    /// start-up has filled them): the caller reads the documents instead.
    /// </summary>
    public async Task<List<ScorePeriod>?> ReadFactsAtAsync(string grid, DateOnly date, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(FactsAtSql(), connection);
        command.Parameters.AddWithValue("grid", grid);
        command.Parameters.AddWithValue("date", date);
        var rows = new List<ScorePeriod>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            int At(string column) => reader.GetOrdinal(column);
            var (project, sequence, from, score) = (At("project_id"), At("registration_sequence"), At("from"), At("score"));
            var means = Means.Select(c => (c.Pillar!, At(c.Name))).ToList();
            var (key, name, stage, legalForm, context, carrier, potential) = (At("key"), At("name"), At("stage"), At("legal_form"),
                At("emergence_context"), At("carrier_present"), At("ect_potential"));
            var (sector, hubRole, year, accompanied, stopped) = (At("sector"), At("hub_role"), At("emergence_year"), At("ever_accompanied_by_hub"), At("stopped_on"));
            var (emerged, hubEnded, formAdopted, carrierLost, funded) = (At("emerged_on"), At("first_hub_support_ended_on"),
                At("first_legal_form_adopted_on"), At("first_carrier_lost_on"), At("first_funding_on"));
            var (commune, hubActive) = (At("commune"), At("hub_accompaniment_active"));
            DateOnly? Day(int at) => reader.IsDBNull(at) ? null : reader.GetFieldValue<DateOnly>(at);
            while (await reader.ReadAsync(ct))
            {
                if (reader.IsDBNull(key) || reader.IsDBNull(score) || reader.IsDBNull(year) || reader.IsDBNull(emerged) || reader.IsDBNull(commune) || reader.IsDBNull(hubActive)) return null;
                var pillars = new Dictionary<string, double>(means.Count);
                foreach (var (pillar, at) in means)
                    if (!reader.IsDBNull(at)) pillars[pillar] = reader.GetDouble(at);
                rows.Add(new ScorePeriod
                {
                    ProjectId = reader.GetGuid(project), Grid = grid, RegistrationSequence = reader.GetInt64(sequence),
                    From = reader.GetFieldValue<DateOnly>(from), Score = reader.GetInt32(score), Pillars = pillars,
                    Key = reader.GetString(key), Name = reader.GetString(name), Stage = reader.GetString(stage),
                    LegalForm = reader.IsDBNull(legalForm) ? null : reader.GetString(legalForm), EmergenceContext = reader.GetString(context),
                    CarrierPresent = reader.GetBoolean(carrier), EctPotential = reader.GetBoolean(potential),
                    Sector = reader.GetString(sector), HubRole = reader.GetString(hubRole), EmergenceYear = reader.GetInt32(year),
                    EverAccompaniedByHub = reader.GetBoolean(accompanied),
                    StoppedOn = Day(stopped), EmergedOn = reader.GetFieldValue<DateOnly>(emerged), FirstHubSupportEndedOn = Day(hubEnded),
                    FirstLegalFormAdoptedOn = Day(formAdopted), FirstCarrierLostOn = Day(carrierLost), FirstFundingOn = Day(funded),
                    Commune = reader.GetString(commune), HubAccompanimentActive = reader.GetBoolean(hubActive),
                });
            }
        }
        return rows.OrderBy(x => x.RegistrationSequence).ToList();
    }

    /// <summary>
    /// The facts of <see cref="IScorePeriodRows.ReadFigureFactsAtAsync"/>: those the index of the dates carries, and from each
    /// period's document, read by PostgreSQL, only its path, its carrier's type, status and time given and its fingerprint,
    /// where the whole documents made a period object of some 3 KB per project in the app (at L, 100,000 of them).
    /// </summary>
    public Task<List<ScorePeriod>?> ReadFigureFactsAtAsync(string grid, DateOnly date, CancellationToken ct) =>
        ReadHeldAtAsync(grid, date,
            "h.project_id, h.registration_sequence, h.key, h.name, h.score, h.stage, h.emerged_on, h.stopped_on, h.data ->> 'path', " +
            "h.data ->> 'carrierType', h.data ->> 'carrierStatus', h.data ->> 'carrierTimeGiven', h.data ->> 'gridFingerprint'",
            reader => new ScorePeriod
            {
                ProjectId = reader.GetGuid(0), Grid = grid, RegistrationSequence = reader.GetInt64(1), Key = reader.GetString(2),
                Name = reader.GetString(3), Score = reader.GetInt32(4), Stage = Word(reader, 5)!, EmergedOn = reader.GetFieldValue<DateOnly>(6),
                StoppedOn = Day(reader, 7), Path = Word(reader, 8),
                CarrierType = Word(reader, 9), CarrierStatus = Word(reader, 10), CarrierTimeGiven = Word(reader, 11),
                GridFingerprint = Word(reader, 12) ?? "",
            }, ct);

    /// <summary>
    /// The facts of <see cref="IScorePeriodRows.ReadLineageFactsAtAsync"/>: those the index of the dates carries, and from each
    /// period's document, read by PostgreSQL, only its origins, its carriers so far and its fingerprint: the lineage then
    /// reads no timeline (at L, 6 million events folded for a few facts per project).
    /// </summary>
    public Task<List<ScorePeriod>?> ReadLineageFactsAtAsync(string grid, DateOnly date, CancellationToken ct) =>
        ReadHeldAtAsync(grid, date,
            "h.project_id, h.registration_sequence, h.key, h.name, h.score, h.ect_potential, h.stage, " +
            "h.data -> 'origins', h.data -> 'carriers', h.data ->> 'gridFingerprint'",
            reader => new ScorePeriod
            {
                ProjectId = reader.GetGuid(0), Grid = grid, RegistrationSequence = reader.GetInt64(1), Key = reader.GetString(2),
                Name = reader.GetString(3), Score = reader.GetInt32(4), EctPotential = reader.GetBoolean(5),
                Stage = Word(reader, 6)!, Origins = DocumentList<List<PeriodOrigin>>(reader, 7),
                Carriers = DocumentList<List<PeriodCarrying>>(reader, 8), GridFingerprint = Word(reader, 9) ?? "",
            }, ct);

    /// <summary>
    /// The facts of <see cref="IScorePeriodRows.ReadOutputFactsAtAsync"/>: those the index of the dates carries, and from each
    /// period's document, read by PostgreSQL, only its latest outputs and its fingerprint: the analysis then reads no timeline.
    /// </summary>
    public Task<List<ScorePeriod>?> ReadOutputFactsAtAsync(string grid, DateOnly date, CancellationToken ct) =>
        ReadHeldAtAsync(grid, date,
            "h.project_id, h.registration_sequence, h.key, h.name, h.stopped_on, h.data -> 'outputs', h.data ->> 'gridFingerprint'",
            reader => new ScorePeriod
            {
                ProjectId = reader.GetGuid(0), Grid = grid, RegistrationSequence = reader.GetInt64(1), Key = reader.GetString(2),
                Name = reader.GetString(3), StoppedOn = Day(reader, 4),
                Outputs = DocumentList<List<StoredOutput>>(reader, 5), GridFingerprint = Word(reader, 6) ?? "",
            }, ct);

    /// <summary>
    /// Every project's period of <paramref name="grid"/> holding at <paramref name="date"/>, the <paramref name="columns"/> of
    /// the table aliased h read by a plain reader and made a period by <paramref name="row"/>, in registration order; null
    /// while rows are not filled yet (the caller then reads the documents).
    /// </summary>
    private async Task<List<ScorePeriod>?> ReadHeldAtAsync(string grid, DateOnly date, string columns, Func<NpgsqlDataReader, ScorePeriod> row, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        if (await AnyUnfilledAsync(connection, ct)) return null;
        await using var command = new NpgsqlCommand(HeldAtSql(columns), connection);
        command.Parameters.AddWithValue("grid", grid);
        command.Parameters.AddWithValue("date", date);
        var rows = new List<ScorePeriod>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                rows.Add(row(reader));
        return rows.OrderBy(x => x.RegistrationSequence).ToList();
    }

    // The vocabulary's words, shared as a period read whole shares them (these fields' converter, SharedWord).
    private static string? Word(NpgsqlDataReader reader, int at) => reader.IsDBNull(at) ? null : SharedWords.Of(reader.GetString(at));

    private static DateOnly? Day(NpgsqlDataReader reader, int at) => reader.IsDBNull(at) ? null : reader.GetFieldValue<DateOnly>(at);

    // The lists a period's document holds, read back as Marten wrote them (names in camel case, days as yyyy-MM-dd).
    private static readonly System.Text.Json.JsonSerializerOptions DocumentJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    // A list of a period's document, as jsonb, read back; null when the document has none.
    private static T? DocumentList<T>(NpgsqlDataReader reader, int at) where T : class =>
        reader.IsDBNull(at) || reader.GetString(at) is "null" ? null : System.Text.Json.JsonSerializer.Deserialize<T>(reader.GetString(at), DocumentJson);

    /// <summary>From the documents, the one text of theirs the staff's search reads that no index carries.</summary>
    public async Task<Dictionary<Guid, string>> ReadSummariesAtAsync(string grid, DateOnly date, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(HeldAtSql("h.project_id, coalesce(h.data ->> 'summary', '')"), connection);
        command.Parameters.AddWithValue("grid", grid);
        command.Parameters.AddWithValue("date", date);
        var summaries = new Dictionary<Guid, string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) summaries[reader.GetGuid(0)] = reader.GetString(1);
        return summaries;
    }

    // The pillars' means' columns, in the order of Grid.PillarIds (ScorePeriod.ValueColumns lists them so).
    private static readonly IReadOnlyList<ScorePeriod.ValueColumn> Means = [.. ScorePeriod.ValueColumns.Where(c => c.Pillar is not null)];

    // The columns the covering index of (project, grid) holds: project, registration sequence, dates, score, pillars' means.
    private static readonly string ValueSelect =
        $"project_id, registration_sequence, \"from\", \"to\", score, {string.Join(", ", Means.Select(c => c.Name))}";

    private static ScorePeriod ValueRow(NpgsqlDataReader reader, string grid)
    {
        var pillars = new Dictionary<string, double>(Means.Count);
        for (var i = 0; i < Means.Count; i++)
            if (!reader.IsDBNull(5 + i)) pillars[Means[i].Pillar!] = reader.GetDouble(5 + i);
        return new ScorePeriod
        {
            ProjectId = reader.GetGuid(0), Grid = grid, RegistrationSequence = reader.GetInt64(1), From = reader.GetFieldValue<DateOnly>(2),
            To = reader.IsDBNull(3) ? null : reader.GetFieldValue<DateOnly>(3), Score = reader.GetInt32(4), Pillars = pillars,
        };
    }

    /// <summary>
    /// Deletes the periods and stints of projects whose stream is archived or gone (a rebuild replays only the live streams,
    /// and rewrites what it replays).
    /// </summary>
    public async Task DeleteOrphansAsync(CancellationToken ct)
    {
        var options = (IReadOnlyStoreOptions)store.Options;
        var live = $"select s.id from {store.Options.Events.DatabaseSchemaName}.mt_streams s where s.is_archived = false";
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var delete = new NpgsqlCommand(
            $"delete from {Table(store.Options)} where project_id not in ({live}); " +
            $"delete from {store.Options.DatabaseSchemaName}.{options.Schema.For<ProjectStints>(qualified: false)} where id not in ({live});", connection);
        await delete.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Stores the import's <see cref="ProjectStints"/> documents, in its transaction, in one statement (as Marten's upsert
    /// would: a project appended to replaces its document).
    /// </summary>
    public async Task UpsertStintsAsync(NpgsqlTransaction transaction, IReadOnlyList<ProjectStints> stints, CancellationToken ct)
    {
        if (stints.Count == 0) return;
        var table = $"{store.Options.DatabaseSchemaName}.{((IReadOnlyStoreOptions)store.Options).Schema.For<ProjectStints>(qualified: false)}";
        await using var upsert = new NpgsqlCommand(
            $"insert into {table} (id, data, mt_dotnet_type) select (r ->> 'id')::uuid, r, @type from jsonb_array_elements(@rows) r " +
            "on conflict (id) do update set data = excluded.data, mt_dotnet_type = excluded.mt_dotnet_type, " +
            "mt_last_modified = transaction_timestamp(), mt_version = excluded.mt_version", transaction.Connection, transaction);
        upsert.Parameters.AddWithValue("type", typeof(ProjectStints).FullName!);
        upsert.Parameters.AddWithValue("rows", NpgsqlDbType.Jsonb, store.Options.Serializer().ToJson(stints.ToArray()));
        await upsert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Deletes the periods of <paramref name="replaced"/> and copies <paramref name="periods"/>, in the import's transaction:
    /// a batch holds tens of thousands of periods, which Marten's upserts wrote several times slower.
    /// </summary>
    public async Task CopyAsync(NpgsqlTransaction transaction, Guid[] replaced, IReadOnlyList<ScorePeriod> periods, CancellationToken ct)
    {
        var connection = transaction.Connection!;
        var table = Table(store.Options);
        if (replaced.Length > 0)
        {
            await using var delete = new NpgsqlCommand($"delete from {table} where project_id = any(@ids)", connection, transaction);
            delete.Parameters.AddWithValue("ids", replaced);
            await delete.ExecuteNonQueryAsync(ct);
        }
        var serializer = store.Options.Serializer();
        var type = typeof(ScorePeriod).FullName!;
        await using var copy = await connection.BeginBinaryImportAsync(
            $"copy {table} (id, data, mt_dotnet_type, project_id, grid, \"from\", \"to\", registration_sequence, {ValueNames}) from stdin (format binary)", ct);
        foreach (var p in periods)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(p.Id, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(serializer.ToJson(p), NpgsqlDbType.Jsonb, ct);
            await copy.WriteAsync(type, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(p.ProjectId, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(p.Grid, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(p.From, NpgsqlDbType.Date, ct);
            if (p.To is { } to) await copy.WriteAsync(to, NpgsqlDbType.Date, ct);
            else await copy.WriteNullAsync(ct);
            await copy.WriteAsync(p.RegistrationSequence, NpgsqlDbType.Bigint, ct);
            foreach (var column in ScorePeriod.StoredColumns)
            {
                switch (column.Value(p))
                {
                    case null: await copy.WriteNullAsync(ct); break;
                    case int points: await copy.WriteAsync(points, NpgsqlDbType.Integer, ct); break;
                    case long bits: await copy.WriteAsync(bits, NpgsqlDbType.Bigint, ct); break;
                    case double mean: await copy.WriteAsync(mean, NpgsqlDbType.Double, ct); break;
                    case string text: await copy.WriteAsync(text, NpgsqlDbType.Varchar, ct); break;
                    case bool flag: await copy.WriteAsync(flag, NpgsqlDbType.Boolean, ct); break;
                    case DateOnly day: await copy.WriteAsync(day, NpgsqlDbType.Date, ct); break;
                    case var other: throw new InvalidOperationException($"no column type for {other.GetType().Name} ({column.Name})");
                }
            }
        }
        await copy.CompleteAsync(ct);
    }
}
