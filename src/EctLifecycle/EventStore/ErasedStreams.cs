using Marten;
using Npgsql;

namespace EctLifecycle.EventStore;

/// <summary>Where the erasures stand: how many are completed, and when the last one was written.</summary>
public sealed record ErasureMark(long Count, DateTimeOffset? LastWritten);

/// <summary>
/// An erasure rewrites events in place without moving their stream's version, so that the timelines each app instance
/// keeps cannot see it by versions. Each read of the timelines asks, as the first statement of the batch it sends anyway,
/// for the mark of the erasures (a count of the completed ones and the last write, over a table of a few rows); only when the mark moved
/// are the completed erasures read, to forget the streams they list. First in the batch: the statements after it then
/// see the events as masked by any erasure the mark counts. The table and the document's fields read are those of
/// <see cref="EventStoreSchema.ErasureDocument"/>, checked by the contract test.
/// </summary>
internal static class ErasedStreams
{
    // The count of the completed ones moves when one completes, whatever the clocks; the last write tells a table
    // emptied and filled again (tests) with as many.
    public static NpgsqlBatchCommand MarkCommand(IDocumentStore store) =>
        new($"select count({EventStoreSchema.ErasureCompletedColumn}), max(mt_last_modified) from {Table(store)}");

    public static ErasureMark ReadMark(NpgsqlDataReader reader) =>
        new(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));

    /// <summary>Every completed erasure, with the streams it masked.</summary>
    public static async Task<IReadOnlyList<(Guid Erasure, IReadOnlyList<Guid> Streams)>> ReadCompletedAsync(
        IDocumentStore store, NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select id, array(select jsonb_array_elements_text(data -> '{EventStoreSchema.ErasureStreamsField}'))::uuid[] " +
            $"from {Table(store)} where {EventStoreSchema.ErasureCompletedColumn} is not null", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var erasures = new List<(Guid, IReadOnlyList<Guid>)>();
        while (await reader.ReadAsync(ct)) erasures.Add((reader.GetGuid(0), reader.GetFieldValue<Guid[]>(1)));
        return erasures;
    }

    private static string Table(IDocumentStore store) => store.Options.Schema.For(EventStoreSchema.ErasureDocument);
}
