using EctLifecycle.Timelines;
using EctLifecycle.Analytics;
using EctLifecycle.Durability;
using EctLifecycle.Portfolio;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EctLifecycle.Tests.ScoreHistory;

/// <summary>
/// A few projects' periods read from the covering index (score and pillars' means, not the documents) equal the folded
/// ones; the collective pillar's peak the watch list reads off them is the drift's, so the signals are the same, and
/// PostgreSQL finds the same peak, up to each project's own date.
/// </summary>
public class PeriodsFromTheIndex(AppFixture app) : ApiTest(app)
{
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();
    private EctLifecycle.EventStore.IScorePeriodRows PeriodRows => App.Host.Services.GetRequiredService<EctLifecycle.EventStore.IScorePeriodRows>();

    [Fact]
    public async Task the_projects_periods_from_the_index_and_the_peaks_read_off_them_equal_the_fold()
    {
        await ImportSyntheticAsync(40, seed: 17);
        await using var session = Store.QuerySession();
        var timelines = await session.LoadAllTimelinesAsync(CancellationToken.None);
        var folded = PortfolioHistory.Of(timelines);
        var byId = timelines.ToDictionary(t => t.Registration!.Event.ProjectId);
        var (peaks, falls, sqlPeaksRead, projectsWithout) = (0, 0, 0, 0);
        foreach (var grid in App.Host.Services.GetRequiredService<GridCatalog>().All)
            foreach (var asOf in new[] { new DateOnly(2015, 6, 30), new DateOnly(2021, 12, 31), App.Today })
            {
                var stored = await PortfolioHistory.LoadAsync(session, new AnalyticsParameters(asOf, grid, null), CancellationToken.None);
                var ids = byId.Keys.ToList();
                static string Row(EctLifecycle.ScoreHistory.ScorePeriod p) =>
                    $"{p.ProjectId} {p.From} {p.To} {p.Score} {string.Join(" ", p.Pillars.OrderBy(x => x.Key).Select(x => $"{x.Key}={x.Value}"))}";
                var fromIndex = await stored.OfProjectsAsync(grid, ids, asOf);
                fromIndex.Select(Row).ShouldBe((await folded.OfProjectsAsync(grid, ids, asOf)).Select(Row).ToList(), $"{grid.Version} {asOf}");

                // Each project's peak up to a date of its own, found by PostgreSQL, equals the one folded from its periods.
                var untils = ids.Select((id, i) => (id, asOf.AddDays(-(i * 173 % 4000)))).ToList();
                static string Peaks(IReadOnlyDictionary<Guid, Reading> read) => string.Join("\n", read.OrderBy(x => x.Key).Select(x => $"{x.Key} {x.Value}"));
                var sqlPeaks = (await PeriodRows.ReadPeaksAsync(grid.Version, "collective-ownership", untils, CancellationToken.None)).ShouldNotBeNull();
                Peaks(await stored.PillarPeaksAsync(grid, "collective-ownership", untils)).ShouldBe(Peaks(sqlPeaks));
                Peaks(sqlPeaks).ShouldBe(Peaks(await folded.PillarPeaksAsync(grid, "collective-ownership", untils)), $"{grid.Version} {asOf}");
                foreach (var (id, until) in untils)
                    if (fromIndex.Where(x => x.ProjectId == id && x.From <= until).OrderBy(x => x.From).ToList() is { Count: > 0 } before)
                        sqlPeaks[id].ShouldBe(WatchRules.CollectivePeak(before));
                    else sqlPeaks.ShouldNotContainKey(id, "no period by its date, no peak");
                sqlPeaksRead += sqlPeaks.Count;
                projectsWithout += untils.Count - sqlPeaks.Count;

                foreach (var periods in PortfolioHistory.ByProject(fromIndex))
                {
                    var timeline = byId[periods[0].ProjectId];
                    var peak = WatchRules.CollectivePeak(periods);
                    peak.ShouldBe(WatchRules.DriftPeak(timeline, asOf, grid), $"{grid.Version} {asOf} {periods[0].ProjectId}");
                    peaks++;
                    var read = WatchRules.SignalsOf(timeline, asOf, grid, peak);
                    read.ShouldBeEquivalentTo(WatchRules.SignalsOf(timeline, asOf, grid));
                    if (read.Any(s => s.Kind == WatchSignal.FallingCooperation && s.Evidence.Any(e => e.StartsWith("portage collectif")))) falls++;
                }
            }
        peaks.ShouldBeGreaterThan(100);
        falls.ShouldBeGreaterThan(0, "some projects' collective pillar fell from its peak");
        sqlPeaksRead.ShouldBeGreaterThan(100);
        projectsWithout.ShouldBeGreaterThan(0, "some dates fall before the project's first period");
    }

    [Fact]
    public async Task a_peak_over_rows_whose_mean_column_is_not_filled_yet_is_read_from_their_documents()
    {
        await ImportSyntheticAsync(12, seed: 23);
        await using var session = Store.QuerySession();
        var folded = PortfolioHistory.Of(await session.LoadAllTimelinesAsync(CancellationToken.None));
        var grid = App.Host.Services.GetRequiredService<GridCatalog>().Default;
        var projects = (await session.LoadAllTimelinesAsync(CancellationToken.None)).Select(t => (t.Registration!.Event.ProjectId, App.Today)).ToList();
        var expected = await folded.PillarPeaksAsync(grid, "collective-ownership", projects);
        expected.Count.ShouldBeGreaterThan(5);

        // Rows of an older version of the app: the mean's column empty until the start-up fills it.
        var table = session.DocumentStore.Options.Schema.For<EctLifecycle.ScoreHistory.ScorePeriod>();
        await using (var db = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!))
        await using (var empty = db.CreateCommand($"update {table} set collective_ownership_mean = null where project_id = any($1)"))
        {
            empty.Parameters.Add(new NpgsqlParameter { Value = projects.Take(4).Select(x => x.ProjectId).ToArray() });
            (await empty.ExecuteNonQueryAsync()).ShouldBeGreaterThan(4);
        }
        var read = (await PeriodRows.ReadPeaksAsync(grid.Version, "collective-ownership", projects, CancellationToken.None)).ShouldNotBeNull();
        read.OrderBy(x => x.Key).ShouldBe(expected.OrderBy(x => x.Key));
    }

    [Fact]
    public async Task a_periods_id_computed_from_the_index_of_project_and_grid_is_its_id_and_reads_no_row()
    {
        await ImportSyntheticAsync(5, seed: 3);
        await using var session = Store.QuerySession();
        var table = session.DocumentStore.Options.Schema.For<EctLifecycle.ScoreHistory.ScorePeriod>();
        var rows = await session.AdvancedSql.QueryAsync<string>(
            $"select (x.id = {EctLifecycle.ScoreHistory.ScorePeriod.IdSql("x")})::text from {table} x", CancellationToken.None);
        rows.Count.ShouldBeGreaterThan(50);
        rows.ShouldAllBe(x => x == "true");
        // On a few projects' rows, whether the planner prefers this index to the grid's one (with a filter on the project)
        // turns on how many of the table's pages the vacuum could mark visible, which any other transaction open on the
        // database holds back (the test failed each time one was). The plan is made on a temporary copy of the table, its
        // rows and its indexes under their names, which only this connection sees, so that its vacuum marks every page.
        var project = (await session.Query<EctLifecycle.ScoreHistory.ScorePeriod>().FirstAsync()).ProjectId;
        var indexOnly = $"Index Only Scan using {EctLifecycle.ScoreHistory.ScoreHistoryViews.ProjectIndex}";
        var plan = await PlanOnAVisibleCopyAsync(
            copy => $"select {EctLifecycle.ScoreHistory.ScorePeriod.IdSql("x")} from {copy} x where x.project_id = @project and x.grid = 'v1'",
            ("project", project));
        plan.ShouldContain(x => x.Contains(indexOnly), string.Join("\n", plan));
        // The same question asking a column the index does not carry (the document) cannot be answered from it.
        var withTheDocument = await PlanOnAVisibleCopyAsync(
            copy => $"select {EctLifecycle.ScoreHistory.ScorePeriod.IdSql("x")}, x.data from {copy} x where x.project_id = @project and x.grid = 'v1'",
            ("project", project));
        withTheDocument.ShouldNotContain(x => x.Contains(indexOnly), string.Join("\n", withTheDocument));
    }

    [Fact]
    public async Task the_scores_at_a_date_equal_the_fold_and_are_read_from_the_index_of_the_dates_alone()
    {
        await ImportSyntheticAsync(30, seed: 29);
        await using var session = Store.QuerySession();
        var folded = PortfolioHistory.Of(await session.LoadAllTimelinesAsync(CancellationToken.None));
        var grids = App.Host.Services.GetRequiredService<GridCatalog>().All;
        var compared = 0;
        foreach (var grid in grids)
            foreach (var asOf in new[] { new DateOnly(2008, 1, 1), new DateOnly(2015, 6, 30), new DateOnly(2021, 12, 31), App.Today })
            {
                var stored = await PortfolioHistory.LoadAsync(session, new AnalyticsParameters(asOf, grid, null), CancellationToken.None);
                var scores = (await stored.ScoresAtAsync(asOf, grid)).Order().ToList();
                scores.ShouldBe((await folded.AtAsync(asOf, grid)).Select(x => x.Score).Order().ToList(), $"{grid.Version} {asOf}");
                compared += scores.Count;
            }
        compared.ShouldBeGreaterThan(100);

        // Both ranges read the index alone. Without the score carried in the index, each would read the rows (Index Scan).
        var values = new Queue<string>(["'v2'", "'2021-12-31'::date", "'v2'", "'2021-12-31'::date", "'2021-12-31'::date"]);
        var sql = string.Concat(StoredHistory.ScoresAtSql($"{Store.Options.DatabaseSchemaName}.{EctLifecycle.ScoreHistory.ScoreHistoryViews.History}")
            .Select(c => c == '?' ? values.Dequeue() : c.ToString()));
        var plan = await PlanAsync(sql);
        plan.Count(l => l.Contains($"Index Only Scan using {EctLifecycle.ScoreHistory.ScoreHistoryViews.AtDateIndex}", StringComparison.Ordinal))
            .ShouldBe(2, string.Join("\n", plan));
    }

    [Fact]
    public async Task the_facts_at_a_date_the_figures_and_the_sample_read_equal_the_fold_and_are_read_from_the_index_of_the_dates_alone()
    {
        await ImportSyntheticAsync(30, seed: 31);
        await using var session = Store.QuerySession();
        var folded = PortfolioHistory.Of(await session.LoadAllTimelinesAsync(CancellationToken.None));
        // Read from the columns, not from the documents (which a period whose columns are empty would make it read).
        (await PeriodRows.ReadFactsAtAsync("v1", App.Today, CancellationToken.None)).ShouldNotBeNull();
        static string Row(EctLifecycle.ScoreHistory.ScorePeriod p) =>
            $"{p.ProjectId} {p.From} {p.Score} {string.Join(" ", p.Pillars.OrderBy(x => x.Key).Select(x => $"{x.Key}={x.Value:R}"))} " +
            $"{p.Key} {p.Name} {p.Stage} {p.LegalForm ?? "-"} {p.EmergenceContext} {p.CarrierPresent} {p.EctPotential}";
        var compared = 0;
        foreach (var grid in App.Host.Services.GetRequiredService<GridCatalog>().All)
            foreach (var asOf in new[] { new DateOnly(2008, 1, 1), new DateOnly(2015, 6, 30), new DateOnly(2021, 12, 31), App.Today })
            {
                var stored = await PortfolioHistory.LoadAsync(session, new AnalyticsParameters(asOf, grid, null), CancellationToken.None);
                var facts = await stored.FactsAtAsync(asOf, grid);
                facts.Select(Row).Order(StringComparer.Ordinal).ToList()
                    .ShouldBe((await folded.AtAsync(asOf, grid)).Select(Row).Order(StringComparer.Ordinal).ToList(), $"{grid.Version} {asOf}");
                // In the portfolio's order, as the whole documents are.
                facts.Select(x => x.ProjectId).ShouldBe((await stored.AtAsync(asOf, grid)).Select(x => x.ProjectId).ToList());
                compared += facts.Count;
            }
        compared.ShouldBeGreaterThan(100);

        // Both ranges read the index alone. Without one of the columns carried in the index, each would read the rows (Index Scan).
        var plan = await PlanAsync(PeriodRows.FactsAtSql(),
            ("grid", "v2"), ("date", new DateOnly(2021, 12, 31)));
        plan.Count(l => l.Contains($"Index Only Scan using {EctLifecycle.ScoreHistory.ScoreHistoryViews.AtDateIndex}", StringComparison.Ordinal))
            .ShouldBe(2, string.Join("\n", plan));
    }

    /// <summary>
    /// The plan PostgreSQL makes for <paramref name="sql"/> on the schema Marten created and the indexes the start-up made,
    /// the periods' table vacuumed (its pages visible, as far as other transactions let it), with neither a whole read of the
    /// table nor a bitmap allowed.
    /// </summary>
    private async Task<List<string>> PlanAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await PeriodRows.EnsureIndexesAsync(_ => { }, CancellationToken.None);
        var table = ((IReadOnlyStoreOptions)Store.Options).Schema.For<EctLifecycle.ScoreHistory.ScorePeriod>(qualified: false);
        await using var data = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!);
        await using (var vacuum = data.CreateCommand($"vacuum (analyze) {Store.Options.DatabaseSchemaName}.{table}")) await vacuum.ExecuteNonQueryAsync();
        await using var connection = await data.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var off = new NpgsqlCommand("set local enable_seqscan = off; set local enable_bitmapscan = off", connection, transaction))
            await off.ExecuteNonQueryAsync();
        var plan = new List<string>();
        await using var explain = new NpgsqlCommand($"explain {sql}", connection, transaction);
        foreach (var (name, value) in parameters) explain.Parameters.AddWithValue(name, value);
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        return plan;
    }

    /// <summary>
    /// The plan PostgreSQL makes for the SQL <paramref name="sqlOn"/> writes on a table, made on a temporary copy of the
    /// periods' table: its columns, rows and indexes (those of Marten and of the start-up, under their names) as in the
    /// schema. A temporary table's vacuum waits for no other session, so every page of the copy is visible, as on a table
    /// the autovacuum keeps; neither a whole read of the table nor a bitmap allowed.
    /// </summary>
    private async Task<List<string>> PlanOnAVisibleCopyAsync(Func<string, string> sqlOn, params (string Name, object Value)[] parameters)
    {
        await PeriodRows.EnsureIndexesAsync(_ => { }, CancellationToken.None);
        var schema = Store.Options.DatabaseSchemaName;
        var table = ((IReadOnlyStoreOptions)Store.Options).Schema.For<EctLifecycle.ScoreHistory.ScorePeriod>(qualified: false);
        await using var data = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!);
        await using var connection = await data.OpenConnectionAsync();
        async Task RunAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        var indexes = new List<string>();
        await using (var read = new NpgsqlCommand("select indexdef from pg_indexes where schemaname = $1 and tablename = $2", connection))
        {
            read.Parameters.Add(new NpgsqlParameter { Value = schema });
            read.Parameters.Add(new NpgsqlParameter { Value = table });
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync()) indexes.Add(reader.GetString(0));
        }
        indexes.ShouldContain(x => x.Contains(EctLifecycle.ScoreHistory.ScoreHistoryViews.ProjectIndex));
        await RunAsync($"create temporary table {table} (like {schema}.{table} including defaults)");
        await RunAsync($"insert into pg_temp.{table} select * from {schema}.{table}");
        foreach (var index in indexes)
        {
            var onTheCopy = index.Replace($" ON {schema}.{table} ", $" ON pg_temp.{table} ", StringComparison.Ordinal);
            onTheCopy.ShouldNotBe(index, "each index is made again on the copy");
            await RunAsync(onTheCopy);
        }
        await RunAsync($"vacuum (analyze) pg_temp.{table}");
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var off = new NpgsqlCommand("set local enable_seqscan = off; set local enable_bitmapscan = off", connection, transaction))
            await off.ExecuteNonQueryAsync();
        var plan = new List<string>();
        await using var explain = new NpgsqlCommand($"explain {sqlOn($"pg_temp.{table}")}", connection, transaction);
        foreach (var (name, value) in parameters) explain.Parameters.AddWithValue(name, value);
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        return plan;
    }
}
