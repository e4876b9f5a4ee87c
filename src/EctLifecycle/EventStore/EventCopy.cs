using System.Text;
using EctLifecycle.Projects;
using Marten;
using Npgsql;

namespace EctLifecycle.EventStore;

/// <summary>
/// The import's write: one transaction that copies new streams and appended events with PostgreSQL's binary COPY into
/// Marten's own tables and in Marten's own format (its serializer, event type names and sequence), the rows Marten's
/// append would write without a function call and a loop of INSERTs per stream; new streams' keys go with them. The
/// streams appended to are locked first, at the versions the plan was made on. Each batch's rows are made ready while
/// the last one is copied, and its sequence numbers drawn meanwhile on a connection of their own (a sequence is outside
/// transactions: what a failed import drew is skipped, as with Marten's own appends).
/// </summary>
public sealed class EventCopy : IAsyncDisposable
{
    private readonly IDocumentStore _store;
    private readonly string _schema, _docs;
    private readonly Marten.ISerializer _serializer;
    private readonly Dictionary<Type, (byte[] Alias, byte[] DotNetName)> _typeNames;
    private readonly byte[] _tenant = Encoding.UTF8.GetBytes(EventStoreSchema.DefaultTenant);
    private readonly DateTimeOffset _recordedAt;
    private readonly NpgsqlConnection _numbers;
    private readonly bool _keysCheckedOnce;
    private readonly List<IStreamAppend> _moved = [];
    private Task _writing = Task.CompletedTask;
    private Task<long[]> _drawing = Task.FromResult(Array.Empty<long>());
    private int _written;

    /// <summary>The import's connection, inside its transaction.</summary>
    public NpgsqlConnection Connection { get; }
    public NpgsqlTransaction Transaction { get; }

    /// <summary>True when no more batch should be copied (a failed plan): checked before each copy.</summary>
    public Func<bool> Stopped { get; set; } = () => false;

    /// <summary>Called after each batch is copied, inside the transaction, with the events copied so far.</summary>
    public Func<int, Task>? AfterBatch { get; set; }

    /// <summary>When the rows are recorded (each event's timestamp).</summary>
    public DateTimeOffset RecordedAt => _recordedAt;

    /// <summary>The ids of the events of each batch copied and not taken yet, in the order of its projects and their events.</summary>
    public Queue<Guid[]> CopiedIds { get; } = new();

    private EventCopy(IDocumentStore store, NpgsqlConnection connection, NpgsqlTransaction transaction, NpgsqlConnection numbers,
        bool keysCheckedOnce, DateTimeOffset recordedAt)
    {
        _store = store;
        _schema = store.Options.Events.DatabaseSchemaName;
        _docs = store.Options.DatabaseSchemaName;
        _serializer = store.Options.Serializer();
        _typeNames = EventStoreSchema.StoredNames((StoreOptions)store.Options)
            .ToDictionary(n => n.Type, n => (Encoding.UTF8.GetBytes(n.Alias), Encoding.UTF8.GetBytes(n.DotNetName)));
        Connection = connection;
        Transaction = transaction;
        _numbers = numbers;
        _keysCheckedOnce = keysCheckedOnce;
        _recordedAt = recordedAt;
    }

    // COPY goes around Marten, which creates its tables on first use: a command-line import into a new database
    // (deploy/run's demo) must find them. Once per store.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IDocumentStore, object> SchemaReady = new();

    internal static async Task<EventCopy> BeginAsync(IDocumentStore store, NpgsqlDataSource database,
        IReadOnlyList<(Guid Id, long Version)> appendedTo, DateTimeOffset recordedAt, CancellationToken ct)
    {
        if (!SchemaReady.TryGetValue(store, out _))
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            SchemaReady.AddOrUpdate(store, new object());
        }
        var connection = await database.OpenConnectionAsync(ct);
        NpgsqlConnection? numbers = null;
        try
        {
            var transaction = await connection.BeginTransactionAsync(ct);
            // Each event row's foreign key to its stream is checked by a query PostgreSQL plans in this transaction from the
            // statistics of mt_streams: with those of a small table (a new store, or one analysed while it held a few
            // projects), the plan scans the table, which this very import then fills with thousands of streams: every check
            // scans them all (measured: 10,000 projects into the 44 of the demo, 2 min 26 s instead of 13 s). The import's
            // transaction plans with the streams' primary key instead.
            await using (var byKey = new NpgsqlCommand("set local enable_seqscan = off", connection, transaction))
                await byKey.ExecuteNonQueryAsync(ct);
            var keysCheckedOnce = await CheckKeysOnceAsync(connection, transaction, ct);
            await LockAsync(store.Options.Events.DatabaseSchemaName, connection, transaction, appendedTo, ct);
            numbers = await database.OpenConnectionAsync(ct);
            return new EventCopy(store, connection, transaction, numbers, keysCheckedOnce, recordedAt);
        }
        catch
        {
            if (numbers is not null) await numbers.DisposeAsync();
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task LockAsync(string schema, NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyList<(Guid Id, long Version)> appendedTo, CancellationToken ct)
    {
        if (appendedTo.Count == 0) return;
        await using var check = new NpgsqlCommand(
            $"select s.id from {schema}.mt_streams s join unnest(@ids, @expected) as v(id, expected) " +
            "on s.id = v.id and s.version = v.expected for update of s", connection, transaction);
        check.Parameters.AddWithValue("ids", appendedTo.Select(p => p.Id).ToArray());
        check.Parameters.AddWithValue("expected", appendedTo.Select(p => p.Version).ToArray());
        var locked = 0;
        await using (var reader = await check.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) locked++;
        if (locked != appendedTo.Count) throw new ConcurrentImportException();
    }

    /// <summary>
    /// Makes <paramref name="batch"/>'s rows ready and starts copying them once the batch before is copied (not waited
    /// for: <see cref="FlushAsync"/> waits).
    /// </summary>
    public async Task AddAsync(IReadOnlyList<IStreamAppend> batch, CancellationToken ct)
    {
        if (batch.Count == 0 || Stopped()) return;
        var ready = Prepare(batch);
        _moved.AddRange(ready.Moved);
        var numbered = _drawing = DrawAsync(_drawing, ready.SequenceAt.Length, ct);
        await _writing;
        _writing = WriteBatchAsync(ready, numbered, ct);
    }

    /// <summary>Waits for the batch being copied.</summary>
    public Task FlushAsync() => _writing;

    /// <summary>Moves the versions of the streams appended to, lets <paramref name="beforeCommit"/> add its writes, and commits.</summary>
    public async Task CommitAsync(Func<NpgsqlTransaction, Task>? beforeCommit, CancellationToken ct)
    {
        await _writing;
        if (_moved.Count > 0)
        {
            await using var move = new NpgsqlCommand(
                $"update {_schema}.mt_streams s set version = v.next, timestamp = now() " +
                "from unnest(@ids, @expected, @next) as v(id, expected, next) where s.id = v.id and s.version = v.expected", Connection, Transaction);
            move.Parameters.AddWithValue("ids", _moved.Select(p => p.Id).ToArray());
            move.Parameters.AddWithValue("expected", _moved.Select(p => p.CurrentVersion).ToArray());
            move.Parameters.AddWithValue("next", _moved.Select(p => p.CurrentVersion + p.Events.Count).ToArray());
            if (await move.ExecuteNonQueryAsync(ct) != _moved.Count) throw new ConcurrentImportException();
        }
        if (beforeCommit is not null) await beforeCommit(Transaction);
        await Transaction.CommitAsync(ct);
    }

    /// <summary>Rolls back what was not committed; a failed read or plan leaves no copy running on the connection being closed.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAny(_writing);
        await Task.WhenAny(_drawing);
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
        await _numbers.DisposeAsync();
    }

    /// <summary>A batch made ready to copy: its event rows, less their sequence numbers.</summary>
    private sealed record Batch(List<IStreamAppend> Created, List<IStreamAppend> Moved, BinaryCopy Copy, int[] SequenceAt, byte[] Ids);

    private async Task<long[]> DrawAsync(Task before, int count, CancellationToken ct)
    {
        await before; // one command at a time on the connection
        var drawn = new long[count];
        await using var next = new NpgsqlCommand($"select nextval('{_schema}.mt_events_sequence') from generate_series(1, $1) order by 1", _numbers);
        next.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        await using var reader = await next.ExecuteReaderAsync(ct);
        var i = 0;
        while (await reader.ReadAsync(ct)) drawn[i++] = reader.GetInt64(0);
        return drawn;
    }

    /// <summary>
    /// The event rows, written by hand in PostgreSQL's binary COPY format, the JSON of each event by Marten's serializer
    /// straight into the same buffer: no string per body, no call per value. The sequence numbers are drawn when the batch
    /// is copied, and written into the places left for them.
    /// </summary>
    private Batch Prepare(IReadOnlyList<IStreamAppend> projects)
    {
        var count = projects.Sum(p => p.Events.Count);
        var ids = BinaryCopy.Version7Ids(count, _recordedAt);
        var copy = new BinaryCopy(count * 400);
        var sequenceAt = new int[count];
        var row = 0;
        foreach (var project in projects)
            for (var i = 0; i < project.Events.Count; i++, row++)
            {
                var e = project.Events[i];
                var names = _typeNames[e.GetType()];
                copy.StartRow(10);
                sequenceAt[row] = copy.Int64Later();
                copy.Uuid(ids.AsSpan(row * 16, 16));
                copy.Uuid(project.Id);
                copy.Int64(project.CurrentVersion + i + 1);
                copy.Jsonb(body => _serializer.WriteToCleanJson(body, e));
                copy.Text(names.Alias);
                copy.TimestampTz(_recordedAt);
                copy.Text(_tenant);
                copy.Text(names.DotNetName);
                copy.Boolean(false);
            }
        return new Batch(projects.Where(p => p.IsNew).ToList(), projects.Where(p => !p.IsNew).ToList(), copy, sequenceAt, ids);
    }

    private async Task WriteBatchAsync(Batch ready, Task<long[]> numbered, CancellationToken ct)
    {
        if (Stopped()) return;
        // One round trip before the rows: the batch's new streams and their keys, and the check of its streams.
        await using (var before = new NpgsqlBatch(Connection, Transaction))
        {
            if (ready.Created.Count > 0)
            {
                var streams = new NpgsqlBatchCommand(
                    $"insert into {_schema}.mt_streams ({EventStoreSchema.StreamColumnsWritten}) " +
                    "select id, version, @at, @at, @tenant from unnest(@ids, @versions) as s(id, version)");
                streams.Parameters.AddWithValue("at", _recordedAt);
                streams.Parameters.AddWithValue("tenant", EventStoreSchema.DefaultTenant);
                streams.Parameters.AddWithValue("ids", ready.Created.Select(p => p.Id).ToArray());
                streams.Parameters.AddWithValue("versions", ready.Created.Select(p => (long)p.Events.Count).ToArray());
                before.BatchCommands.Add(streams);
                var keys = new NpgsqlBatchCommand(
                    $"insert into {_store.Options.Schema.For(typeof(ProjectKey))} (id, data, mt_dotnet_type) " +
                    "select id, data::jsonb, @type from unnest(@keys, @data) as k(id, data)");
                keys.Parameters.AddWithValue("type", typeof(ProjectKey).FullName!);
                keys.Parameters.AddWithValue("keys", ready.Created.Select(p => p.Key).ToArray());
                keys.Parameters.AddWithValue("data", ready.Created.Select(p => _serializer.ToJson(new ProjectKey { Id = p.Key, ProjectId = p.Id })).ToArray());
                before.BatchCommands.Add(keys);
            }
            var expected = ready.Created.Count + ready.Moved.Count;
            if (_keysCheckedOnce)
            {
                // The foreign key of the batch's rows, checked once per stream rather than once per row.
                var check = new NpgsqlBatchCommand($"select count(*) from {_schema}.mt_streams where id = any(@ids)");
                check.Parameters.AddWithValue("ids", ready.Created.Concat(ready.Moved).Select(p => p.Id).ToArray());
                before.BatchCommands.Add(check);
            }
            if (before.BatchCommands.Count > 0)
            {
                await using var reader = await before.ExecuteReaderAsync(ct);
                if (_keysCheckedOnce && await reader.ReadAsync(ct) && reader.GetInt64(0) is var found && found != expected)
                    throw new InvalidOperationException($"{expected - found} stream(s) of the import are missing: nothing was written");
            }
        }
        var sequence = await numbered;

        for (var i = 0; i < sequence.Length; i++) ready.Copy.Patch(ready.SequenceAt[i], sequence[i]);
        await using (var raw = await Connection.BeginRawBinaryCopyAsync(
            $"copy {_schema}.mt_events ({EventStoreSchema.EventColumnsCopied}) from stdin (format binary)", ct))
            await raw.WriteAsync(ready.Copy.Finish(), ct);
        _written += sequence.Length;
        var copiedIds = new Guid[sequence.Length];
        for (var i = 0; i < copiedIds.Length; i++) copiedIds[i] = new Guid(ready.Ids.AsSpan(i * 16, 16), bigEndian: true);
        CopiedIds.Enqueue(copiedIds);
        if (AfterBatch is not null) await AfterBatch(_written);
    }

    /// <summary>
    /// PostgreSQL checks each event row's foreign key to its stream by a query of its own, which takes about as long as
    /// writing the row (measured at M: the COPY of the rows 4.6-5.0 s with it, 2.6 s without). Here every stream is
    /// known to exist while the transaction lasts: the new ones are written by it (and seen by no one else until it
    /// commits), the ones appended to are locked by it from the start. Where the role may (a superuser, or one granted
    /// SET on the parameter), the transaction runs without the per-row triggers, as pg_restore does, and the key is
    /// checked once per stream of each batch, just before its rows are copied; elsewhere PostgreSQL checks it row by row.
    /// </summary>
    private static async Task<bool> CheckKeysOnceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await transaction.SaveAsync("keys", ct);
        try
        {
            await using var replica = new NpgsqlCommand("set local session_replication_role = replica", connection, transaction);
            await replica.ExecuteNonQueryAsync(ct);
            await transaction.ReleaseAsync("keys", ct);
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            await transaction.RollbackAsync("keys", ct);
            return false;
        }
    }
}
