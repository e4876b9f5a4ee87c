using System.Diagnostics;
using Npgsql;

namespace EctLifecycle.FaultTests;

/// <summary>
/// What reading each bearer request's token and owner in PostgreSQL costs (one SQL join; there was a 30-second cache):
/// GETs of /api/grids, which needs nothing else from the database, one at a time and then 8 at a time, against the
/// app as a process. Latencies, requests per second and the app's CPU time per request are printed (docs/benchmarks.md);
/// only that every answer is a 200 is asserted.
/// </summary>
public sealed class BearerTokenCost(ITestOutputHelper output)
{
    private const int Warmup = 500, Sequential = 2000, Concurrent = 8, EachConcurrent = 500;

    [Fact]
    public async Task authenticated_gets_with_a_token_checked_in_the_database_at_each_request()
    {
        await using var db = await OwnSchema.CreateAsync("ect_cost");
        { // the app stops before its schema is dropped
            await using var app = await AppProcess.StartAsync("bearer-token-cost", db.ConnectionString, db.Name);
            using var http = app.Client(await app.IssueAdminTokenAsync());
            for (var i = 0; i < Warmup; i++) await GetAsync(http);

            var cpu = app.CpuSeconds();
            var wall = Stopwatch.StartNew();
            var one = new List<double>(Sequential);
            for (var i = 0; i < Sequential; i++) one.Add(await GetAsync(http));
            var (oneWall, oneCpu) = (wall.Elapsed.TotalSeconds, app.CpuSeconds() - cpu);

            cpu = app.CpuSeconds();
            wall.Restart();
            var eight = (await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(async _ =>
            {
                var times = new List<double>(EachConcurrent);
                for (var i = 0; i < EachConcurrent; i++) times.Add(await GetAsync(http));
                return times;
            }))).SelectMany(t => t).ToList();
            var (eightWall, eightCpu) = (wall.Elapsed.TotalSeconds, app.CpuSeconds() - cpu);

            output.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
            output.WriteLine($"one at a time, {Sequential} GETs: median {Percentile(one, 50):F2} ms, p99 {Percentile(one, 99):F2} ms, " +
                             $"{Sequential / oneWall:F0} req/s, app CPU {oneCpu * 1000 / Sequential:F3} ms/req");
            output.WriteLine($"{Concurrent} at a time, {eight.Count} GETs: median {Percentile(eight, 50):F2} ms, p99 {Percentile(eight, 99):F2} ms, " +
                             $"{eight.Count / eightWall:F0} req/s, app CPU {eightCpu * 1000 / eight.Count:F3} ms/req");
        }
    }

    private static async Task<double> GetAsync(HttpClient http)
    {
        var clock = Stopwatch.StartNew();
        using var answer = await http.GetAsync("/api/grids");
        await answer.Content.ReadAsByteArrayAsync();
        ((int)answer.StatusCode).ShouldBe(200);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Percentile(List<double> values, int percent)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
