using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace EctLifecycle.FaultTests;

/// <summary>
/// Clients that reset their socket in the middle of a milestone POST (half the body sent, or the whole body and the
/// connection dropped while the app writes), then retry with the same Idempotency-Key as a well-behaved script does:
/// nothing is half-written, each note is stored once, and every portfolio read answers, before and after a restart
/// (Marten writes tombstone rows after such aborted appends; they once took every portfolio read down for good).
/// </summary>
public sealed class DroppedConnectionTests(ITestOutputHelper output)
{
    private const int Requests = 120;
    private const string Schema = "ect_fault";

    [Fact]
    public async Task clients_resetting_their_socket_mid_post_leave_nothing_half_written_and_every_read_answers_after()
    {
        await using var pg = await ThrowawayPostgres.StartAsync();
        await using var app = await AppProcess.StartAsync("dropped-connections", pg.ConnectionString(), Schema);
        var token = await app.IssueAdminTokenAsync();
        using var http = app.Client(token);
        var project = await Api.RegisterProjectAsync(http, "Les Paniers");

        var modes = new ConcurrentDictionary<string, int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Requests), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var mode = (i % 3) switch { 0 => "moitié du corps", 1 => "corps entier, coupure immédiate", _ => "corps entier, coupure après 0-40 ms" };
            modes.AddOrUpdate(mode, 1, (_, n) => n + 1);
            await PostThenResetAsync(app.BaseUrl, token, project, i, i % 3, ct);
        });

        // The same requests again, with their keys, as a script retries what it never saw answered.
        var retries = new ConcurrentDictionary<string, int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Requests), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var answer = await http.SendAsync(Api.Note(project, $"note {i}", $"coupure-{i}"), ct);
            var seen = $"{(int)answer.StatusCode}{(answer.Headers.Contains("Idempotent-Replayed") ? " (rejouée : écrite avant la coupure)" : "")}";
            retries.AddOrUpdate(seen, 1, (_, n) => n + 1);
        });

        var stored = (await Api.NoteTextsAsync(http, project)).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
        var lost = Enumerable.Range(0, Requests).Count(i => !stored.ContainsKey($"note {i}"));
        var duplicated = stored.Values.Count(n => n > 1);
        var tombstones = await CountAsync(pg, $"select count(*) from {Schema}.mt_events where type = 'tombstone'");
        var reads = await ReadEverythingAsync(http);
        await app.KillAsync();
        await app.StartAgainAsync();
        var readsAfterRestart = await ReadEverythingAsync(http);

        output.WriteLine($"{Requests} POSTs reset mid-way: {string.Join(", ", modes.Select(m => $"{m.Key}: {m.Value}"))}");
        output.WriteLine($"retries with the same key: {string.Join(", ", retries.Select(r => $"{r.Key}: {r.Value}"))}");
        output.WriteLine($"stored notes: {stored.Count}, lost {lost}, duplicated {duplicated}; tombstone rows written by Marten: {tombstones}");
        output.WriteLine($"portfolio reads after the resets: {reads}; after a kill -9 and a start: {readsAfterRestart}");

        retries.Keys.ShouldAllBe(k => k.StartsWith("200"));
        lost.ShouldBe(0);
        duplicated.ShouldBe(0);
        stored.Count.ShouldBe(Requests);
        reads.ShouldBe("200 × 7");
        readsAfterRestart.ShouldBe("200 × 7");
    }

    /// <summary>Writes the POST on a raw socket and resets it (RST, not FIN) at the chosen point.</summary>
    private static async Task PostThenResetAsync(Uri app, string token, Guid project, int i, int mode, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"type":"note","occurredOn":"2019-05-01","text":"note {{i}}"}""");
        var head = Encoding.ASCII.GetBytes(
            $"POST /api/projects/{project}/milestones HTTP/1.1\r\nHost: {app.Authority}\r\nAuthorization: Bearer {token}\r\n" +
            $"Content-Type: application/json\r\nIdempotency-Key: coupure-{i}\r\nContent-Length: {body.Length}\r\n\r\n");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, app.Port), ct);
        await socket.SendAsync(head, ct);
        await socket.SendAsync(mode == 0 ? body.AsMemory(0, body.Length / 2) : body, ct);
        if (mode == 2) await Task.Delay(Random.Shared.Next(0, 40), ct);
        socket.LingerState = new LingerOption(true, 0); // close with a reset, as a client killed or a network cut does
        socket.Close();
    }

    private static async Task<string> ReadEverythingAsync(HttpClient http)
    {
        string[] urls = ["/api/projects", "/api/analytics/portfolio", "/api/analytics/distribution", "/api/reports/durability",
            "/api/exports/portfolio.zip", "/api/analytics/cohorts?by=legalForm", "/health"];
        var statuses = new List<int>();
        foreach (var url in urls)
        {
            using var answer = await http.GetAsync(url);
            statuses.Add((int)answer.StatusCode);
        }
        return string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Key} × {g.Count()}"));
    }

    private static async Task<long> CountAsync(ThrowawayPostgres pg, string sql)
    {
        await using var db = new NpgsqlConnection(pg.ConnectionString());
        await db.OpenAsync();
        return (long)(await new NpgsqlCommand(sql, db).ExecuteScalarAsync())!;
    }
}
