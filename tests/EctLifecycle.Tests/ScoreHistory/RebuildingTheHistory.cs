using System.Net;
using EctLifecycle.ScoreHistory;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.ScoreHistory;

/// <summary>The admin route rebuilds the score history through Marten's daemon: stale and missing periods are folded anew.</summary>
public class RebuildingTheHistory(AppFixture app) : ApiTest(app)
{
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();
    private GridCatalog Grids => App.Host.Services.GetRequiredService<GridCatalog>();

    private static readonly DateOnly[] Dates = [new(2017, 1, 1), new(2018, 3, 1), new(2018, 5, 1), new(2019, 1, 1), new(2019, 6, 1), new(2026, 1, 1)];

    [Fact]
    public async Task periods_of_a_changed_grid_file_or_of_a_new_grid_are_seen_as_stale_and_rebuilt_by_the_admin_route()
    {
        var a = await RegisterAsync("A");
        var b = await RegisterAsync("B", "2017-06-01");
        await LogAsync(a, Actor("Mairie", "2018-05-01", "publicBody"));
        var late = await LogAsync(b, Actor("Amap", "2019-05-01"));
        await LogAsync(b, Actor("Ferme", "2018-01-01", "farmer"));
        await LogAsync(b, new { type = "retraction", occurredOn = "2020-01-01", retractedEventId = late, reason = "doublon" });
        await using (var session = Store.QuerySession()) (await ScoreHistoryRebuild.StaleAsync(session, Grids, default)).ShouldBeNull();

        // As if v1's file had changed since its periods were computed, and v2 were a new grid file.
        var schema = Store.Options.DatabaseSchemaName;
        await using (var db = Npgsql.NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!))
        {
            await using var stale = db.CreateCommand(
                $"update {schema}.mt_doc_scoreperiod set data = jsonb_set(data, '{{gridFingerprint}}', '\"0000\"') where grid = 'v1'; " +
                $"delete from {schema}.mt_doc_scoreperiod where grid = 'v2'");
            await stale.ExecuteNonQueryAsync();
        }
        await using (var session = Store.QuerySession())
        {
            var why = await ScoreHistoryRebuild.StaleAsync(session, Grids, default);
            why.ShouldNotBeNull();
            why.ShouldContain("la grille v2 n'a encore aucune période");
            why.ShouldContain("les périodes de la grille v1 ont été calculées d'une autre version de son fichier");
        }

        var vacuumed = await VacuumsAsync();
        (await Client.PostAsync("/api/admin/projections/rebuild", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using (var session = Store.QuerySession()) (await ScoreHistoryRebuild.StaleAsync(session, Grids, default)).ShouldBeNull();
        foreach (var id in new[] { a, b }) await PeriodOracle.ShouldEqualTheFoldAsync(Store, Grids, id, Dates);
        // Every row rewritten, then vacuumed by the rebuild itself (not left to PostgreSQL's autovacuum, counted apart):
        // the periods' and the stints' tables.
        // (At least once: a start-up check of the test host may rebuild, and vacuum, meanwhile.)
        var after = await VacuumsAsync();
        after.Zip(vacuumed).ShouldAllBe(x => x.First > x.Second);

        // The rebuild noted each grid's file: the check now reads that mark, not every period (at L, a scan of 8.6 million
        // rows).
        await using (var session = Store.LightweightSession())
        {
            var marks = await session.Query<ScoreHistoryGrid>().ToListAsync();
            marks.Select(m => (m.Id, m.Fingerprint)).OrderBy(m => m.Id).ShouldBe(Grids.All.Select(g => (g.Version, ScorePeriods.Fingerprint(g))).OrderBy(m => m.Item1));
            session.Store(new ScoreHistoryGrid { Id = "v1", Fingerprint = "0000" });
            await session.SaveChangesAsync();
        }
        // A mark of another file over periods all of this one: what Marten's command `projections rebuild` leaves (it notes no
        // mark). Not stale: the start marks the file instead of rebuilding a second time.
        await using (var session = Store.QuerySession()) (await ScoreHistoryRebuild.StaleAsync(session, Grids, default)).ShouldBeNull();
        // A mark of another file and one period of it: a changed grid, and the next rebuild notes the file again.
        await using (var db = Npgsql.NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!))
        await using (var older = db.CreateCommand(
            $"update {schema}.mt_doc_scoreperiod set data = jsonb_set(data, '{{gridFingerprint}}', '\"0000\"') " +
            $"where id = (select min(id) from {schema}.mt_doc_scoreperiod where grid = 'v1')"))
            (await older.ExecuteNonQueryAsync()).ShouldBe(1);
        await using (var session = Store.QuerySession())
            (await ScoreHistoryRebuild.StaleAsync(session, Grids, default)).ShouldBe("les périodes de la grille v1 ont été calculées d'une autre version de son fichier ou par une version de l'application qui y stockait moins");
        (await Client.PostAsync("/api/admin/projections/rebuild", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using (var session = Store.QuerySession()) (await ScoreHistoryRebuild.StaleAsync(session, Grids, default)).ShouldBeNull();
    }

    [Fact]
    public async Task a_project_without_its_stints_or_an_archived_streams_stints_are_seen_as_stale_and_mended_by_the_rebuild()
    {
        var a = await RegisterAsync("A");
        var b = await RegisterAsync("B", "2017-06-01");
        await LogAsync(a, Actor("Mairie", "2018-05-01", "publicBody"));
        await using (var session = Store.QuerySession()) (await ScoreHistoryRebuild.StaleAsync(session, Grids, default)).ShouldBeNull();

        // A's stints lost (an app older than them, or a rebuild stopped midway) and B archived from outside the app.
        var schema = Store.Options.DatabaseSchemaName;
        await using (var db = Npgsql.NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")!))
        {
            await using var older = db.CreateCommand(
                $"delete from {schema}.mt_doc_projectstints where id = '{a}'; " +
                $"update {Store.Options.Events.DatabaseSchemaName}.mt_streams set is_archived = true where id = '{b}'");
            await older.ExecuteNonQueryAsync();
        }
        await using (var session = Store.QuerySession())
        {
            var why = await ScoreHistoryRebuild.StaleAsync(session, Grids, default);
            why.ShouldNotBeNull();
            why.ShouldContain("des projets n'ont pas encore leurs acteurs projetés");
            why.ShouldContain("des projets archivés ont encore leurs périodes");
        }

        (await Client.PostAsync("/api/admin/projections/rebuild", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using (var session = Store.QuerySession())
        {
            (await ScoreHistoryRebuild.StaleAsync(session, Grids, default)).ShouldBeNull();
            (await session.LoadAsync<ProjectStints>(a)).ShouldNotBeNull();
            (await session.LoadAsync<ProjectStints>(b)).ShouldBeNull();
            (await session.Query<ScorePeriod>().CountAsync(p => p.ProjectId == b)).ShouldBe(0);
        }
    }

    // How many times each of the periods' and the stints' tables was vacuumed by a command (PostgreSQL's statistics).
    private async Task<long[]> VacuumsAsync()
    {
        var options = (IReadOnlyStoreOptions)Store.Options;
        var tables = new[] { options.Schema.For<ScorePeriod>(qualified: false), options.Schema.For<ProjectStints>(qualified: false) };
        await using var session = Store.QuerySession();
        var counts = new List<long>();
        foreach (var table in tables)
            counts.Add((await session.AdvancedSql.QueryAsync<long>(
                "select vacuum_count from pg_stat_user_tables where schemaname = ? and relname = ?", default, options.DatabaseSchemaName, table)).Single());
        return [.. counts];
    }
}
