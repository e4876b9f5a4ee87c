using System.Runtime.CompilerServices;
using System.Text;
using EctLifecycle.Projects;
using Marten;
using Npgsql;

namespace EctLifecycle.EventStore;

/// <summary>One project stream as stored: its version, the sequence of its first event, and the events the app reads.</summary>
public sealed record StoredStream(Guid Id, long Version, long FirstSequence, List<TimelineEntry> Entries)
{
    /// <summary>A project's stream starts with its registration; anything else (Marten's tombstones, another aggregate) is not one.</summary>
    public bool IsProject => Entries.Count > 0 && Entries[0] is { Version: 1, Event: ProjectRegistered };
}

/// <summary>
/// Reads the project events of <c>mt_events</c> with plain queries, bodies deserialised by Marten's own serializer. Marten's
/// stream reads throw on a row whose type the app does not know (its own <c>tombstone</c> rows read as a foreign type, an
/// event type of another app version), and one such row must never take every read down: here every row that is not a
/// project event is skipped and reported once (<see cref="SkippedRows"/>). It is also several times faster than Marten's
/// queries for the cold read of many streams. One per document store (registered beside it).
/// </summary>
public sealed class MartenEventRows(IDocumentStore store, NpgsqlDataSource? database = null) : IEventRows
{
    private const int RowsPerBatch = 20_000;

    private sealed record Row(Guid Stream, long Version, long Sequence, Guid Id, DateTimeOffset Timestamp, Type? Type, string Kind, string Data);

    private StoreOptions Options => (StoreOptions)store.Options;
    private string Schema => store.Options.Events.DatabaseSchemaName;
    // The project event types by the names Marten stores them under, found once.
    private IReadOnlyDictionary<string, Type> Types => _types ??= EventStoreSchema.ProjectEventTypes(Options);
    private IReadOnlyDictionary<string, Type>? _types;
    private bool _tablesReady;

    public async Task<List<StoredStream>> ReadStreamsAsync(IReadOnlyCollection<Guid>? ids, SkippedRows skipped, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select {EventStoreSchema.EventColumnsRead} from {Schema}.mt_events where is_archived = false" +
            (ids is null ? "" : " and stream_id = any(@ids)") + " order by stream_id, version", connection) { CommandTimeout = 0 };
        if (ids is not null) command.Parameters.AddWithValue("ids", ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        var streams = new List<StoredStream>();
        await foreach (var batch in BatchesAsync(reader, ct)) Collect(batch, skipped, streams);
        return streams;
    }

    public async Task<(StoredStream? Stream, ErasureMark Erasures)> ReadStreamAsync(
        Guid id, long afterVersion, SkippedRows skipped, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                ErasedStreams.MarkCommand(store),
                new($"select version from {Schema}.mt_streams where id = $1 and is_archived = false") { Parameters = { new() { Value = id } } },
                new($"select {EventStoreSchema.EventColumnsRead} from {Schema}.mt_events " +
                    "where stream_id = $1 and version > $2 and is_archived = false order by version")
                    { Parameters = { new() { Value = id }, new() { Value = afterVersion } } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var erasures = ErasedStreams.ReadMark(reader);
        await reader.NextResultAsync(ct);
        long? version = await reader.ReadAsync(ct) ? reader.GetInt64(0) : null;
        await reader.NextResultAsync(ct);
        var rows = new List<Row>();
        while (await reader.ReadAsync(ct)) rows.Add(ReadRow(reader));
        if (version is not { } v) return (null, erasures);
        var streams = new List<StoredStream>();
        Collect(rows, skipped, streams);
        return (streams.Count == 0 ? new StoredStream(id, v, 0, []) : streams[0] with { Version = v }, erasures);
    }

    public async Task<(List<StoredStream> Streams, ErasureMark Erasures)> ReadStreamsAfterAsync(
        IReadOnlyList<(Guid Id, long AfterVersion)> streams, SkippedRows skipped, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var (ids, afters) = (streams.Select(x => x.Id).ToArray(), streams.Select(x => x.AfterVersion).ToArray());
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                ErasedStreams.MarkCommand(store),
                new($"select id, version from {Schema}.mt_streams where id = any($1) and is_archived = false") { Parameters = { new() { Value = ids } } },
                new($"select {EventStoreSchema.EventColumnsReadOf("e")} " +
                    $"from unnest($1, $2) as w(id, after) join {Schema}.mt_events e on e.stream_id = w.id and e.version > w.after " +
                    "where e.is_archived = false order by e.stream_id, e.version")
                    { Parameters = { new() { Value = ids }, new() { Value = afters } } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var erasures = ErasedStreams.ReadMark(reader);
        await reader.NextResultAsync(ct);
        var versions = new Dictionary<Guid, long>(ids.Length);
        while (await reader.ReadAsync(ct)) versions[reader.GetGuid(0)] = reader.GetInt64(1);
        await reader.NextResultAsync(ct);
        var read = new List<StoredStream>();
        await foreach (var rows in BatchesAsync(reader, ct)) Collect(rows, skipped, read);
        var withEvents = read.ToDictionary(x => x.Id);
        // Each live stream at its version now, in the order named, with the events read (none when it has not moved).
        return ([.. ids.Distinct().Where(versions.ContainsKey)
            .Select(id => withEvents.TryGetValue(id, out var x) ? x with { Version = versions[id] } : new StoredStream(id, versions[id], 0, []))], erasures);
    }

    /// <summary>
    /// Marten's tombstone streams stay at version 0 (their rows are appended without moving it), so they are left out here;
    /// any other stream that is not a project's is recognised when its events are read.
    /// </summary>
    public async Task<(Dictionary<Guid, long> Versions, ErasureMark Erasures)> ReadVersionsAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                ErasedStreams.MarkCommand(store),
                new($"select id, version from {Schema}.mt_streams where version > 0 and is_archived = false"),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var erasures = ErasedStreams.ReadMark(reader);
        await reader.NextResultAsync(ct);
        var versions = new Dictionary<Guid, long>();
        while (await reader.ReadAsync(ct)) versions[reader.GetGuid(0)] = reader.GetInt64(1);
        return (versions, erasures);
    }

    public async Task<IReadOnlyList<(Guid Erasure, IReadOnlyList<Guid> Streams)>> ReadCompletedErasuresAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await ErasedStreams.ReadCompletedAsync(store, connection, ct);
    }

    /// <summary>
    /// Keyset pages over the registrations in sequence order (the primary key of <c>seq_id</c>), each page's streams read
    /// whole by their (stream, version) key: every page costs its own rows, however far in the portfolio it is.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<StoredStream>> ReadProjectsAsync(
        int streamsPerChunk, SkippedRows skipped, [EnumeratorCancellation] CancellationToken ct)
    {
        long? after = 0;
        while (after is { } from)
        {
            var page = await ReadProjectsPageAsync(from, streamsPerChunk, skipped, ct);
            if (page.Projects.Count > 0) yield return page.Projects;
            after = page.Next;
        }
    }

    public async Task<ProjectsPage> ReadProjectsPageAsync(long after, int streams, SkippedRows skipped, CancellationToken ct)
    {
        var read = new List<StoredStream>();
        await using (var connection = await OpenAsync(ct))
        {
            await using var transaction = await ByKeysAsync(connection, ct);
            await using var command = new NpgsqlCommand(
                $"with firsts as (select stream_id, seq_id from {Schema}.mt_events where seq_id > @after and version = 1 " +
                "and type = any(@types) and is_archived = false order by seq_id limit @n) " +
                $"select {EventStoreSchema.EventColumnsReadOf("e")} " +
                $"from firsts f join {Schema}.mt_events e on e.stream_id = f.stream_id and e.is_archived = false " +
                "order by f.seq_id, e.version", connection, transaction) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("after", after);
            command.Parameters.AddWithValue("types", Aliases(typeof(ProjectRegistered)));
            command.Parameters.AddWithValue("n", streams);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await foreach (var batch in BatchesAsync(reader, ct)) Collect(batch, skipped, read);
        }
        // A page short of its size was the last; the next starts after the last registration read (a project's or not).
        var next = read.Count < streams ? (long?)null : read.Max(s => s.FirstSequence);
        return new ProjectsPage([.. read.Where(s => s.IsProject)], next);
    }

    public async Task<int> CountProjectsAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = await ByKeysAsync(connection, ct);
        await using var command = new NpgsqlCommand(
            $"select count(*) from {Schema}.mt_streams s where s.version > 0 and s.is_archived = false and exists " +
            $"(select from {Schema}.mt_events e where e.stream_id = s.id and e.version = 1 and e.type = any(@types) and e.is_archived = false)",
            connection, transaction) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("types", Aliases(typeof(ProjectRegistered)));
        return (int)(long)(await command.ExecuteScalarAsync(ct))!;
    }

    public Task<EventCopy> BeginCopyAsync(IReadOnlyList<(Guid Id, long Version)> appendedTo, DateTimeOffset recordedAt, CancellationToken ct) =>
        EventCopy.BeginAsync(store, database ?? throw new InvalidOperationException("no data source to copy with"), appendedTo, recordedAt, ct);

    /// <summary>
    /// A read-only transaction planned by the tables' keys: right after an import, PostgreSQL's statistics are still those
    /// of the tables before it (a few rows), and the plan it makes from them scans mt_events once per stream of a chunk
    /// (measured at S right after the import: 42 s for what the keys read in a second).
    /// </summary>
    private static async Task<NpgsqlTransaction> ByKeysAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, ct);
        await using var byKeys = new NpgsqlCommand("set transaction read only; set local enable_seqscan = off", connection, transaction);
        await byKeys.ExecuteNonQueryAsync(ct);
        return transaction;
    }

    private string[] Aliases(Type type) => Types.Where(t => t.Value == type).Select(t => t.Key).ToArray();

    /// <summary>
    /// Opens a connection of the store's database, its event tables and the erasures' created first if they are not there
    /// yet (a new database or schema), as Marten's own reads do before their first query.
    /// </summary>
    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        if (!_tablesReady)
        {
            await EventStoreSchema.EnsureTablesAsync(store.Storage.Database, ct);
            _tablesReady = true;
        }
        var connection = store.Storage.Database.CreateConnection();
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async IAsyncEnumerable<List<Row>> BatchesAsync(NpgsqlDataReader reader, [EnumeratorCancellation] CancellationToken ct)
    {
        var batch = new List<Row>(RowsPerBatch);
        var more = true;
        while (more)
        {
            batch.Clear();
            while (batch.Count < RowsPerBatch && (more = await reader.ReadAsync(ct))) batch.Add(ReadRow(reader));
            yield return batch;
        }
    }

    private Row ReadRow(NpgsqlDataReader reader)
    {
        var kind = reader.GetString(5);
        var type = Types.GetValueOrDefault(kind) ?? (reader.IsDBNull(6) ? null : Types.GetValueOrDefault(reader.GetString(6)));
        return new Row(reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetGuid(3),
            reader.GetFieldValue<DateTimeOffset>(4), type, kind, type is null ? "" : reader.GetString(7));
    }

    /// <summary>Deserialises the rows of project events (in parallel, in order) and groups them by stream; skips the others.</summary>
    private void Collect(List<Row> rows, SkippedRows skipped, List<StoredStream> streams)
    {
        var serializer = Options.Serializer();
        var events = rows.AsParallel().AsOrdered().Select(r => r.Type is null ? null : Read(r)).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            if (streams.Count == 0 || streams[^1].Id != r.Stream) streams.Add(new StoredStream(r.Stream, r.Version, r.Sequence, []));
            var stream = streams[^1];
            if (events[i] is { } e) stream.Entries.Add(new TimelineEntry(r.Id, r.Version, r.Timestamp, e));
            else skipped.Skip(r.Type is null ? r.Kind : $"{r.Kind} (illisible)", r.Stream);
            if (r.Version > stream.Version) streams[^1] = stream with { Version = r.Version };
        }

        // A body this version of the app cannot read (written by an older one, whose fields have changed since) is skipped
        // like a row of an unknown type, and reported as unreadable.
        IProjectEvent? Read(Row r)
        {
            try { return (IProjectEvent)serializer.FromJson(r.Type!, new MemoryStream(Encoding.UTF8.GetBytes(r.Data))); }
            catch (Exception) { return null; }
        }
    }
}
