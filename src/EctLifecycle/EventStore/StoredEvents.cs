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
/// queries for the cold load of every stream. The tables and columns read are those of <see cref="EventStoreSchema"/>.
/// </summary>
public static class StoredEvents
{
    private const int RowsPerBatch = 20_000;

    private sealed record Row(Guid Stream, long Version, long Sequence, Guid Id, DateTimeOffset Timestamp, Type? Type, string Kind, string Data);

    /// <summary>The streams named (all of them with null), in stream order, with their project events.</summary>
    public static async Task<List<StoredStream>> ReadAsync(
        IQuerySession session, IReadOnlyCollection<Guid>? ids, SkippedRows skipped, CancellationToken ct)
    {
        var (options, types, schema) = Names.GetValue(session.DocumentStore, Describe);
        await using var connection = await OpenAsync(session, ct);
        await using var command = new NpgsqlCommand(
            $"select {EventStoreSchema.EventColumnsRead} from {schema}.mt_events where is_archived = false" +
            (ids is null ? "" : " and stream_id = any(@ids)") + " order by stream_id, version", connection) { CommandTimeout = 0 };
        if (ids is not null) command.Parameters.AddWithValue("ids", ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        var streams = new List<StoredStream>();
        var batch = new List<Row>(RowsPerBatch);
        var more = true;
        while (more)
        {
            batch.Clear();
            while (batch.Count < RowsPerBatch && (more = await reader.ReadAsync(ct))) batch.Add(ReadRow(reader, types));
            Collect(batch, options, skipped, streams);
        }
        return streams;
    }

    /// <summary>
    /// One stream's version and its project events after <paramref name="afterVersion"/> (the stream null when there is
    /// no such live stream), and the mark of the completed erasures read before them, in one round trip.
    /// </summary>
    public static async Task<(StoredStream? Stream, ErasureMark Erasures)> ReadOneAsync(
        IQuerySession session, Guid id, long afterVersion, SkippedRows skipped, CancellationToken ct)
    {
        var (options, types, schema) = Names.GetValue(session.DocumentStore, Describe);
        await using var connection = await OpenAsync(session, ct);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                ErasedStreams.MarkCommand(session),
                new($"select version from {schema}.mt_streams where id = $1 and is_archived = false") { Parameters = { new() { Value = id } } },
                new($"select {EventStoreSchema.EventColumnsRead} from {schema}.mt_events " +
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
        while (await reader.ReadAsync(ct)) rows.Add(ReadRow(reader, types));
        if (version is not { } v) return (null, erasures);
        var streams = new List<StoredStream>();
        Collect(rows, options, skipped, streams);
        return (streams.Count == 0 ? new StoredStream(id, v, 0, []) : streams[0] with { Version = v }, erasures);
    }

    // A store's options and project event types, found once per store rather than at every read.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IDocumentStore, Described> Names = new();

    private sealed record Described(StoreOptions Options, IReadOnlyDictionary<string, Type> Types, string Schema);

    private static Described Describe(IDocumentStore store)
    {
        var options = (StoreOptions)store.Options;
        return new Described(options, EventStoreSchema.ProjectEventTypes(options), options.Events.DatabaseSchemaName);
    }

    private static async Task<NpgsqlConnection> OpenAsync(IQuerySession session, CancellationToken ct)
    {
        await EventStoreSchema.EnsureTablesAsync(session, ct);
        var connection = session.Database.CreateConnection();
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

    private static Row ReadRow(NpgsqlDataReader reader, IReadOnlyDictionary<string, Type> types)
    {
        var kind = reader.GetString(5);
        var type = types.GetValueOrDefault(kind) ?? (reader.IsDBNull(6) ? null : types.GetValueOrDefault(reader.GetString(6)));
        return new Row(reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetGuid(3),
            reader.GetFieldValue<DateTimeOffset>(4), type, kind, type is null ? "" : reader.GetString(7));
    }

    /// <summary>Deserialises the rows of project events (in parallel, in order) and groups them by stream; skips the others.</summary>
    private static void Collect(List<Row> rows, StoreOptions options, SkippedRows skipped, List<StoredStream> streams)
    {
        var serializer = options.Serializer();
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
