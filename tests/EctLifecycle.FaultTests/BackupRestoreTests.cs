using EctLifecycle.TestSupport;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Npgsql;

namespace EctLifecycle.FaultTests;

/// <summary>
/// deploy/backup and deploy/restore as the staff run them, against the app running on a cluster of the test's own: a
/// backup taken while 8 writers log notes holds exactly the events its FILE.json counted, between the writes
/// acknowledged before it started and those acknowledged by its end, and the restore gives them all back; bad input is
/// refused in French before anything is created.
/// </summary>
public sealed class BackupRestoreTests(ITestOutputHelper output)
{
    private const int Writers = 8;
    private const int Projects = 4;
    private const string Schema = "ect_fault";

    [Fact]
    public async Task a_backup_taken_under_write_load_restores_exactly_the_events_it_counted()
    {
        await using var pg = await ThrowawayPostgres.StartAsync();
        await using var app = await AppProcess.StartAsync("backup-under-load", pg.ConnectionString(), Schema);
        using var http = app.Client(await app.IssueAdminTokenAsync());
        var projects = new List<Guid>();
        for (var p = 0; p < Projects; p++) projects.Add(await Api.RegisterProjectAsync(http, $"Projet {p}"));

        // Two writers per project, so that some appends race on the same stream and are retried by the app.
        long sent = 0, acknowledged = 0;
        var failures = new List<string>();
        var stop = false;
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var n = 0; !Volatile.Read(ref stop); n++)
            {
                Interlocked.Increment(ref sent);
                try
                {
                    using var answer = await http.SendAsync(Api.Note(projects[w % Projects], $"rédacteur {w}, note {n}"));
                    var body = await answer.Content.ReadAsStringAsync();
                    if ((int)answer.StatusCode == 200) Interlocked.Increment(ref acknowledged);
                    else lock (failures) failures.Add($"{(int)answer.StatusCode} {body}");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    lock (failures) failures.Add(e.Message);
                }
            }
        })).ToArray();
        while (Interlocked.Read(ref acknowledged) < 100) await Task.Delay(20);

        var file = Path.Combine(Folder(), "ect.dump");
        var ackBefore = Interlocked.Read(ref acknowledged);
        var clock = Stopwatch.StartNew();
        var backup = await RunScriptAsync(pg, "backup", file);
        var backupTime = clock.Elapsed;
        var ackByEnd = Interlocked.Read(ref acknowledged);
        var sentByEnd = Interlocked.Read(ref sent);
        Volatile.Write(ref stop, true);
        await Task.WhenAll(writers);
        backup.ExitCode.ShouldBe(0, backup.ToString());

        var facts = JsonNode.Parse(await File.ReadAllTextAsync(file + ".json"))!;
        var counted = facts["events"]!.GetValue<long>();
        clock.Restart();
        var restore = await RunScriptAsync(pg, "restore", file, "--database", "ect_restauree");
        var restoreTime = clock.Elapsed;
        var restored = await ScalarAsync(pg, "ect_restauree", $"select count(*) from {Schema}.mt_events where type <> 'tombstone'");
        var live = await ScalarAsync(pg, ThrowawayPostgres.Database, $"select count(*) from {Schema}.mt_events where type <> 'tombstone'");

        output.WriteLine($"{Writers} writers on {Projects} projects: {ackBefore} notes acknowledged when the backup started, " +
                         $"{ackByEnd} by its end ({sentByEnd} sent), {Interlocked.Read(ref acknowledged)} in all; failures: {failures.Count}");
        output.WriteLine($"backup in {backupTime.TotalSeconds:F1} s: {counted} events counted in its snapshot " +
                         $"({counted - Projects} notes, {facts["projectStreams"]} projects), digest {facts["digest"]}");
        output.WriteLine($"restore in {restoreTime.TotalSeconds:F1} s: {restored} events in the restored database; {live} in the live one after the writers stopped");
        output.WriteLine(backup.Stdout + restore.Stdout);

        restore.ExitCode.ShouldBe(0, restore.ToString());
        failures.ShouldBeEmpty();
        restored.ShouldBe(counted);
        facts["projectStreams"]!.GetValue<long>().ShouldBe(Projects);
        // A note acknowledged before the backup started was committed before its snapshot; one in the snapshot was
        // committed before pg_dump ran, seconds before the backup ended, and so answered by then.
        (counted - Projects).ShouldBeInRange(ackBefore, ackByEnd);
        ackByEnd.ShouldBeGreaterThan(ackBefore, "the writers went on during the backup");
        live.ShouldBe(Interlocked.Read(ref acknowledged) + Projects);
    }

    [Fact]
    public async Task a_missing_file_a_damaged_dump_or_an_existing_database_is_refused_in_french_and_nothing_is_created()
    {
        await using var pg = await ThrowawayPostgres.StartAsync();
        await using var app = await AppProcess.StartAsync("backup-refusals", pg.ConnectionString(), Schema);
        using var http = app.Client(await app.IssueAdminTokenAsync());
        await Api.RegisterProjectAsync(http, "Les Paniers");
        var folder = Folder();
        var file = Path.Combine(folder, "ect.dump");
        (await RunScriptAsync(pg, "backup", file)).ExitCode.ShouldBe(0);
        var databases = await DatabasesAsync(pg);
        var liveEvents = await ScalarAsync(pg, ThrowawayPostgres.Database, $"select count(*) from {Schema}.mt_events");

        var original = await File.ReadAllBytesAsync(file);
        var damaged = Path.Combine(folder, "abimee.dump");
        var flipped = original.ToArray();
        for (var i = flipped.Length / 2; i < flipped.Length / 2 + 64; i++) flipped[i] ^= 0x5A;
        await File.WriteAllBytesAsync(damaged, flipped);
        File.Copy(file + ".json", damaged + ".json");
        // Its last bytes cut off (a copy that stopped short), with a FILE.json made to match: the archive's table of contents
        // at its start still reads, so only the restore itself can tell, and must drop the database it created.
        var truncated = Path.Combine(folder, "tronquee.dump");
        var cut = original[..^64];
        await File.WriteAllBytesAsync(truncated, cut);
        var facts = JsonNode.Parse(await File.ReadAllTextAsync(file + ".json"))!;
        facts["dumpSha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(cut));
        await File.WriteAllTextAsync(truncated + ".json", facts.ToJsonString());
        var withoutJson = Path.Combine(folder, "sans-controles.dump");
        File.Copy(file, withoutJson);

        var cases = new (string Case, string Script, string[] Args, string Message)[]
        {
            ("missing file", "restore", [Path.Combine(folder, "absente.dump")], "n'existe pas"),
            ("no FILE.json", "restore", [withoutJson], "ne peut pas être vérifiée"),
            ("the live database", "restore", [file, "--database", ThrowawayPostgres.Database], "existe déjà"),
            ("damaged dump", "restore", [damaged, "--database", "ect_abimee"], "abîmé"),
            ("truncated dump", "restore", [truncated, "--database", "ect_tronquee"], "pg_restore"),
            ("backup over a backup", "backup", [file], "aucune sauvegarde n'est écrasée"),
        };
        foreach (var (name, script, args, message) in cases)
        {
            var run = await RunScriptAsync(pg, script, args);
            output.WriteLine($"{name}: exit code {run.ExitCode}, {run.Stderr.Trim().Replace('\n', ' ')}");
            run.ExitCode.ShouldNotBe(0, $"{name}\n{run}");
            run.Stderr.ShouldContain(message, Case.Sensitive, $"{name}\n{run}");
        }

        (await DatabasesAsync(pg)).ShouldBe(databases);
        (await ScalarAsync(pg, ThrowawayPostgres.Database, $"select count(*) from {Schema}.mt_events")).ShouldBe(liveEvents);
    }

    /// <summary>A folder of this run under TestResults/fault/, where the tests' files go.</summary>
    private static string Folder()
    {
        var folder = Path.Combine(AppProcess.ResultsFolder, $"backup-{Guid.NewGuid():N}"[..15]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Runs deploy/SCRIPT as the staff would, against the test's cluster and the app as built for these tests.</summary>
    private static async Task<AppProcess.CommandResult> RunScriptAsync(ThrowawayPostgres pg, string script, params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(BuiltApp.RepositoryRoot(), "deploy", script))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = BuiltApp.RepositoryRoot(),
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["ECT_CONNECTION_STRING"] = pg.ConnectionString();
        info.Environment["ECT_SCHEMA"] = Schema;
        info.Environment["ECT_APP_DLL"] = BuiltApp.Dll();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"deploy/{script} did not end within 5 minutes");
        }
        return new AppProcess.CommandResult(process.ExitCode, await stdout, await stderr);
    }

    private static async Task<long> ScalarAsync(ThrowawayPostgres pg, string database, string sql)
    {
        await using var db = new NpgsqlConnection(pg.ConnectionString().Replace($"Database={ThrowawayPostgres.Database}", $"Database={database}"));
        await db.OpenAsync();
        return Convert.ToInt64(await new NpgsqlCommand(sql, db).ExecuteScalarAsync());
    }

    private static async Task<List<string>> DatabasesAsync(ThrowawayPostgres pg)
    {
        await using var db = new NpgsqlConnection(pg.ConnectionString().Replace($"Database={ThrowawayPostgres.Database}", "Database=postgres"));
        await db.OpenAsync();
        await using var reader = await new NpgsqlCommand("select datname from pg_database order by 1", db).ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }
}
