using System.Globalization;
using System.Text.RegularExpressions;
using EctLifecycle.ScoreHistory;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;
using EctLifecycle.TestSupport;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Weasel.Core;

namespace EctLifecycle.Tests.ScoreHistory;

/// <summary>
/// The analysts' views (<see cref="ScoreHistoryViews"/>) as the analysts meet them: connected as the read-only role
/// <c>ect_reader</c> that deploy/test creates (password in ECT_READER_PASSWORD), over <see cref="ScorePeriod"/> documents
/// stored through Marten, not through the projection; their columns are a contract, the README's queries are run as the
/// README writes them, and the role can neither read nor write anything else.
/// </summary>
public class ScoreHistoryViewsContract(AppFixture app) : ApiTest(app)
{
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();
    private EctLifecycle.EventStore.IScorePeriodRows PeriodRows => App.Host.Services.GetRequiredService<EctLifecycle.EventStore.IScorePeriodRows>();
    private string Schema => Store.Options.DatabaseSchemaName;

    /// <summary>The contract: a change here is a change for every analyst's saved query.</summary>
    private static readonly (string Name, string Type)[] Contract =
    [
        ("project_id", "uuid"), ("project_key", "text"), ("name", "text"), ("sector", "text"), ("commune", "text"),
        ("grid", "text"), ("valid_from", "date"), ("valid_to", "date"), ("stage", "text"), ("stage_label", "text"),
        ("score", "integer"), ("max_score", "integer"), ("ect_potential", "boolean"),
        ("collective_ownership_mean", "double precision"), ("territorial_anchoring_mean", "double precision"),
        ("hybrid_economic_model_mean", "double precision"), ("territorial_resilience_mean", "double precision"),
        ("legal_form", "text"), ("legal_form_label", "text"), ("path", "text"), ("path_label", "text"),
        ("emergence_year", "integer"), ("emergence_context", "text"), ("emergence_context_label", "text"),
        ("hub_role", "text"), ("hub_role_label", "text"), ("hub_accompaniment", "boolean"), ("carrier_present", "boolean"),
        ("public_share", "double precision"), ("active_actors", "integer"), ("stopped_on", "date"),
        ("ever_accompanied_by_hub", "boolean"), ("first_hub_support_ended_on", "date"), ("first_legal_form_adopted_on", "date"),
        ("first_carrier_lost_on", "date"), ("first_funding_on", "date"),
    ];

    [Fact]
    public async Task the_views_have_exactly_the_documented_columns_and_a_restart_changes_nothing()
    {
        foreach (var view in new[] { ScoreHistoryViews.History, ScoreHistoryViews.Current })
        {
            var columns = await ReadAsync(
                $"select column_name, data_type from information_schema.columns where table_schema = current_schema() and table_name = '{view}' order by ordinal_position");
            columns.ShouldBe(Contract.Select(c => $"{c.Name} | {c.Type}").ToList(), $"the columns of {view}");
        }
        DocumentedColumns().ShouldBe(Contract.ToList(), "the README's table of the columns");

        var migration = await Store.Storage.Database.CreateMigrationAsync();
        migration.Difference.ShouldBe(SchemaPatchDifference.None,
            string.Join("\n", migration.Deltas.Where(d => d.Difference != SchemaPatchDifference.None).Select(d => $"{d.SchemaObject.Identifier}: {d.Difference}")));
    }

    [Fact]
    public async Task the_reader_sees_exactly_the_stored_periods_and_the_ones_holding_at_any_date()
    {
        var periods = await StoreAsync(Portfolio());
        const string columns = "project_id, project_key, name, grid, valid_from, valid_to, stage, stage_label, score, max_score, ect_potential, " +
                               "collective_ownership_mean, territorial_anchoring_mean, hybrid_economic_model_mean, territorial_resilience_mean, " +
                               "legal_form, legal_form_label, path, path_label, emergence_year, emergence_context, emergence_context_label, " +
                               "hub_role, hub_role_label, hub_accompaniment, carrier_present, public_share, active_actors, stopped_on";
        const string order = " order by project_key, grid, valid_from";

        (await ReadAsync($"select {columns} from score_history{order}")).ShouldBe(Rows(periods), "every period");
        foreach (var day in new[] { "2018-02-28", "2018-03-01", "2019-05-31", "2019-06-01", "2021-01-14", "2021-01-15", "2022-03-01", "2040-01-01" })
        {
            var at = DateOnly.Parse(day, CultureInfo.InvariantCulture);
            (await ReadAsync($"select {columns} from score_history where valid_from <= date '{day}' and (valid_to is null or valid_to > date '{day}'){order}"))
                .ShouldBe(Rows(periods.Where(p => p.HoldsAt(at))), $"the periods holding on {day}");
        }
    }

    [Fact]
    public async Task the_current_portfolio_is_each_projects_period_holding_on_the_paris_day()
    {
        // The view takes today from the database's clock, not the app's (a fake one here, maybe set by ECT_TEST_CLOCK at
        // another date): so these periods change in 2000 and 2999, on either side of any day the suite runs.
        var wide = await StoreAsync(
        [
            Period("P001", "v1", "1990-01-01", "2000-01-01", "idea", 4),
            Period("P001", "v1", "2000-01-01", null, "operating", 27),
            Period("P001", "v2", "1990-01-01", null, "operating", 25),
            Period("P002", "v1", "1995-06-01", "2999-01-01", "collective", 15),
            Period("P002", "v1", "2999-01-01", null, "stopped", 9),
        ]);
        var today = wide.Where(p => p.From.Year < 2999 && (p.To is null || p.To.Value.Year >= 2999));

        (await ReadAsync("select project_key, grid, valid_from, stage, score from current_portfolio order by project_key, grid"))
            .ShouldBe(today.OrderBy(p => p.Key).ThenBy(p => p.Grid).Select(p => string.Join(" | ", p.Key, p.Grid, Text(p.From), p.Stage, Text(p.Score))).ToList());
    }

    [Fact]
    public async Task the_readme_queries_run_as_written_and_give_the_expected_figures()
    {
        await StoreAsync(Portfolio());
        var queries = ReadmeQueries();
        queries.Keys.ShouldBe(["portfolio-at-a-date", "project-drift", "cohort-mean-by-year"], ignoreOrder: true);

        (await ReadAsync(queries["portfolio-at-a-date"])).ShouldBe(
        [
            "P002 | La Recyclerie | Structuration | 22 | False",
            "P001 | Les Paniers | Collectif | 18 | False",
            "P003 | Jardins partagés | Idée | 8 | False",
        ]);
        (await ReadAsync(queries["project-drift"])).ShouldBe(
        [
            "2018-03-01 | 2019-06-01 | idea | 10 | 1 | 0.5 | 0.25 | 0",
            "2019-06-01 | 2021-01-15 | collective | 18 | 2 | 1.5 | 1 | 0.5",
            "2021-01-15 | ∅ | operating | 27 | 3 | 2.5 | 2 | 1.5",
        ]);
        (await ReadAsync(queries["cohort-mean-by-year"])).ShouldBe(
        [
            "2018 | localProgramme | 1 | 10.0",
            "2019 | localProgramme | 1 | 18.0",
            "2019 | nationalProgramme | 1 | 14.0",
            "2020 | localProgramme | 2 | 13.0",
            "2020 | nationalProgramme | 1 | 22.0",
            "2021 | localProgramme | 2 | 17.5",
            "2021 | nationalProgramme | 1 | 22.0",
            "2022 | localProgramme | 2 | 17.5",
            "2022 | nationalProgramme | 1 | 12.0",
        ]);
    }

    [Fact]
    public async Task the_reader_may_read_the_two_views_and_nothing_else_nor_write_anything()
    {
        await StoreAsync(Portfolio());
        await RegisterAsync(); // an event to be refused

        await using var owner = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!);
        await using var privileges = owner.CreateCommand(
            "select c.relname::text, p.kind from pg_class c join pg_namespace n on n.oid = c.relnamespace " +
            "cross join unnest(array['SELECT','INSERT','UPDATE','DELETE','TRUNCATE','REFERENCES','TRIGGER']) as p(kind) " +
            "where n.nspname = $1 and c.relkind in ('r', 'p', 'v', 'm', 'f') and has_table_privilege($2, c.oid, p.kind) order by 1, 2");
        privileges.Parameters.AddWithValue(Schema);
        privileges.Parameters.AddWithValue(ScoreHistoryViews.ReaderRole);
        var granted = new List<string>();
        await using (var reader = await privileges.ExecuteReaderAsync())
            while (await reader.ReadAsync()) granted.Add($"{reader.GetString(0)} {reader.GetString(1)}");
        granted.ShouldBe([$"{ScoreHistoryViews.Current} SELECT", $"{ScoreHistoryViews.History} SELECT"]);

        var table = ((IReadOnlyStoreOptions)Store.Options).Schema.For<ScorePeriod>(qualified: false);
        foreach (var sql in new[]
                 {
                     "select count(*) from mt_events", "select count(*) from mt_streams", $"select count(*) from {table}",
                     $"insert into {table} (id, data) values ('x', '{{}}')", $"update {table} set data = '{{}}'", $"delete from {table}",
                     "insert into mt_events (seq_id) values (1)", "delete from mt_events", "create table mine (x int)",
                     "create temporary table mine (x int)",
                 })
            (await Should.ThrowAsync<PostgresException>(() => ReadAsync(sql), sql)).SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege, sql);
        foreach (var sql in new[] { "insert into score_history (score) values (1)", "update score_history set score = 0", "delete from score_history" })
            await Should.ThrowAsync<PostgresException>(() => ReadAsync(sql), sql);
        // The portfolio stored, and the registered project's periods (one per grid) that the inline projection wrote.
        (await ReadAsync("select count(*) from score_history")).ShouldBe([$"{8 + App.Host.Services.GetRequiredService<EctLifecycle.Scoring.GridCatalog>().Versions.Count}"]);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("template1")]
    public async Task in_a_cluster_the_scripts_made_the_reader_cannot_connect_to_another_database_to_write_there(string database)
    {
        // On a server of ECT_CONNECTION_STRING, the other databases are not the scripts' to close (README): nothing to assert.
        if (Environment.GetEnvironmentVariable("ECT_PG_MODE") is not ("local" or "docker")) return;
        var builder = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING"))
        {
            Username = ScoreHistoryViews.ReaderRole, Password = Environment.GetEnvironmentVariable("ECT_READER_PASSWORD"),
            Database = database, Pooling = false,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        (await Should.ThrowAsync<PostgresException>(() => connection.OpenAsync())).SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
        // The owner, the app's role, still connects there (the scripts create the test databases from « postgres »).
        var owner = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")) { Database = database, Pooling = false };
        await using var owned = new NpgsqlConnection(owner.ConnectionString);
        await owned.OpenAsync();
    }

    [Fact]
    public async Task views_made_again_by_the_app_are_granted_to_the_reader_again()
    {
        await StoreAsync(Portfolio());
        await using (var owner = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!))
        await using (var drop = owner.CreateCommand($"drop view {Schema}.{ScoreHistoryViews.Current}; drop view {Schema}.{ScoreHistoryViews.History}"))
            await drop.ExecuteNonQueryAsync();

        await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        (await ReadAsync("select count(*) from score_history")).ShouldBe(["8"]);
    }

    // The cohorts' facts and the aligned drift's anchors, which had no columns of their own in the version before this one.
    private static readonly string[] CohortFacts = ["sector", "hub_role", "emergence_year", "ever_accompanied_by_hub", "stopped_on",
        "emerged_on", "first_hub_support_ended_on", "first_legal_form_adopted_on", "first_carrier_lost_on", "first_funding_on"];

    // The staff's portfolio page's facts, which had no columns of their own in the version before this one.
    private static readonly string[] PageFacts = ["commune", "hub_accompaniment_active"];

    [Theory]
    [InlineData("every fact")]
    [InlineData("the cohorts' and the page's")]
    [InlineData("the page's")]
    public async Task an_older_stores_periods_get_their_columns_empty_before_martens_check_which_then_fills_nothing_and_the_start_up_fills_them(string lacking)
    {
        var periods = await StoreAsync(Portfolio());
        var table = ((IReadOnlyStoreOptions)Store.Options).Schema.For<ScorePeriod>(qualified: false);
        await using var owner = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!);
        // The store as an older version left it: no columns of the facts (or of the cohorts' and the page's facts only, or of
        // the page's only), nor, with them, their indexes, and views that do not read them.
        string[]? only = lacking switch { "the page's" => PageFacts, "the cohorts' and the page's" => [.. CohortFacts, .. PageFacts], _ => null };
        var missing = ScorePeriod.FactColumns.Where(c => only is null || only.Contains(c.Name)).ToList();
        missing.Count.ShouldBe(only?.Length ?? ScorePeriod.FactColumns.Count);
        await using (var older = owner.CreateCommand(
            $"drop view {Schema}.{ScoreHistoryViews.Current}; drop view {Schema}.{ScoreHistoryViews.History}; " +
            $"alter table {Schema}.{table} {string.Join(", ", missing.Select(c => $"drop column {c.Name}"))}"))
            await older.ExecuteNonQueryAsync();
        SchemaPatchDifference TableDifference(SchemaMigration migration) =>
            migration.Deltas.Single(d => d.SchemaObject.Identifier.Name == table).Difference;
        // Marten's check alone would add each column with an UPDATE of every row, in its migration.
        TableDifference(await Store.Storage.Database.CreateMigrationAsync()).ShouldBe(SchemaPatchDifference.Update);

        // What Program.cs does before Marten's check: the columns, empty, and Marten's own indexes of them.
        (await PeriodRows.AddMissingColumnsAsync(CancellationToken.None))
            .ShouldBe(missing.Select(c => c.Name).ToList());
        TableDifference(await Store.Storage.Database.CreateMigrationAsync()).ShouldBe(SchemaPatchDifference.None, "Marten has nothing to add nor fill");
        (await PeriodRows.AddMissingColumnsAsync(CancellationToken.None))
            .ShouldBeEmpty("a second start adds nothing");
        await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using (var count = owner.CreateCommand($"select count(*) from {Schema}.{table} where {string.Join(" or ", missing.Select(c => $"{c.Name} is not null"))}"))
            (await count.ExecuteScalarAsync()).ShouldBe(0L, "Marten's check filled nothing");

        // Until the start-up fills them, the questions read the documents: the same answers, slower.
        var at = new DateOnly(2021, 6, 30);
        var v1 = App.Host.Services.GetRequiredService<GridCatalog>().Find("v1")!;
        (await PeriodRows.ReadFactsAtAsync("v1", at, CancellationToken.None)).ShouldBeNull();
        await using (var session = Store.QuerySession())
        {
            var history = await EctLifecycle.Analytics.PortfolioHistory.LoadAsync(session, new EctLifecycle.Analytics.AnalyticsParameters(at, v1, null), CancellationToken.None);
            (await history.FactsAtAsync(at, v1)).Select(x => x.Key).Order().ShouldBe(["P001", "P002", "P003"]);
            (await history.ScoresAtAsync(at, v1)).Order().ShouldBe([8, 22, 27]);
        }
        // The drifts group by the facts: through the views, from the JSON while the columns are empty.
        async Task<string> CohortsAsync(EctLifecycle.Analytics.CohortField by)
        {
            await using var session = Store.QuerySession();
            var history = await EctLifecycle.Analytics.PortfolioHistory.LoadAsync(session, new EctLifecycle.Analytics.AnalyticsParameters(at, v1, null), CancellationToken.None);
            return string.Join("; ", (await history.CohortPointsAsync(v1, by, at, EctLifecycle.Analytics.Period.Year)).Select(x => $"{x.Cohort} {x.Date} {x.Projects} {x.Score.Mean}"));
        }
        var byForm = await CohortsAsync(EctLifecycle.Analytics.CohortField.LegalForm);
        var byContext = await CohortsAsync(EctLifecycle.Analytics.CohortField.EmergenceContext);
        byForm.ShouldContain("scic");
        byContext.ShouldContain("nationalProgramme");
        // Every cohort read from the view (PostgreSQL's aggregates), to be compared with the same read from the columns.
        var inSql = new Dictionary<EctLifecycle.Analytics.CohortField, string>();
        foreach (var by in Enum.GetValues<EctLifecycle.Analytics.CohortField>().Where(f => !EctLifecycle.Analytics.Cohorts.ByTerritory(f)))
            inSql[by] = await CohortsAsync(by);
        inSql[EctLifecycle.Analytics.CohortField.EmergenceYear].ShouldStartWith("2018 ");
        async Task<string> AlignedAsync(EctLifecycle.Analytics.AlignAnchor on)
        {
            await using var session = Store.QuerySession();
            var history = await EctLifecycle.Analytics.PortfolioHistory.LoadAsync(session, new EctLifecycle.Analytics.AnalyticsParameters(at, v1, null), CancellationToken.None);
            var (aligned, points) = await history.AlignedPointsAsync(v1, on, EctLifecycle.Analytics.CohortField.EmergenceContext, at, EctLifecycle.Analytics.AlignedDrift.Offsets);
            return $"{aligned}: " + string.Join("; ", points.Select(x => $"{x.Cohort} {x.OffsetYears} {x.Projects} {x.Score.Mean} {x.Score.Median}"));
        }
        var alignedInSql = new Dictionary<EctLifecycle.Analytics.AlignAnchor, string>();
        foreach (var on in Enum.GetValues<EctLifecycle.Analytics.AlignAnchor>()) alignedInSql[on] = await AlignedAsync(on);
        alignedInSql[EctLifecycle.Analytics.AlignAnchor.Emergence].ShouldStartWith("3: ");

        // What the start-up does after the schema (ScoreHistoryCheck).
        await PeriodRows.EnsureIndexesAsync(_ => { }, CancellationToken.None);

        // Every stored column filled as its JSON has it; and those the view shows, under the view's names (the key is its
        // project_key), read by the analysts' role.
        await using (var differ = owner.CreateCommand($"select count(*) from {Schema}.{table} d where " +
            string.Join(" or ", ScorePeriod.StoredColumns.Select(c => $"d.{c.Name} is distinct from {c.FromJson("d.data")}"))))
            (await differ.ExecuteScalarAsync()).ShouldBe(0L, "every stored column is filled as its JSON has it");
        // The view's name of a stored column, where it has another.
        static string InView(ScorePeriod.ValueColumn c) => c.Name switch { "key" => "project_key", "hub_accompaniment_active" => "hub_accompaniment", _ => c.Name };
        var shown = ScorePeriod.StoredColumns.Where(c => ScoreHistoryViews.Columns.Any(v => v.Name == InView(c))).ToList();
        shown.Count.ShouldBe(ScorePeriod.StoredColumns.Count - 2, "the view shows every stored column but the emergence's day and the anniversaries' bits");
        shown.ShouldNotContain(c => c.Name == "anniversaries");
        var values = string.Join(", ", shown.Select(InView));
        (await ReadAsync($"select project_key, grid, valid_from, {values} from score_history order by project_key, grid, valid_from"))
            .ShouldBe(periods.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Grid, StringComparer.Ordinal).ThenBy(p => p.From)
                .Select(p => string.Join(" | ", new object?[] { p.Key, p.Grid, p.From }
                    .Concat(shown.Select(c => c.Value(p))).Select(Text))).ToList());
        (await PeriodRows.ReadFactsAtAsync("v1", at, CancellationToken.None))!
            .Select(x => $"{x.Key} {x.Stage} {x.Score}").Order().ShouldBe(["P001 operating 27", "P002 structuring 22", "P003 idea 8"]);
        (await CohortsAsync(EctLifecycle.Analytics.CohortField.LegalForm)).ShouldBe(byForm);
        (await CohortsAsync(EctLifecycle.Analytics.CohortField.EmergenceContext)).ShouldBe(byContext);
        foreach (var (by, expected) in inSql) (await CohortsAsync(by)).ShouldBe(expected, $"{by}");
        foreach (var (on, expected) in alignedInSql) (await AlignedAsync(on)).ShouldBe(expected, $"{on}");
    }

    [Fact]
    public async Task the_start_ups_fill_visits_each_row_once_and_leaves_one_whose_json_lacks_its_key_unfilled_instead_of_looping()
    {
        var periods = await StoreAsync(Portfolio());
        await PeriodRows.EnsureIndexesAsync(_ => { }, CancellationToken.None);
        var table = ((IReadOnlyStoreOptions)Store.Options).Schema.For<ScorePeriod>(qualified: false);
        // Rows as an older version left them (no stored column filled), one of them written from outside the app without
        // its key in the JSON: filling it leaves it unfilled. It is neither the first nor the last in the ids' order.
        var broken = periods.Select(p => p.Id).Order(StringComparer.Ordinal).ElementAt(3);
        await using var owner = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!);
        await using (var older = owner.CreateCommand(
            $"update {Schema}.{table} set {string.Join(", ", ScorePeriod.StoredColumns.Select(c => $"{c.Name} = null"))}; " +
            $"update {Schema}.{table} set data = data - 'key' where id = '{broken}'"))
            await older.ExecuteNonQueryAsync();
        async Task<List<string>> UnfilledAsync()
        {
            // As the app's own role: the analysts' role reads the views only.
            await using var unfilled = owner.CreateCommand($"select id from {Schema}.{table} where {ScoreHistoryViews.Unfilled} order by id");
            await using var reader = await unfilled.ExecuteReaderAsync();
            var ids = new List<string>();
            while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
            return ids;
        }
        (await UnfilledAsync()).Count.ShouldBe(periods.Count);

        // Two rows a statement, so that the fill goes on past the broken row in later batches; before, every batch took it
        // again and the start-up's task never ended.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await PeriodRows.EnsureIndexesAsync(_ => { }, patience.Token, fillBatch: 2);
        (await UnfilledAsync()).ShouldBe([broken]);
        await using (var differ = owner.CreateCommand($"select count(*) from {Schema}.{table} d where d.id <> '{broken}' and (" +
            string.Join(" or ", ScorePeriod.StoredColumns.Select(c => $"d.{c.Name} is distinct from {c.FromJson("d.data")}")) + ")"))
            (await differ.ExecuteScalarAsync()).ShouldBe(0L, "every other row is filled as its JSON has it");
        // The analysts' view still shows it, its key empty, and the other periods as stored.
        (await ReadAsync("select count(*), count(project_key) from score_history")).ShouldBe([$"{periods.Count} | {periods.Count - 1}"]);
        // A second start finds the broken row again, leaves it, and ends.
        await PeriodRows.EnsureIndexesAsync(_ => { }, patience.Token, fillBatch: 2);
        (await UnfilledAsync()).ShouldBe([broken]);
    }

    [Fact]
    public async Task the_start_up_makes_the_portfolio_questions_indexes_of_their_shape_and_a_schema_check_keeps_them()
    {
        await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await PeriodRows.EnsureIndexesAsync(_ => { }, CancellationToken.None);
        (await IndexesAsync()).ShouldBe([
            $"{ScoreHistoryViews.AnniversariesIndex}: grid, \"from\") INCLUDE (project_id, score, collective_ownership_mean, " +
            "territorial_anchoring_mean, hybrid_economic_model_mean, territorial_resilience_mean, anniversaries, emerged_on, " +
            "first_hub_support_ended_on, first_legal_form_adopted_on, first_carrier_lost_on, first_funding_on) WHERE (anniversaries <> 0",
            $"{ScoreHistoryViews.OrderIndex}: grid, registration_sequence",
            $"{ScoreHistoryViews.AtDateIndex}: grid, \"to\", \"from\") INCLUDE (project_id, registration_sequence, score, " +
            "collective_ownership_mean, territorial_anchoring_mean, hybrid_economic_model_mean, territorial_resilience_mean, " +
            "key, name, stage, legal_form, emergence_context, carrier_present, ect_potential, sector, hub_role, emergence_year, " +
            "ever_accompanied_by_hub, stopped_on, emerged_on, first_hub_support_ended_on, first_legal_form_adopted_on, " +
            "first_carrier_lost_on, first_funding_on, commune, hub_accompaniment_active",
            $"{ScoreHistoryViews.ProjectIndex}: project_id, grid) INCLUDE (\"from\", \"to\", registration_sequence, score, " +
            "collective_ownership_mean, territorial_anchoring_mean, hybrid_economic_model_mean, territorial_resilience_mean",
            $"{ScoreHistoryViews.UnfilledIndex}: id) WHERE ((key IS NULL) OR (emerged_on IS NULL) OR (commune IS NULL)",
            $"{ScoreHistoryViews.WithoutAnniversariesIndex}: grid) WHERE (anniversaries IS NULL",
            $"{ScoreHistoryViews.YearEndsIndex}: grid, project_id) INCLUDE (\"from\", \"to\", score, collective_ownership_mean, " +
            "territorial_anchoring_mean, hybrid_economic_model_mean, territorial_resilience_mean) " +
            "WHERE ((\"to\" IS NULL) OR (EXTRACT(year FROM \"to\") > EXTRACT(year FROM \"from\"))"]);

        // The table's own autovacuum settings, which Marten's check leaves alone; one an administrator set otherwise is kept.
        // (The documents' compression is put back to the server's default too: the test's schema outlives a run, which
        // leaves it at pglz below.)
        var table = ((IReadOnlyStoreOptions)Store.Options).Schema.For<ScorePeriod>(qualified: false);
        var settings = $"select unnest(reloptions) from pg_class where oid = '{Schema}.{table}'::regclass order by 1";
        await using (var owner = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!))
        await using (var reset = owner.CreateCommand($"alter table {Schema}.{table} reset (autovacuum_vacuum_scale_factor, " +
            $"autovacuum_vacuum_insert_scale_factor, autovacuum_analyze_scale_factor); alter table {Schema}.{table} set (autovacuum_vacuum_scale_factor = 0.05); " +
            $"alter table {Schema}.{table} alter column data set compression default"))
            await reset.ExecuteNonQueryAsync();
        await PeriodRows.EnsureIndexesAsync(_ => { }, CancellationToken.None);
        (await ReadAsync(settings)).ShouldBe(
            ["autovacuum_analyze_scale_factor=0.02", "autovacuum_vacuum_insert_scale_factor=0.02", "autovacuum_vacuum_scale_factor=0.05"]);
        await using (var owner = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!))
        await using (var reset = owner.CreateCommand($"alter table {Schema}.{table} reset (autovacuum_vacuum_scale_factor)"))
            await reset.ExecuteNonQueryAsync();
        await PeriodRows.EnsureIndexesAsync(_ => { }, CancellationToken.None);
        (await ReadAsync(settings)).ShouldBe(
            ["autovacuum_analyze_scale_factor=0.02", "autovacuum_vacuum_insert_scale_factor=0.02", "autovacuum_vacuum_scale_factor=0.02"]);

        // The documents compressed with lz4 (this server has it): a period written afterwards over PostgreSQL's 2 KB is
        // stored so; a method an administrator chose is kept.
        var compression = $"select attcompression::text from pg_attribute where attrelid = '{Schema}.{table}'::regclass and attname = 'data'";
        (await ReadAsync(compression)).ShouldBe(["l"]);
        var large = Portfolio()[0];
        large.Name = string.Concat(Enumerable.Range(0, 300).Select(i => $"Les Paniers {i} "));
        await StoreAsync([large]);
        await using (var owner = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!))
        {
            await using (var stored = owner.CreateCommand($"select pg_column_compression(data) from {Schema}.{table} where id = '{large.Id}'"))
                (await stored.ExecuteScalarAsync()).ShouldBe("lz4");
            await using var chosen = owner.CreateCommand($"alter table {Schema}.{table} alter column data set compression pglz");
            await chosen.ExecuteNonQueryAsync();
        }
        await PeriodRows.EnsureIndexesAsync(_ => { }, CancellationToken.None);
        (await ReadAsync(compression)).ShouldBe(["p"]);

        var migration = await Store.Storage.Database.CreateMigrationAsync();
        migration.Difference.ShouldBe(SchemaPatchDifference.None, "Marten would drop or change them");
    }

    [Fact]
    public async Task an_index_of_an_older_shape_and_what_a_stopped_start_left_are_replaced_and_one_of_the_right_shape_is_kept()
    {
        await StoreAsync(Portfolio());
        await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await PeriodRows.EnsureIndexesAsync(_ => { }, CancellationToken.None);
        var table = ((IReadOnlyStoreOptions)Store.Options).Schema.For<ScorePeriod>(qualified: false);
        await using (var owner = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!))
        await using (var older = owner.CreateCommand(
            // The index of the dates as an older app made it (no score carried), and a build the app was killed during.
            $"drop index {Schema}.{ScoreHistoryViews.AtDateIndex}; " +
            $"create index {ScoreHistoryViews.AtDateIndex} on {Schema}.{table} (grid, \"to\", \"from\"); " +
            $"create index {ScoreHistoryViews.Building(ScoreHistoryViews.AtDateIndex)} on {Schema}.{table} (grid); " +
            // And an index replaced by a start stopped before it could drop it.
            $"create index {ScoreHistoryViews.Replaced(ScoreHistoryViews.OrderIndex)} on {Schema}.{table} (grid)"))
            await older.ExecuteNonQueryAsync();
        var before = await IndexesAsync();

        var made = new List<string>();
        (await PeriodRows.EnsureIndexesAsync(made.Add, CancellationToken.None))
            .ShouldBe([ScoreHistoryViews.AtDateIndex]);
        made.ShouldBe([ScoreHistoryViews.AtDateIndex]);

        (await IndexesAsync()).ShouldBe(before.Select(x => x.StartsWith($"{ScoreHistoryViews.AtDateIndex}:", StringComparison.Ordinal)
            ? $"{ScoreHistoryViews.AtDateIndex}: {ScoreHistoryViews.IndexShapes.Single(i => i.Name == ScoreHistoryViews.AtDateIndex).Shape[1..^1]}" : x).ToList());
        (await ReadAsync($"select count(*) from pg_indexes where schemaname = '{Schema}' and (indexname like '%\\_new' or indexname like '%\\_old')"))
            .ShouldBe(["0"]);
        (await PeriodRows.EnsureIndexesAsync(_ => { }, CancellationToken.None)).ShouldBeEmpty();
    }

    // The score history's own indexes, in name order, as PostgreSQL describes them.
    private async Task<List<string>> IndexesAsync()
    {
        var table = ((IReadOnlyStoreOptions)Store.Options).Schema.For<ScorePeriod>(qualified: false);
        return await ReadAsync(
            $"select indexname || ': ' || substring(indexdef from '\\((.*)\\)$') from pg_indexes where schemaname = '{Schema}' " +
            $"and tablename = '{table}' and indexname in ({string.Join(", ", ScoreHistoryViews.IndexShapes.Select(x => $"'{x.Name}'"))}) order by 1");
    }

    /// <summary>Three projects under grid v1 (and one period under v2), whose figures the README's queries give.</summary>
    private static List<ScorePeriod> Portfolio() =>
    [
        Period("P001", "v1", "2018-03-01", "2019-06-01", "idea", 10, [1, 0.5, 0.25, 0]),
        Period("P001", "v1", "2019-06-01", "2021-01-15", "collective", 18, [2, 1.5, 1, 0.5]),
        Period("P001", "v1", "2021-01-15", null, "operating", 27, [3, 2.5, 2, 1.5], legalForm: "scic", path: "newLegalEntity"),
        Period("P001", "v2", "2018-03-01", null, "idea", 20),
        Period("P002", "v1", "2019-02-01", "2020-09-01", "collective", 14, context: "nationalProgramme"),
        Period("P002", "v1", "2020-09-01", "2022-03-01", "structuring", 22, context: "nationalProgramme", path: "extensionOfExistingStructure"),
        Period("P002", "v1", "2022-03-01", null, "stopped", 12, context: "nationalProgramme", stoppedOn: "2022-03-01"),
        Period("P003", "v1", "2020-05-01", null, "idea", 8),
    ];

    // Each project's emergence, the first day of its first period (as the projection writes it).
    private static readonly Dictionary<string, DateOnly> Emergence = new()
    {
        ["P001"] = new(2018, 3, 1), ["P002"] = new(2019, 2, 1), ["P003"] = new(2020, 5, 1),
    };

    private static readonly Dictionary<string, (Guid Id, string Name, int Year)> Projects = new()
    {
        ["P001"] = (Guid.Parse("0b6f3c1e-0000-4000-8000-000000000001"), "Les Paniers", 2018),
        ["P002"] = (Guid.Parse("0b6f3c1e-0000-4000-8000-000000000002"), "La Recyclerie", 2019),
        ["P003"] = (Guid.Parse("0b6f3c1e-0000-4000-8000-000000000003"), "Jardins partagés", 2020),
    };

    private static ScorePeriod Period(string key, string grid, string from, string? to, string stage, int score, double[]? pillars = null,
        string context = "localProgramme", string? legalForm = null, string? path = null, string? stoppedOn = null)
    {
        var (id, name, year) = Projects[key];
        var start = DateOnly.Parse(from, CultureInfo.InvariantCulture);
        return new ScorePeriod
        {
            Id = ScorePeriod.IdOf(id, grid, start), ProjectId = id, Grid = grid, From = start,
            To = to is null ? null : DateOnly.Parse(to, CultureInfo.InvariantCulture),
            Key = key, Name = name, Sector = "alimentation", Commune = "Lons-le-Saunier", EmergedOn = Emergence[key],
            EmergenceYear = year, EmergenceContext = context, HubRole = "animator",
            Stage = stage, Score = score, MaxScore = 39, EctPotential = score >= 26,
            Pillars = Grid.PillarIds.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => pillars?[x.i] ?? 0.75),
            LegalForm = legalForm, Path = path, HubAccompanimentActive = score < 20, CarrierPresent = score >= 14,
            PublicShare = score / 40.0, ActiveActors = score / 5,
            StoppedOn = stoppedOn is null ? null : DateOnly.Parse(stoppedOn, CultureInfo.InvariantCulture),
        };
    }

    private static readonly Dictionary<string, string> Labels = new()
    {
        ["idea"] = "Idée", ["collective"] = "Collectif", ["structuring"] = "Structuration", ["operating"] = "En activité",
        ["stopped"] = "Arrêté", ["scic"] = "SCIC", ["newLegalEntity"] = "Nouvelle entité juridique",
        ["extensionOfExistingStructure"] = "Extension d'une structure existante", ["localProgramme"] = "Programme local animé par le pôle",
        ["nationalProgramme"] = "Programme national", ["animator"] = "Animateur",
    };

    private static List<string> Rows(IEnumerable<ScorePeriod> periods) => periods
        .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Grid, StringComparer.Ordinal).ThenBy(p => p.From)
        .Select(Row).ToList();

    private static string Row(ScorePeriod p)
    {
        string[] cells =
        [
            p.ProjectId.ToString(), p.Key, p.Name, p.Grid, Text(p.From), Text(p.To), p.Stage, Labels[p.Stage], Text(p.Score), Text(p.MaxScore),
            Text(p.EctPotential), .. Grid.PillarIds.Select(x => Text(p.Pillars[x])),
            Text(p.LegalForm), Label(p.LegalForm), Text(p.Path), Label(p.Path), Text(p.EmergenceYear), p.EmergenceContext, Labels[p.EmergenceContext],
            p.HubRole, Labels[p.HubRole], Text(p.HubAccompanimentActive), Text(p.CarrierPresent), Text(p.PublicShare), Text(p.ActiveActors), Text(p.StoppedOn),
        ];
        return string.Join(" | ", cells);
    }

    private static string Label(string? wire) => wire is null ? "∅" : Labels[wire];

    private static string Text(object? value) => value switch
    {
        null => "∅",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double x => x.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    private async Task<List<ScorePeriod>> StoreAsync(List<ScorePeriod> periods)
    {
        await using var session = Store.LightweightSession();
        session.Store(periods.ToArray());
        await session.SaveChangesAsync();
        return periods;
    }

    /// <summary>Runs <paramref name="sql"/> connected as the analysts' role, as the role's settings leave it (its search_path).</summary>
    private async Task<List<string>> ReadAsync(string sql)
    {
        var password = Environment.GetEnvironmentVariable("ECT_READER_PASSWORD");
        if (string.IsNullOrEmpty(password))
            throw new InvalidOperationException("ECT_READER_PASSWORD is not set: run the tests with deploy/test, which creates the role ect_reader");
        var builder = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING"))
        {
            Username = ScoreHistoryViews.ReaderRole, Password = password, Pooling = false,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using (var schema = new NpgsqlCommand("select current_schema()", connection))
            (await schema.ExecuteScalarAsync() as string).ShouldBe(Schema, "the role's search_path in this database (deploy/lib/reader.sh)");
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => Text(reader.IsDBNull(i) ? null : reader.GetValue(i)))));
        return rows;
    }

    private static Dictionary<string, string> ReadmeQueries() =>
        Regex.Matches(Readme(), @"<!-- analyst-query: (?<name>[a-z-]+) -->\s*```sql\n(?<sql>.*?)```", RegexOptions.Singleline)
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["sql"].Value);

    /// <summary>The README's table of the views' columns: a row may name several columns of one type.</summary>
    private static List<(string, string)> DocumentedColumns()
    {
        var readme = Readme();
        var table = readme[readme.IndexOf("| column | type |", StringComparison.Ordinal)..];
        return table.Split('\n').Skip(2).TakeWhile(line => line.StartsWith('|'))
            .Select(line => line.Split('|'))
            .SelectMany(cells => Regex.Matches(cells[1], "`([a-z_]+)`").Select(m => (m.Groups[1].Value, cells[2].Trim().Trim('`'))))
            .ToList();
    }

    private static string Readme() => File.ReadAllText(Path.Combine(BuiltApp.RepositoryRoot(), "README.md"));
}
