using Marten;

namespace EctLifecycle.EventStore;

/// <summary>The version of every live stream, one row per stream of <c>mt_streams</c>.</summary>
public static class StreamVersions
{
    /// <summary>
    /// Every stream that holds events and is not archived, and the mark of the completed erasures read before them, in
    /// one round trip. Marten's tombstone streams stay at version 0 (their rows are appended without moving it), so they
    /// are left out here; any other stream that is not a project's is recognised when its events are read.
    /// </summary>
    public static async Task<(Dictionary<Guid, long> Versions, ErasureMark Erasures)> ReadAsync(IQuerySession session, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        await EventStoreSchema.EnsureTablesAsync(session, ct);
        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var batch = new Npgsql.NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                ErasedStreams.MarkCommand(session),
                new($"select id, version from {schema}.mt_streams where version > 0 and is_archived = false"),
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
}
