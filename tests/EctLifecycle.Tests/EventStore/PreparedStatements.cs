using Npgsql;

namespace EctLifecycle.Tests.EventStore;

/// <summary>
/// The cause of the rare 500 "Received unexpected backend message DataRow" when identical idempotent POSTs raced on two
/// instances: with Npgsql's automatic preparation, an INSERT ... RETURNING that fails inside a transaction leaves its
/// prepared statement corrupt on that connection (npgsql/npgsql#6391, open), and the next write that runs it on the
/// same pooled connection reads a reply it does not expect. The losing write of a race fails exactly so (Marten's
/// document insert "on conflict do nothing returning id" after the append function refused the version). The app's pool
/// therefore prepares nothing automatically; this test runs the failing pattern through it.
/// </summary>
public class PreparedStatements
{
    private static readonly string Connection = Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")
        ?? throw new InvalidOperationException("run the tests with deploy/test");

    [Theory]
    [InlineData(0), InlineData(3), InlineData(4), InlineData(5), InlineData(8)]
    public async Task an_insert_returning_that_failed_in_a_transaction_runs_again_on_the_same_pooled_connection(int usesBefore)
    {
        var table = $"prepared_{Guid.NewGuid():N}";
        var settings = new NpgsqlConnectionStringBuilder(Connection) { MaxPoolSize = 1, MinPoolSize = 1 };
        await using var pool = Database.DataSource(settings.ConnectionString);
        await ExecuteAsync(pool, $"create table {table} (id serial primary key, value varchar(10) not null)");
        try
        {
            // The failure falls before, on, or after the use that would prepare it automatically (Npgsql's default: the 5th).
            var insert = $"insert into {table} (value) values ($1) returning id";
            for (var i = 0; i < usesBefore; i++) await InsertAsync(pool, insert, "court");
            await using (var connection = await pool.OpenConnectionAsync())
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                await Should.ThrowAsync<PostgresException>(async () =>
                {
                    await using var failing = new NpgsqlCommand(insert, connection, transaction) { Parameters = { new() { Value = "bien trop long" } } };
                    await failing.ExecuteScalarAsync();
                });
                await transaction.RollbackAsync();
            }
            for (var i = 0; i < 6; i++) (await InsertAsync(pool, insert, "ensuite")).ShouldBeOfType<int>();
        }
        finally
        {
            await ExecuteAsync(pool, $"drop table {table}");
        }
    }

    private static async Task<object?> InsertAsync(NpgsqlDataSource pool, string sql, string value)
    {
        await using var connection = await pool.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(sql, connection, transaction) { Parameters = { new() { Value = value } } };
        var id = await command.ExecuteScalarAsync();
        await transaction.CommitAsync();
        return id;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource pool, string sql)
    {
        await using var command = pool.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
