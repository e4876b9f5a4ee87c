using Npgsql;

namespace EctLifecycle.FaultTests;

/// <summary>
/// Concurrent writers on one project are normal: the event store refuses all but one append at each version and the
/// app retries the others, and two clients sending the same Idempotency-Key at once make one of them replay the other's
/// answer. None of that is a failure, so none of it may reach the log as `fail:` (the operators' alarm).
/// </summary>
public sealed class ConcurrentWritesLogTests(ITestOutputHelper output)
{
    private const string Schema = "ect_fault_concurrency";
    private const int Writers = 16, NotesEach = 5;

    [Fact]
    public async Task correct_concurrent_writes_on_one_project_leave_no_fail_line_in_the_log()
    {
        var connection = Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")
            ?? throw new InvalidOperationException("ECT_TEST_CONNECTION_STRING is not set: run the fault tests with deploy/test, which provides PostgreSQL.");
        await using (var db = new NpgsqlConnection(connection))
        {
            await db.OpenAsync();
            await new NpgsqlCommand($"drop schema if exists {Schema} cascade", db).ExecuteNonQueryAsync();
        }
        await using var app = await AppProcess.StartAsync(nameof(correct_concurrent_writes_on_one_project_leave_no_fail_line_in_the_log), connection, Schema);
        using var http = app.Client(await app.IssueAdminTokenAsync());
        var project = await Api.RegisterProjectAsync(http, "Les Paniers");
        var failBefore = app.Output.Count(IsFail);

        // 16 writers at once on the same project, 5 notes each, one after the other; each note is sent twice at once with
        // the same key, as a client that timed out and repeated its request would.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var statuses = (await Task.WhenAll(Enumerable.Range(0, Writers).Select(async w =>
        {
            var mine = new List<int>();
            for (var n = 0; n < NotesEach; n++)
            {
                var key = $"concurrence-{w}-{n}";
                mine.AddRange(await Task.WhenAll(SendAsync(key), SendAsync(key)));
            }
            return mine;

            async Task<int> SendAsync(string key)
            {
                using var answer = await http.SendAsync(Api.Note(project, key, key));
                return (int)answer.StatusCode;
            }
        }))).SelectMany(s => s).ToList();
        var seconds = clock.Elapsed.TotalSeconds;
        var notes = await Api.NoteTextsAsync(http, project);
        await Task.Delay(500); // the log lines of the last requests
        var fails = app.Output.Count(IsFail) - failBefore;

        output.WriteLine($"requests: {statuses.Count}, answered 200: {statuses.Count(s => s == 200)} in {seconds:F1} s; notes stored: {notes.Count}, distinct: {notes.Distinct().Count()}");
        output.WriteLine($"`fail:` lines in the app's log during the writes: {fails}; log: {app.LogPath}");
        statuses.ShouldAllBe(s => s == 200);
        notes.Count.ShouldBe(Writers * NotesEach);
        notes.Distinct().Count().ShouldBe(Writers * NotesEach);
        fails.ShouldBe(0);
    }

    private static bool IsFail(string line) => line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal);
}
