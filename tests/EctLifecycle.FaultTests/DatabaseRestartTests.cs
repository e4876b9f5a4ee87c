using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace EctLifecycle.FaultTests;

/// <summary>
/// PostgreSQL stopped and started again twice under 16 writers logging notes with Idempotency-Keys (a planned restart,
/// `pg_ctl stop -m fast`, then a crash, `-m immediate`, whose start replays the WAL), each writer repeating a request
/// that got a 503 or a connection error with the same key. Counted: acknowledged notes against stored ones, every answer
/// while the database was away, and every answer once it was back, the app never restarted.
/// </summary>
public sealed class DatabaseRestartTests(ITestOutputHelper output)
{
    private const int Writers = 16;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(3), BetweenOutages = TimeSpan.FromSeconds(3);

    private sealed record Window(string Mode, TimeSpan Stopped, TimeSpan Started, TimeSpan Recovered, List<(string Path, Answer Answer)> Reads)
    {
        /// <summary>The request overlapped the outage: answered after the stop began, sent before /health was 200 again.</summary>
        public bool Holds(Answer a) => a.AnsweredAt >= Stopped && a.SentAt < Recovered;
    }

    [Fact]
    public async Task writers_through_database_restarts_lose_nothing_duplicate_nothing_and_get_only_french_503s_meanwhile()
    {
        await using var pg = await ThrowawayPostgres.StartAsync();
        await using var app = await AppProcess.StartAsync(nameof(writers_through_database_restarts_lose_nothing_duplicate_nothing_and_get_only_french_503s_meanwhile),
            pg.ConnectionString(), "ect_fault");
        using var http = app.Client(await app.IssueAdminTokenAsync());
        var projects = new List<Guid>();
        for (var i = 0; i < 4; i++) projects.Add(await Api.RegisterProjectAsync(http, $"Projet {i}"));

        var answers = new Answers();
        var acknowledged = new ConcurrentBag<string>();
        var unanswered = new ConcurrentBag<Answer>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var key = $"ecrivain-{w}-{n}";
                var final = await answers.SendUntilAnsweredAsync(http, () => Api.Note(projects[w % projects.Count], key, key),
                    pause: TimeSpan.FromMilliseconds(200), giveUpAfter: TimeSpan.FromSeconds(60));
                if (final.Status == 200) acknowledged.Add(key); else unanswered.Add(final);
            }
        })).ToList();

        var windows = new List<Window>();
        foreach (var mode in new[] { "fast", "immediate" })
        {
            await Task.Delay(BetweenOutages);
            var stopped = answers.Now;
            await pg.StopServerAsync(mode);
            var reads = await ReadsWhileDownAsync(http);
            await Task.Delay(Outage);
            await pg.StartServerAsync();
            var started = answers.Now;
            await HealthyAgainAsync(http);
            windows.Add(new Window(mode, stopped, started, answers.Now, reads));
        }
        await Task.Delay(BetweenOutages);
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        var stored = new List<string>();
        foreach (var project in projects) stored.AddRange(await Api.NoteTextsAsync(http, project));
        var writes = answers.All;
        var during = writes.Where(a => windows.Any(w => w.Holds(a))).ToList();
        var after = writes.Where(a => a.SentAt >= windows[0].Recovered && !windows.Any(w => w.Holds(a))).ToList();
        var lost = acknowledged.Except(stored).Count();
        var duplicated = stored.Count - stored.Distinct().Count();
        var unacknowledgedStored = stored.Except(acknowledged).Count();
        var portfolio = (await http.GetFromJsonAsync<JsonNode>("/api/projects"))!["projects"]!.AsArray();
        var page = await http.GetAsync("/");

        foreach (var w in windows)
            output.WriteLine($"stop -m {w.Mode} at {w.Stopped.TotalSeconds:F1} s, started at {w.Started.TotalSeconds:F1} s, /health 200 again at {w.Recovered.TotalSeconds:F1} s; " +
                             $"reads while down: {string.Join(", ", w.Reads.Select(r => $"{r.Path} {r.Answer.Status}"))}");
        output.WriteLine($"acknowledged notes: {acknowledged.Count}; stored: {stored.Count}; lost: {lost}; duplicated: {duplicated}; stored but never acknowledged: {unacknowledgedStored}; given up: {unanswered.Count}");
        output.WriteLine($"answers while the database was away: {during.Count} ({Answers.Tally(during)}); French 503 ProblemDetails with Retry-After: {during.Count(a => a.IsFrenchOutageProblem)}");
        output.WriteLine($"answers after recovery: {after.Count} ({Answers.Tally(after)}); afterwards the portfolio lists {portfolio.Count} projects and the web portfolio answers {(int)page.StatusCode}");
        output.WriteLine($"app log: {app.LogPath}");
        foreach (var a in writes.Where(a => a.Status is not 200 and not 503).Take(5)) output.WriteLine($"unexpected: {a}");

        writes.ShouldNotContain(a => a.Status == 500);
        foreach (var w in windows) writes.Count(a => w.Holds(a) && a.Status == 503).ShouldBeGreaterThan(0, $"the writers must have seen the outage of stop -m {w.Mode}");
        during.Where(a => a.Status != 200).ShouldAllBe(a => a.IsFrenchOutageProblem);
        after.ShouldAllBe(a => a.Status == 200);
        (lost, duplicated, unacknowledgedStored, unanswered.Count).ShouldBe((0, 0, 0, 0));
        foreach (var (path, answer) in windows.SelectMany(w => w.Reads))
        {
            answer.Status.ShouldBe(503, path);
            if (path == "/health") answer.Body.ShouldSatisfyAllConditions(
                b => b.ShouldContain("\"database\":\"down\""), b => b.ShouldNotContain("127.0.0.1"), b => b.ShouldNotContain("Npgsql"));
            else if (path == "/") answer.Body.ShouldContain("Base de données indisponible, réessayez dans quelques secondes");
            else answer.IsFrenchOutageProblem.ShouldBeTrue(path);
        }
        portfolio.Count.ShouldBe(projects.Count);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task HealthyAgainAsync(HttpClient http)
    {
        for (var i = 0; i < 300; i++)
        {
            try { if ((await http.GetAsync("/health")).IsSuccessStatusCode) return; }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("/health did not answer 200 within 30 s of the database's restart");
    }

    /// <summary>A read of each kind while the database is down: health, the portfolio, an analysis, and a web page.</summary>
    private static async Task<List<(string Path, Answer Answer)>> ReadsWhileDownAsync(HttpClient http)
    {
        var reads = new Answers();
        var list = new List<(string, Answer)>();
        foreach (var path in new[] { "/health", "/api/projects", "/api/analytics/distribution", "/" })
            list.Add((path, await reads.SendUntilAnsweredAsync(http, () => new HttpRequestMessage(HttpMethod.Get, path), TimeSpan.Zero, TimeSpan.Zero)));
        return list;
    }
}
