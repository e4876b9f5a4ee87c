using EctLifecycle.EventStore;
using EctLifecycle.Scoring;
using Marten;

namespace EctLifecycle.ScoreHistory;

/// <summary>
/// The score history rebuilt through Marten's projection daemon (as <c>projections rebuild -p ScoreHistory</c> does): every
/// event read again in order and each project's periods folded anew under the grids of the catalog.
/// </summary>
public static class ScoreHistoryRebuild
{
    /// <summary>The longest a rebuild may take before Marten gives up on it.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromHours(1);

    public static async Task RunAsync(IDocumentStore store, CancellationToken ct, ILogger? log = null)
    {
        var rows = store.PeriodRows();
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync(ScoreHistoryProjection.Name, Timeout, ct);
        // The replay rewrites the periods and stints of every live stream; those of a stream archived or gone since go.
        await rows.DeleteOrphansAsync(ct);
        await MarkAsync(store, ScoreHistorySchema.Projection(store).Grids, ct);
        // Every row rewritten: until a vacuum, the questions read the table's pages besides its covering indexes (at M,
        // the drifts three times slower: see MartenScorePeriodRows.VacuumSettings). The rebuild is done whatever the vacuum does:
        // a failed one is left to PostgreSQL's autovacuum.
        try
        {
            await rows.VacuumAsync(ct);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException)
        {
            log?.LogWarning(e, "Historique des scores reconstruit, mais sa table n'a pas pu être nettoyée (VACUUM) : les questions restent plus lentes jusqu'au passage de l'autovacuum de PostgreSQL");
        }
    }

    /// <summary>
    /// Notes that every grid's periods are computed from its file as the app reads it now (<see cref="ScoreHistoryGrid"/>):
    /// after a rebuild, and at a start that found them so.
    /// </summary>
    public static async Task MarkAsync(IDocumentStore store, GridCatalog grids, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.Store(grids.All.Select(g => new ScoreHistoryGrid { Id = g.Version, Fingerprint = ScorePeriods.Fingerprint(g), Marked = Guid.NewGuid() }).ToArray());
        await session.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Why the stored periods do not follow the grid files (in French), or null: a grid whose periods were computed from
    /// another version of its file, or a grid without periods while projects exist (a new grid file).
    /// </summary>
    public static async Task<string?> StaleAsync(IQuerySession session, GridCatalog grids, CancellationToken ct)
    {
        var reasons = new List<string>();
        var rows = session.DocumentStore.PeriodRows();
        if (!await rows.AnyStreamAsync(ct)) return null;
        var marked = (await session.Query<ScoreHistoryGrid>().ToListAsync(ct)).ToDictionary(m => m.Id, m => m.Fingerprint);
        foreach (var grid in grids.All)
        {
            var version = grid.Version;
            var fingerprint = ScorePeriods.Fingerprint(grid);
            if (!await session.Query<ScorePeriod>().AnyAsync(p => p.Grid == version, ct))
                reasons.Add($"la grille {version} n'a encore aucune période");
            // The grid's mark, when it is this file's, says so at once. Otherwise (a store older than the marks, a changed file, or
            // a rebuild by Marten's command `projections rebuild`, which notes no mark) the periods' own fingerprints say: the
            // first period of another file ends the read; a store whose periods are all of this file is read whole, once, and
            // then marked (at L, 4.3 million periods per grid: a scan of the whole table, longer than the command timeout).
            else if ((!marked.TryGetValue(version, out var mark) || mark != fingerprint)
                     && await rows.AnyOtherFingerprintAsync(version, fingerprint, ct))
                reasons.Add($"les périodes de la grille {version} ont été calculées d'une autre version de son fichier ou par une version de l'application qui y stockait moins");
        }
        // The stints came after the periods (an app older than them stored none, or a rebuild stopped midway), and a stream
        // archived from outside the app keeps its periods and stints until a rebuild: the rebuild mends both.
        var (missing, orphans) = await rows.StintsStateAsync(ct);
        if (missing) reasons.Add("des projets n'ont pas encore leurs acteurs projetés");
        if (orphans) reasons.Add("des projets archivés ont encore leurs périodes");
        return reasons.Count == 0 ? null : string.Join(" ; ", reasons);
    }
}

/// <summary>
/// At start, makes the score history's indexes a new version of the app changed (<see cref="ScoreHistoryViews.IndexShapes"/>),
/// then rebuilds the score history when a grid file is new or has changed since its periods were computed.
/// </summary>
public sealed class ScoreHistoryCheck(IDocumentStore store, IScorePeriodRows rows, GridCatalog grids, ILogger<ScoreHistoryCheck> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var made = await rows.EnsureIndexesAsync(
                name => log.LogInformation("Historique des scores : construction de l'index {Index}, sans bloquer les écritures…", name), stoppingToken);
            if (made.Count > 0)
                log.LogInformation("Historique des scores : {Nombre} index construits en {Secondes:0.0} s.", made.Count,
                    System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Historique des scores : la construction de ses index au démarrage a échoué (les questions sont plus lentes sans eux ; un redémarrage la relance)");
        }
        try
        {
            // One instance at a time checks and rebuilds: another one started with it after a grid changed waits, then finds
            // the periods rebuilt and only notes them, instead of rebuilding them a second time (at L, 25 minutes of both cores).
            var waited = false;
            await using var rebuilding = await rows.LockRebuildAsync( () =>
            {
                waited = true;
                log.LogInformation("Historique des scores : une autre instance le vérifie ou le reconstruit ; attente de la fin de son travail…");
            }, stoppingToken);
            string? stale;
            await using (var session = store.QuerySession()) stale = await ScoreHistoryRebuild.StaleAsync(session, grids, stoppingToken);
            if (stale is null)
            {
                await ScoreHistoryRebuild.MarkAsync(store, grids, stoppingToken);
                if (waited) log.LogInformation("Historique des scores à jour après l'attente : rien à reconstruire.");
                return;
            }
            log.LogWarning("Historique des scores à reconstruire : {Raison}. Reconstruction par le démon de projections de Marten…", stale);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await ScoreHistoryRebuild.RunAsync(store, stoppingToken, log);
            log.LogInformation("Historique des scores reconstruit en {Secondes:0.0} s.", System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Historique des scores : la reconstruction au démarrage a échoué (POST /api/admin/projections/rebuild la relance)");
        }
    }
}

/// <summary>
/// The fingerprint of the grid's rules its stored periods were all computed from (<see cref="ScorePeriods.Fingerprint"/>), noted
/// by a rebuild and by a start that found them so: the start-up check compares it with the file read now instead of reading every period's own
/// (<see cref="ScorePeriod.GridFingerprint"/>, which stays on each period for the analysts' view).
/// </summary>
public sealed class ScoreHistoryGrid
{
    /// <summary>The grid's version.</summary>
    public string Id { get; set; } = "";
    public string Fingerprint { get; set; } = "";
    /// <summary>A new value at each mark (a rebuild, a start's check): how the reports kept see a rebuild that moved no stream.</summary>
    public Guid Marked { get; set; }
}
