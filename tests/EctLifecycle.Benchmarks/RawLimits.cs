using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace EctLifecycle.Benchmarks;

/// <summary>
/// What this PostgreSQL does with the same rows and no app: the app's events copied server-side by one
/// <c>INSERT ... SELECT</c> into a table made <c>LIKE</c> the app's <c>mt_events</c> (columns, defaults and every index),
/// single-row inserts each in its own transaction from concurrent clients, and the events read back raw.
/// </summary>
public sealed class RawLimits(NpgsqlDataSource db, string appSchema)
{
    private readonly string Raw = appSchema + "_raw";

    public async Task<IReadOnlyList<string>> PrepareAsync()
    {
        await ExecAsync($"""
            drop schema if exists {Raw} cascade;
            create schema {Raw};
            create table {Raw}.mt_events (like {appSchema}.mt_events including all);
            create sequence {Raw}.seq;
            alter table {Raw}.mt_events alter column seq_id set default nextval('{Raw}.seq');
            """);
        var indexes = new List<string>();
        await using var cmd = db.CreateCommand("select indexdef from pg_indexes where schemaname = $1 and tablename = 'mt_events' order by indexname");
        cmd.Parameters.AddWithValue(appSchema);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) indexes.Add(reader.GetString(0));
        return indexes;
    }

    /// <summary>Rows per second of a server-side copy of every event row, the median of <paramref name="repeats"/>.</summary>
    public async Task<double> InsertSelectAsync(int repeats)
    {
        var rates = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            await ExecAsync($"truncate {Raw}.mt_events");
            var rows = 0;
            var ms = await Clock.TimeAsync(async () => rows = await ExecAsync($"insert into {Raw}.mt_events select * from {appSchema}.mt_events"));
            rates.Add(rows / (ms / 1000));
        }
        await ExecAsync($"truncate {Raw}.mt_events");
        return Stats.Of(rates).Median;
    }

    /// <summary>
    /// Rows per second of a binary <c>COPY ... FROM STDIN</c> of every event row sent by a client, into the raw table with
    /// the app's foreign key to its streams (as Marten's table has): the bound for any import that sends its rows from
    /// the app, whatever it does before. The rows are first copied out to a file, which is not timed.
    /// </summary>
    public async Task<double> CopyFromClientAsync()
    {
        const string columns = "seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived";
        var file = Path.GetTempFileName();
        try
        {
            await using (var connection = await db.OpenConnectionAsync())
            await using (var output = File.Create(file))
            await using (var copyOut = await connection.BeginRawBinaryCopyAsync($"copy (select {columns} from {appSchema}.mt_events) to stdout (format binary)"))
                await copyOut.CopyToAsync(output);
            await ExecAsync($"truncate {Raw}.mt_events; alter table {Raw}.mt_events add constraint raw_stream " +
                            $"foreign key (stream_id) references {appSchema}.mt_streams (id)");
            var ms = await Clock.TimeAsync(async () =>
            {
                await using var connection = await db.OpenConnectionAsync();
                await using var input = File.OpenRead(file);
                await using var copyIn = await connection.BeginRawBinaryCopyAsync($"copy {Raw}.mt_events ({columns}) from stdin (format binary)");
                await input.CopyToAsync(copyIn);
            });
            await using var count = db.CreateCommand($"select count(*) from {Raw}.mt_events");
            var rows = (long)(await count.ExecuteScalarAsync())!;
            await ExecAsync($"alter table {Raw}.mt_events drop constraint raw_stream; truncate {Raw}.mt_events");
            return rows / (ms / 1000);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Commits per second and their latency: each client inserts one event row per transaction, for <paramref name="duration"/>.</summary>
    public async Task<(double PerSecond, Stats Latency)> SingleRowCommitsAsync(int clients, TimeSpan duration)
    {
        var latencies = new ConcurrentBag<double>();
        var body = """{"text": "Réunion de suivi 12345", "loggedBy": "bench", "projectId": "0198c0de-0000-7000-8000-000000000001", "occurredOn": "2021-03-04"}""";
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            await using var connection = await db.OpenConnectionAsync();
            var stream = Guid.NewGuid();
            await using var insert = new NpgsqlCommand(
                $"insert into {Raw}.mt_events (id, stream_id, version, data, type) values ($1, $2, $3, $4::jsonb, 'note_added')", connection);
            for (long version = 1; Stopwatch.GetTimestamp() < until; version++)
            {
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue(Guid.NewGuid());
                insert.Parameters.AddWithValue(stream);
                insert.Parameters.AddWithValue(version);
                insert.Parameters.AddWithValue(body);
                latencies.Add(await Clock.TimeAsync(() => insert.ExecuteNonQueryAsync()));
            }
        })));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        await ExecAsync($"truncate {Raw}.mt_events");
        return (latencies.Count / seconds, Stats.Of(latencies));
    }

    /// <summary>One stream's rows read by a client, as many times as asked.</summary>
    public Task<Stats> ReadStreamAsync(Guid stream, int times) => Clock.RepeatAsync(times, async _ =>
    {
        await using var cmd = db.CreateCommand($"select id, version, type, timestamp, data from {appSchema}.mt_events where stream_id = $1 order by version");
        cmd.Parameters.AddWithValue(stream);
        await DrainAsync(cmd);
    });

    /// <summary>Every event row read by a client: what any answer computed from all the raw events must at least pay.</summary>
    public Task<Stats> ReadAllAsync(int times) => Clock.RepeatAsync(times, async _ =>
    {
        await using var cmd = db.CreateCommand($"select seq_id, stream_id, version, type, timestamp, data from {appSchema}.mt_events");
        await DrainAsync(cmd);
    });

    private static async Task DrainAsync(NpgsqlCommand cmd)
    {
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) _ = reader.GetString(reader.FieldCount - 1);
    }

    private async Task<int> ExecAsync(string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.CommandTimeout = 0;
        return await cmd.ExecuteNonQueryAsync();
    }
}
