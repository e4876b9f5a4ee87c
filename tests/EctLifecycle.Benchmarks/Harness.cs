using Npgsql;

namespace EctLifecycle.Benchmarks;

/// <summary>
/// One benchmark run: a fresh schema, the synthetic portfolio imported, then each measure on a freshly started app
/// (so each peak memory is that measure's own), and the raw PostgreSQL limits on the same rows in between.
/// </summary>
public sealed class Harness(BenchSettings s, Action<string> log)
{
    public sealed record Run(Machine Machine, RunFacts Facts, IReadOnlyList<Result> Results, IReadOnlyList<string> Indexes, IReadOnlyList<string> Skipped);

    private readonly List<Result> _results = [];
    private readonly List<string> _skipped = [];

    public async Task<Run> RunAsync()
    {
        await using var db = new NpgsqlDataSourceBuilder(s.Connection) { ConnectionStringBuilder = { MaxPoolSize = 40, CommandTimeout = 0 } }.Build();
        var machine = await Machine.ReadAsync(db);
        var loadAtStart = Machine.LoadAverage();
        if (!s.ReuseData) await ExecAsync(db, $"drop schema if exists {s.Schema} cascade");
        log($"size {s.Size.Name}: generating {s.Size.Projects:N0} projects");
        var data = Dataset.Generate(s.Size.Projects, s.Seed);
        var token = await AppUnderTest.IssueTokenAsync(s);

        Guid big;
        if (s.ReuseData)
        await using (var app = await StartAsync(token))
        {
            _periods = true;
            var reused = await CountEventsAsync(db);
            log($"reusing the {reused:N0} events stored by an earlier run: no import");
            _skipped.Add($"(2) import and (2b): not run, the portfolio of an earlier run was measured again ({reused:N0} events, --reuse-data)");
            // The earlier run logged the big project: it is measured again as it is.
            big = await ScalarAsync<Guid?>(db, $"select (data->>'projectId')::uuid from {s.Schema}.mt_doc_projectkey where id = '{BigProject.Key}'")
                ?? (s.Runs("project") ? await BigProject.CreateAsync(app.Http, s.Seed) : Guid.Empty);
        }
        else
        await using (var app = await StartAsync(token))
        {
            log($"(2) importing {data.Files.Count} file(s), {s.Size.ImportRuns} time(s)");
            // Between runs, the store is emptied of what an import writes.
            _periods = await ScalarAsync<bool>(db, $"select to_regclass('{s.Schema}.mt_doc_scoreperiod') is not null");
            _stints = await ScalarAsync<bool>(db, $"select to_regclass('{s.Schema}.mt_doc_projectstints') is not null");
            var runs = await ImportBench.RunAsync(app, data, s.Size.ImportRuns, () => ExecAsync(db, $"truncate {ImportedTables}"));
            var median = runs.OrderBy(r => r.EventsPerSecond).ElementAt(runs.Count / 2);
            var first = runs[0];
            Add(new Result("(2) Bulk import of the portfolio files", "events/s", Stats.Of(runs.Select(r => r.EventsPerSecond)).Median, null, null, "",
                app.PeakMemoryMb(), new Target(">= 30% of raw insert", r => r.Ratio >= 0.30, "M", "L"),
                $"{median.Events:N0} events in {median.Seconds:0.0} s, app CPU {median.CpuSeconds:0.0} s ({median.CpuSeconds * 1e6 / median.Events:0.0} µs per event)" +
                (runs.Count > 1
                    ? $" (median of {runs.Count} runs: {string.Join(", ", runs.Select(r => $"{r.EventsPerSecond:N0}"))} events/s; the first, in the freshly " +
                      $"started app, {first.Seconds:0.0} s and app CPU {first.CpuSeconds:0.0} s)"
                    : "")));
            log("(4) logging the 500-event project through the API");
            big = s.Runs("project") ? await BigProject.CreateAsync(app.Http, s.Seed) : Guid.Empty;
        }

        if (!s.ReuseData && (s.Runs("import") || s.Runs("bulkinsert")))
        {
            log("(2b) new streams: the import's hand-written COPY and Marten's BulkInsertEventsAsync, alternately");
            var bulk = await BulkInsertBench.RunAsync(s.Connection, $"{s.Schema}_bulk", data, Math.Max(3, s.Size.ImportRuns), log);
            Add(new Result("(2b) New streams: the import's COPY vs Marten's BulkInsertEventsAsync", "events/s", bulk.CopyPerSecond, null,
                bulk.MartenPerSecond, "BulkInsertEventsAsync", null, null,
                $"{bulk.Events:N0} events of {bulk.Streams:N0} new streams, in the benchmark's process, medians of " +
                $"{bulk.CopyRuns.Count} alternated runs: COPY {string.Join(", ", bulk.CopyRuns.Select(r => $"{r:N0}"))}; " +
                $"BulkInsertEventsAsync {string.Join(", ", bulk.MartenRuns.Select(r => $"{r:N0}"))} events/s (ours writes the projects' keys too)"));
        }

        // After a bulk load, PostgreSQL's autovacuum vacuums and analyses the tables in the background for a while: done
        // here, untimed, so that it does not fall on the next measures (it did, after the repeated imports).
        log("vacuum analyze of the imported tables (untimed)");
        await ExecAsync(db, $"vacuum (analyze) {ImportedTables}");

        var raw = new RawLimits(db, s.Schema);
        var indexes = await raw.PrepareAsync();
        double? insertSelect = null;
        if (!s.ReuseData)
        {
            log("raw: server-side INSERT ... SELECT of the same rows");
            insertSelect = await raw.InsertSelectAsync(s.Size.RawRepeats);
            log("raw: binary COPY of the same rows from a client, with the foreign key to the streams");
            var copy = await raw.CopyFromClientAsync();
            _results[0] = _results[0] with
            {
                Raw = insertSelect, RawName = "INSERT ... SELECT",
                Note = $"{_results[0].Note}; raw binary COPY of the same rows from a client into a copy of mt_events with its foreign key: " +
                       $"{copy:N0} events/s, so ours / COPY = {_results[0].Value / copy:0.00}",
            };
        }

        var projects = await ProjectIdsAsync(db, data);
        var retractions = 0;
        if (s.Runs("logging"))
        await using (var app = await StartAsync(token))
        {
            // The measures before write gigabytes of WAL: the checkpoints they set off would still be running (and making
            // the first change to each page write it whole into the WAL) during the logging measure. One is made now.
            await CheckpointAsync(db);
            // The logging's steady state: not alongside the start's own computation of the day's watch list (a new build's
            // first start in the day computes it; the harness builds the app at each run).
            var settled = await app.StartWorkDoneAsync(TimeSpan.FromMinutes(5));
            log($"(1) logging {s.Size.Milestones:N0} milestones with {LoggingBench.Clients} clients");
            // Warm-up, the same load for a while: a fresh process runs tier-0 code and spends a core on tiering its hot
            // code up for tens of seconds under load (measured: ~250 methods rejitted per second); steady state is what counts.
            var warmUp = System.Diagnostics.Stopwatch.StartNew();
            for (var round = 1; warmUp.Elapsed < s.Size.WarmUp; round++)
                await LoggingBench.RunAsync(app.Http, projects, 400, s.Seed + round * 1000);
            var cpu = app.CpuSeconds();
            var outcome = await LoggingBench.RunAsync(app.Http, projects, s.Size.Milestones, s.Seed);
            var cpuPerMilestone = (app.CpuSeconds() - cpu) * 1000 / s.Size.Milestones;
            retractions = outcome.Retractions;
            log("raw: single-row commits at 16 and 8 clients");
            var (commits16, rawLatency) = await raw.SingleRowCommitsAsync(16, s.Size.RawLoop);
            var (commits8, _) = await raw.SingleRowCommitsAsync(8, s.Size.RawLoop);
            Add(new Result("(1) Logging milestones, 16 HTTP clients", "milestones/s", outcome.MilestonesPerSecond, null, commits16,
                "1-row commits, 16 clients", app.PeakMemoryMb(), new Target(">= 2,000/s", r => r.Value >= 2000, "M", "L"),
                $"app CPU {cpuPerMilestone:0.00} ms per milestone; raw 1-row commits: {commits16:N0}/s at 16 clients (p99 {rawLatency.P99:0.0} ms), {commits8:N0}/s at 8 clients; " +
                (settled is { } after ? $"measured once the start's watch list was done, {after:0.0} s after the app's start" : "the start's watch list not done within 5 minutes: measured alongside it")));
            Add(new Result("(1) Logging latency", "ms", outcome.Latency.Median, outcome.Latency, rawLatency.Median, "1-row commit, 16 clients",
                null, Target.P99AtMost(25, "p99 <= 25 ms", "M", "L")));
        }

        var stored = await CountEventsAsync(db);
        if (s.Runs("rebuild"))
        await using (var app = await StartAsync(token))
        {
            log("(3) rebuilding the projections");
            if (await RebuildBench.RunAsync(app.Http) is { } rebuild)
                Add(new Result("(3) Rebuild of every projection", "events/s", rebuild.Events / (rebuild.Ms / 1000), null, insertSelect,
                    "INSERT ... SELECT", app.PeakMemoryMb(), new Target(">= 25% of raw insert", r => r.Ratio >= 0.25, "M", "L"),
                    $"{rebuild.Events:N0} events of {rebuild.Projects:N0} projects in {rebuild.Ms / 1000:0.0} s"));
            else _skipped.Add("(3) rebuild: the app has no projection to rebuild");
        }

        var rawAll = await raw.ReadAllAsync(s.Size.RawRepeats);
        if (s.Runs("project"))
        await using (var app = await StartAsync(token))
        {
            log("(4) one project at a date");
            // Once the read model has loaded (a portfolio question waits for it): the steady state, not the start-up.
            try { await Api.GetAsync(app.Http, ReadBench.Portfolio[1].Url); }
            catch (InvalidOperationException e) when (e.Message.Contains(" → ", StringComparison.Ordinal)) { log($"(4) warm-up read refused: {e.Message}"); }
            // As the other reads (ReadBench.RepeatedAsync): as many reads again first, while the runtime optimises their code.
            var ramp = await ReadBench.ProjectAsOfAsync(app.Http, big, s.Size.ProjectReads, s.Seed + 1);
            var one = await ReadBench.ProjectAsOfAsync(app.Http, big, s.Size.ProjectReads, s.Seed);
            var rawOne = await raw.ReadStreamAsync(big, s.Size.ProjectReads);
            Add(new Result("(4) One 500-event project as of a date", "ms", one.Median, one, rawOne.Median, "read its 500 rows",
                app.PeakMemoryMb(), Target.P99AtMost(10, "p99 <= 10 ms", "M", "L"),
                $"the {ramp.Count} reads before these, while the code is optimised: median {ramp.Median:N2} ms (p99 {ramp.P99:N1}), not in the median"));
        }
        if (s.Runs("portfolio"))
            await ReadGroupAsync(token, ReadBench.Portfolio, rawAll, Target.AtMost(1000, "<= 1 s (M), <= 2 s (L)", "M"), Target.AtMost(2000, "<= 2 s at L", "L"));
        if (s.Runs("drifts"))
            await ReadGroupAsync(token, ReadBench.Drifts, rawAll, Target.AtMost(2000, "<= 2 s", "M", "L"), null);
        if (s.Runs("durability"))
        await using (var app = await StartAsync(token))
        {
            if (await ReadBench.ExistsAsync(app.Http, ReadBench.Durability))
                await ReadAsync(app, "(7) Durability portfolio report", ReadBench.Durability, rawAll, Target.AtMost(5000, "<= 5 s", "M", "L"));
            else _skipped.Add("(7) durability report: GET /api/reports/durability is not in this build");
        }
        if (s.Runs("figure"))
        await using (var app = await StartAsync(token))
        {
            if (await ReadBench.ExistsAsync(app.Http, ReadBench.Figure))
                await ReadAsync(app, "(8) Entrepreneurial figure", ReadBench.Figure, rawAll, null);
            else _skipped.Add("(8) entrepreneurial figure: GET /api/analytics/entrepreneurial-figure is not in this build");
        }
        if (s.Runs("analyses"))
        await using (var app = await StartAsync(token))
            foreach (var (name, url) in ReadBench.Analyses)
                await ReadAsync(app, $"(9) {name}", url, rawAll, null);
        if (s.Runs("together"))
        await using (var app = await StartAsync(token))
        {
            var settled = await app.StartWorkDoneAsync(TimeSpan.FromMinutes(5));
            log($"(10) the durability report and {ReadBench.Together.Length - 1} analyses asked at once");
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var answers = await Task.WhenAll(ReadBench.Together.Select(async read =>
            {
                try { return (read.Name, Ms: await Clock.TimeAsync(() => Api.GetAsync(app.Http, read.Url)), Failed: (string?)null); }
                catch (InvalidOperationException e) when (e.Message.Contains(" → ", StringComparison.Ordinal))
                {
                    return (read.Name, Ms: System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, Failed: (string?)e.Message.Split(':')[0]);
                }
                // The app gone (what this measure probes: memory), or its connection dropped: written down, the run goes on.
                catch (HttpRequestException e)
                {
                    return (read.Name, Ms: System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, Failed: (string?)$"no answer ({e.Message})");
                }
            }));
            var all = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            foreach (var (name, ms, failed) in answers.Where(a => a.Failed is not null))
                _skipped.Add($"(10) {name}: no answer, {failed} after {ms / 1000:0.0} s (peak memory {app.PeakMemoryMb():N0} MB)");
            Add(new Result($"(10) The durability report and {answers.Length - 1} analyses at once", "ms", all, null, rawAll.Median,
                "read every event row", app.PeakMemoryMb(), new Target("peak memory <= 1,500 MB", r => r.PeakMb <= 1500, "M", "L"),
                "each answer after " + string.Join(", ", answers.OrderBy(a => a.Ms).Select(a => $"{a.Name} {a.Ms / 1000:0.0} s{(a.Failed is { } f ? $" ({f})" : "")}"))
                + (settled is { } after ? $"; asked once the start's watch list was done, {after:0.0} s after the app's start" : "; the start's watch list not done within 5 minutes: asked alongside it")));
        }
        return new Run(machine, new RunFacts(s.Size.Projects + 1, stored, retractions, loadAtStart, Machine.LoadAverage()), _results, indexes, _skipped);
    }

    private async Task ReadGroupAsync(string token, (string Name, string Url)[] reads, Stats rawAll, Target m, Target? l)
    {
        await using var app = await StartAsync(token);
        var number = reads == ReadBench.Portfolio ? "(5)" : "(6)";
        foreach (var (name, url) in reads)
            await ReadAsync(app, $"{number} {name}", url, rawAll, s.Size.Name == "L" && l is not null ? l : m);
    }

    private async Task ReadAsync(AppUnderTest app, string name, string url, Stats rawAll, Target? target)
    {
        log(name);
        // A refused answer (at L, a read that passes the database's command timeout is answered 503) is a result too: written
        // down with what the app answered and when, and the next measures still run.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var (cold, ramp, warm) = await ReadBench.RepeatedAsync(app.Http, url, s.Size.PortfolioReads);
            Add(new Result(name, "ms", warm.Median, warm, rawAll.Median, "read every event row", app.PeakMemoryMb(), target,
                $"first answer after start {cold:N0} ms; the {ramp.Count} after it, while the code is optimised, median {ramp.Median:N0} ms " +
                $"(p99 {ramp.P99:N0}), not in the median"));
        }
        catch (InvalidOperationException e) when (e.Message.Contains(" → ", StringComparison.Ordinal))
        {
            var after = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
            log($"{name}: {e.Message}");
            _skipped.Add($"{name}: no answer, {e.Message.Split(':')[0]} after {after:0.0} s (peak memory {app.PeakMemoryMb():N0} MB)");
        }
    }

    private void Add(Result r) => _results.Add(r);

    private Task<AppUnderTest> StartAsync(string token) => AppUnderTest.StartAsync(s, token);

    private async Task<IReadOnlyList<(Guid, ProjectFacts)>> ProjectIdsAsync(NpgsqlDataSource db, Dataset data)
    {
        var ids = new Dictionary<string, Guid>();
        await using var cmd = db.CreateCommand($"select data->>'id', (data->>'projectId')::uuid from {s.Schema}.mt_doc_projectkey");
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids[reader.GetString(0)] = reader.GetGuid(1);
        return data.Projects.Select(p => (ids[p.Key.ToUpperInvariant()], p)).ToList();
    }

    private async Task<int> CountEventsAsync(NpgsqlDataSource db)
    {
        await using var cmd = db.CreateCommand($"select count(*) from {s.Schema}.mt_events");
        return (int)(long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>The tables an import writes: events, streams, project keys.</summary>
    // What an import writes: the events, the streams, the projects' keys and, in the builds that have them, their score
    // periods and their actors' stints (an A/B run against an older build finds no such table). Stints left behind by an
    // emptied store are those of streams that no longer exist: the next app started on the store found them and rebuilt the
    // score history in the background while it was timed (an M run of 2 December, set aside: docs/benchmarks.md).
    private string ImportedTables => $"{s.Schema}.mt_events, {s.Schema}.mt_streams, {s.Schema}.mt_doc_projectkey"
        + (_periods ? $", {s.Schema}.mt_doc_scoreperiod" : "") + (_stints ? $", {s.Schema}.mt_doc_projectstints" : "");
    private bool _periods, _stints;

    private async Task CheckpointAsync(NpgsqlDataSource db)
    {
        try { await ExecAsync(db, "checkpoint"); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            log("no checkpoint before the logging measure: the benchmark's user may not make one");
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task ExecAsync(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }
}
