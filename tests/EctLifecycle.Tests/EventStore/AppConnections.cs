using Npgsql;

namespace EctLifecycle.Tests.EventStore;

/// <summary>The app's connection pool (<see cref="Database.DataSource"/>): PostgreSQL's JIT off, unless the connection string's options set it.</summary>
public class AppConnections
{
    private static readonly string Connection = Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")
        ?? throw new InvalidOperationException("run the tests with deploy/test");

    [Theory]
    [InlineData(null, "off")]
    [InlineData("-c jit=on", "on")]
    [InlineData("-c statement_timeout=0", "off")]
    public async Task the_app_runs_its_queries_without_postgresqls_jit_unless_told_otherwise(string? options, string expected)
    {
        var settings = new NpgsqlConnectionStringBuilder(Connection) { Options = options };
        await using var pool = Database.DataSource(settings.ConnectionString);
        await using var command = pool.CreateCommand("show jit");
        (await command.ExecuteScalarAsync()).ShouldBe(expected);
    }
}
