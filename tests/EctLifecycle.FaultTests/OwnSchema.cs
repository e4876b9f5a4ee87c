using Npgsql;

namespace EctLifecycle.FaultTests;

/// <summary>
/// A schema of one test's own, dropped when it is disposed: on the server deploy/test provides
/// (<c>ECT_TEST_CONNECTION_STRING</c>), which outlives the runs, or else on a throwaway cluster of its own, stopped with it.
/// For the tests that need no outage of the server they run on.
/// </summary>
public sealed class OwnSchema : IAsyncDisposable
{
    private readonly ThrowawayPostgres? _server;

    public string ConnectionString { get; }
    public string Name { get; }

    private OwnSchema(ThrowawayPostgres? server, string connectionString, string name) =>
        (_server, ConnectionString, Name) = (server, connectionString, name);

    /// <summary>A new schema named <paramref name="prefix"/> and a random tail (20 characters in all).</summary>
    public static async Task<OwnSchema> CreateAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..20];
        if (Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING") is { Length: > 0 } shared)
            return new OwnSchema(null, shared, name);
        var server = await ThrowawayPostgres.StartAsync();
        return new OwnSchema(server, server.ConnectionString(), name);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var database = NpgsqlDataSource.Create(ConnectionString);
            await using var drop = database.CreateCommand($"drop schema if exists {Name} cascade");
            await drop.ExecuteNonQueryAsync();
        }
        finally
        {
            if (_server is not null) await _server.DisposeAsync();
        }
    }
}
