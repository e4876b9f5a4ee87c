using System.Text;
using JasperFx.Events;
using Marten;

namespace EctLifecycle.Projects;

/// <summary>
/// Every stored event read with one plain query, the bodies deserialised in parallel by Marten's own serializer:
/// the cold load of the timelines, several times faster than reading the events one by one through Marten's queries.
/// Same rows and fields as <c>QueryAllRawEvents</c> (archived events left out).
/// </summary>
internal static class EventRows
{
    private const int RowsPerBatch = 20_000;

    private sealed record Row(Guid Stream, long Version, long Sequence, Guid Id, DateTimeOffset Timestamp, Type Type, string Data);

    public static async Task<List<(Guid Stream, long FirstSequence, List<TimelineEntry> Entries)>> ReadAllAsync(IQuerySession session, CancellationToken ct)
    {
        var options = ((DocumentStore)session.DocumentStore).Options;
        var serializer = options.Serializer();
        // A body's type: by Marten's alias, else by the "Namespace.Type, Assembly" it also stores.
        var types = StoredNames(options).SelectMany(n => new[] { (n.Alias, n.Type), (n.DotNetName, n.Type) })
            .ToDictionary(x => x.Item1, x => x.Item2);
        var streams = new List<(Guid, long, List<TimelineEntry>)>();

        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new Npgsql.NpgsqlCommand(
            $"select stream_id, version, seq_id, id, timestamp, type, mt_dotnet_type, data from {options.Events.DatabaseSchemaName}.mt_events " +
            "where is_archived = false order by stream_id, version", connection) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(ct);
        var batch = new List<Row>(RowsPerBatch);
        var more = true;
        while (more)
        {
            batch.Clear();
            while (batch.Count < RowsPerBatch && (more = await reader.ReadAsync(ct)))
                batch.Add(new Row(reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetGuid(3),
                    reader.GetFieldValue<DateTimeOffset>(4), TypeOf(reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6)), reader.GetString(7)));
            var entries = batch.AsParallel().AsOrdered().Select(r => new TimelineEntry(r.Id, r.Version, r.Timestamp,
                (IProjectEvent)serializer.FromJson(r.Type, new MemoryStream(Encoding.UTF8.GetBytes(r.Data))))).ToList();
            for (var i = 0; i < batch.Count; i++)
            {
                if (streams.Count == 0 || streams[^1].Item1 != batch[i].Stream) streams.Add((batch[i].Stream, batch[i].Sequence, []));
                streams[^1].Item3.Add(entries[i]);
            }
        }
        return streams;

        Type TypeOf(string alias, string? dotnetType) =>
            types.GetValueOrDefault(alias) ?? (dotnetType is null ? null : types.GetValueOrDefault(dotnetType))
            ?? throw new InvalidOperationException($"unknown event type {alias} ({dotnetType})");
    }

    /// <summary>
    /// How Marten stores each project event's type: its alias (the <c>type</c> column, from Marten's own mapping) and
    /// "Namespace.Type, Assembly" (<c>mt_dotnet_type</c>). Read here, written by the import's COPY.
    /// </summary>
    public static IReadOnlyList<(Type Type, string Alias, string DotNetName)> StoredNames(StoreOptions options)
    {
        var events = (Marten.Events.EventGraph)options.Events;
        return ProjectEvents.All.Select(t => (t, events.EventMappingFor(t).EventTypeName, $"{t.FullName}, {t.Assembly.GetName().Name}")).ToList();
    }
}
