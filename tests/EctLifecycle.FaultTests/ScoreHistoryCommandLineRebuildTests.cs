using System.Net.Http.Json;
using Npgsql;

namespace EctLifecycle.FaultTests;

/// <summary>
/// The score history rebuilt by Marten's own command, `projections rebuild -p ScoreHistory`, as the README says to, after a
/// grid file changed while the app was stopped: the periods are those of the grid file as it is, and the next start sees
/// that they are (it notes the file) instead of rebuilding them a second time.
/// </summary>
public sealed class ScoreHistoryCommandLineRebuildTests(ITestOutputHelper output)
{
    private const string Schema = "ect_fault_scorecommand";
    private const string Rebuilding = "Historique des scores à reconstruire";

    [Fact]
    public async Task marten_s_command_rebuilds_the_periods_of_a_changed_grid_and_the_next_start_does_not_rebuild_them_again()
    {
        var connection = Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")
            ?? throw new InvalidOperationException("ECT_TEST_CONNECTION_STRING is not set: run the fault tests with deploy/test, which provides PostgreSQL.");
        await using var data = NpgsqlDataSource.Create(connection);
        await using (var drop = data.CreateCommand($"drop schema if exists {Schema} cascade")) await drop.ExecuteNonQueryAsync();

        await using var app = await AppProcess.StartAsync("score-command", connection, Schema);
        var token = await app.IssueAdminTokenAsync();
        var projects = new List<Guid>();
        using (var http = app.Client(token))
        {
            for (var i = 0; i < 3; i++) projects.Add(await Api.RegisterProjectAsync(http, $"Projet {i}"));
            foreach (var (project, i) in projects.Select((p, i) => (p, i)))
            {
                using var joined = await http.PostAsJsonAsync($"/api/projects/{project}/milestones", new
                {
                    type = "actorJoined", occurredOn = $"20{21 - i}-05-01", actorName = $"Ferme {i}", kind = "farmer", isLocal = true, role = "partner",
                });
                ((int)joined.StatusCode).ShouldBe(200, await joined.Content.ReadAsStringAsync());
            }
        }
        // Once the start has noted each grid's file.
        var marks = await WaitForMarksAsync(data, m => m.Count == 2 && !m.ContainsValue("0000"));
        var written = await PeriodsAsync(data);
        written.Count.ShouldBeGreaterThan(6);
        await app.KillAsync();

        // As if the file of v1 had changed while the app was stopped: its periods and its mark are of another file.
        await using (var changed = data.CreateCommand(
            $"update {Schema}.mt_doc_scoreperiod set data = jsonb_set(data, '{{gridFingerprint}}', '\"0000\"') where grid = 'v1'; " +
            $"update {Schema}.mt_doc_scorehistorygrid set data = jsonb_set(data, '{{fingerprint}}', '\"0000\"') where id = 'v1'"))
            await changed.ExecuteNonQueryAsync();

        var rebuild = await AppProcess.RunCommandAsync(connection, Schema, "projections", "rebuild", "-p", "ScoreHistory");
        output.WriteLine(rebuild.ToString());
        rebuild.ExitCode.ShouldBe(0, rebuild.ToString());
        (await PeriodsAsync(data)).ShouldBe(written, "every period folded again from the grid file as it is");

        // The next start finds the periods of the file as it is: it notes the file, and does not rebuild.
        await app.StartAgainAsync();
        (await WaitForMarksAsync(data, m => m.GetValueOrDefault("v1") is { } v1 && v1 != "0000"))["v1"].ShouldBe(marks["v1"]);
        app.Output.ShouldNotContain(line => line.Contains(Rebuilding, StringComparison.Ordinal), string.Join("\n", app.Output));
    }

    /// <summary>
    /// A store filled from the command line (`demo`, `import`) before any start of the app had none of the periods' indexes,
    /// which the start makes in its background: the analysts' views were unindexed until then, and Marten's rebuild read the
    /// whole table for each project it rewrote (at M, 1% of it in the 5 minutes of its default timeout). The demo now makes
    /// them once its periods are written, and says so; a store without them (written by an older version, or whose indexing
    /// was refused) gets them from the rebuild command first, said on standard error, and the periods it writes are those
    /// the import wrote.
    /// </summary>
    [Fact]
    public async Task the_demo_makes_the_periods_indexes_and_the_rebuild_command_makes_those_missing_first()
    {
        await using var db = await OwnSchema.CreateAsync("ect_rebuild_cli");
        // An empty store, without even the periods' table: nothing to index, and nothing said about it.
        var empty = await AppProcess.RunCommandAsync(db.ConnectionString, db.Name, "projections", "rebuild", "-p", "ScoreHistory");
        output.WriteLine(empty.ToString());
        empty.Stderr.ShouldNotContain("index", Case.Insensitive, empty.ToString());
        var demo = await AppProcess.RunCommandAsync(db.ConnectionString, db.Name, "demo", "--projects", "40", "--seed", "5");
        demo.ExitCode.ShouldBe(0, demo.ToString());
        await using var data = NpgsqlDataSource.Create(db.ConnectionString);
        async Task<bool> IndexedAsync()
        {
            await using var command = data.CreateCommand(
                "select exists (select 1 from pg_indexes where schemaname = @schema and indexname = 'ect_scoreperiod_project_grid')");
            command.Parameters.AddWithValue("schema", db.Name);
            return (bool)(await command.ExecuteScalarAsync())!;
        }
        demo.Stderr.ShouldContain("construction de l'index ect_scoreperiod_project_grid des périodes importées", Case.Sensitive, demo.ToString());
        (await IndexedAsync()).ShouldBeTrue("the demo indexes the periods it wrote, before any start of the app");
        var imported = await PeriodsAsync(data, db.Name);

        async Task DropIndexAsync()
        {
            await using (var drop = data.CreateCommand($"drop index {db.Name}.ect_scoreperiod_project_grid")) await drop.ExecuteNonQueryAsync();
            (await IndexedAsync()).ShouldBeFalse();
        }

        // The import from the command line likewise, even when it found every row already imported.
        await DropIndexAsync();
        var exported = Path.Combine(Path.GetTempPath(), $"ect-rebuild-cli-{Guid.NewGuid():N}.zip");
        try
        {
            var export = await AppProcess.RunCommandAsync(db.ConnectionString, db.Name, "export", exported);
            export.ExitCode.ShouldBe(0, export.ToString());
            var import = await AppProcess.RunCommandAsync(db.ConnectionString, db.Name, "import", exported, "--by", "admin");
            output.WriteLine(import.ToString());
            import.ExitCode.ShouldBe(0, import.ToString());
            import.Stderr.ShouldContain("construction de l'index ect_scoreperiod_project_grid des périodes importées", Case.Sensitive, import.ToString());
            (await IndexedAsync()).ShouldBeTrue("the command-line import makes the index it found missing");
        }
        finally { File.Delete(exported); }

        // As a store written before the command line made them: no index of (project, grid).
        await DropIndexAsync();
        imported.Count.ShouldBeGreaterThan(40);

        var rebuild = await AppProcess.RunCommandAsync(db.ConnectionString, db.Name, "projections", "rebuild", "-p", "ScoreHistory");
        output.WriteLine(rebuild.ToString());
        rebuild.ExitCode.ShouldBe(0, rebuild.ToString());
        rebuild.Stderr.ShouldContain("construction de l'index ect_scoreperiod_project_grid avant la reconstruction");
        (await IndexedAsync()).ShouldBeTrue();
        (await PeriodsAsync(data, db.Name)).ShouldBe(imported, "the rebuild folds the periods the import wrote");
    }

    /// <summary>
    /// Two instances started after a grid file changed: one rebuilds the score history, the other waits for it
    /// and then finds nothing to rebuild, instead of both rebuilding the whole of it (at L, 25 minutes of both cores each).
    /// The test holds the rebuild's lock (its key is the app's: <c>ect_score_history_rebuild:</c> and the schema) while the
    /// two start, so that both are seen to wait, then lets them go.
    /// </summary>
    [Fact]
    public async Task of_two_instances_started_after_a_grid_change_one_rebuilds_and_the_other_waits_then_finds_it_done()
    {
        await using var db = await OwnSchema.CreateAsync("ect_rebuild_two");
        var demo = await AppProcess.RunCommandAsync(db.ConnectionString, db.Name, "demo", "--projects", "40", "--seed", "5");
        demo.ExitCode.ShouldBe(0, demo.ToString());
        await using var data = NpgsqlDataSource.Create(db.ConnectionString);
        var written = await PeriodsAsync(data, db.Name);
        // As if the file of v1 had changed: its periods are of another file (and no start has marked any grid yet).
        await using (var changed = data.CreateCommand(
            $"update {db.Name}.mt_doc_scoreperiod set data = jsonb_set(data, '{{gridFingerprint}}', '\"0000\"') where grid = 'v1'"))
            await changed.ExecuteNonQueryAsync();

        await using var held = await data.OpenConnectionAsync();
        await using (var take = new NpgsqlCommand("select pg_advisory_lock(hashtext(@key))", held))
        {
            take.Parameters.AddWithValue("key", $"ect_score_history_rebuild:{db.Name}");
            await take.ExecuteNonQueryAsync();
        }
        // One after the other (each answers once its start is done, while its check waits in the background): both wait.
        await using var a = await AppProcess.StartAsync("rebuild-a", db.ConnectionString, db.Name);
        await using var b = await AppProcess.StartAsync("rebuild-b", db.ConnectionString, db.Name);
        const string Waiting = "une autre instance le vérifie ou le reconstruit ; attente";
        await UntilAsync(() => a.Output.Any(l => l.Contains(Waiting, StringComparison.Ordinal)) && b.Output.Any(l => l.Contains(Waiting, StringComparison.Ordinal)),
            "both instances wait for the lock the test holds");
        await using (var release = new NpgsqlCommand("select pg_advisory_unlock_all()", held)) await release.ExecuteNonQueryAsync();

        bool Rebuilt(AppProcess app) => app.Output.Any(l => l.Contains("Historique des scores reconstruit", StringComparison.Ordinal));
        bool FoundDone(AppProcess app) => app.Output.Any(l => l.Contains("Historique des scores à jour après l'attente", StringComparison.Ordinal));
        await UntilAsync(() => (Rebuilt(a) && FoundDone(b)) || (Rebuilt(b) && FoundDone(a)) || (Rebuilt(a) && Rebuilt(b)),
            "one instance rebuilds, then the other checks");
        foreach (var app in new[] { a, b }) output.WriteLine(string.Join("\n", app.Output.Where(l => l.Contains("Historique des scores", StringComparison.Ordinal))));
        new[] { a, b }.Count(app => app.Output.Any(l => l.Contains(Rebuilding, StringComparison.Ordinal))).ShouldBe(1, "one rebuild, not two");
        (await PeriodsAsync(data, db.Name)).ShouldBe(written, "the periods folded again from the grid file as it is");
    }

    private static async Task UntilAsync(Func<bool> done, string what)
    {
        for (var i = 0; i < 1200 && !done(); i++) await Task.Delay(100);
        done().ShouldBeTrue($"within two minutes: {what}");
    }

    /// <summary>Every period's project, grid, dates and body (less the stream version a rebuild writes them at).</summary>
    private static Task<List<string>> PeriodsAsync(NpgsqlDataSource data) => PeriodsAsync(data, Schema);

    private static async Task<List<string>> PeriodsAsync(NpgsqlDataSource data, string schema)
    {
        await using var command = data.CreateCommand(
            $"select project_id || ' ' || grid || ' ' || \"from\" || ' ' || coalesce(\"to\"::text, '-') || ' ' || (data - 'streamVersion')::text " +
            $"from {schema}.mt_doc_scoreperiod order by project_id, grid, \"from\"");
        var periods = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) periods.Add(reader.GetString(0));
        return periods;
    }

    /// <summary>The grids' marks once <paramref name="done"/> holds of them (the start-up notes them in its background), within a minute.</summary>
    private static async Task<Dictionary<string, string>> WaitForMarksAsync(NpgsqlDataSource data, Func<Dictionary<string, string>, bool> done)
    {
        for (var i = 0; i < 600; i++)
        {
            var marks = new Dictionary<string, string>();
            await using (var command = data.CreateCommand(
                $"select id, data ->> 'fingerprint' from {Schema}.mt_doc_scorehistorygrid"))
            {
                try
                {
                    await using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync()) marks[reader.GetString(0)] = reader.GetString(1);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable) { } // not made yet
            }
            if (done(marks)) return marks;
            await Task.Delay(100);
        }
        throw new TimeoutException("the start-up did not note the grids' files within a minute");
    }
}
