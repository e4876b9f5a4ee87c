using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EctLifecycle.ScoreHistory;

/// <summary>Registers the score history with Marten: its document's columns and indexes, and its inline projection.</summary>
public static class ScoreHistorySchema
{
    public static void Register(StoreOptions opts, Scoring.GridCatalog grids, Func<EventStore.IEventRows> rows, Func<EventStore.IScorePeriodRows> periodRows)
    {
        // Columns of their own for what the portfolio's questions filter and sort by. Marten gives each duplicated column an
        // index on that column alone (its composite indexes write the column names unquoted, and "from" and "to" are SQL
        // keywords): the composite indexes the questions need are made by the start-up (ScoreHistoryViews.IndexShapes),
        // and Marten is told to leave them in place.
        // No question reads "to", "from" or the registration sequence alone: those three columns are read through the
        // composite indexes, so Marten's own index of each is made partial on a predicate no row meets (WHERE false), which
        // holds no entry and costs a write nothing. Measured at S (82,000 periods copied, docs/benchmarks.md): the three
        // single-column indexes were about a quarter of the time PostgreSQL took to store the periods.
        // The project's own periods are found through the covering index of (project, grid) the start-up makes
        // (ScoreHistoryViews.ProjectIndex), which also carries the dates, the score and the pillars' means: the drifts and the
        // arcs read those from the index alone, not from the documents. The score and the means are duplicated for that
        // (ScorePeriod.ValueColumns), and need no index of their own either.
        var periods = opts.Schema.For<ScorePeriod>()
            .Duplicate(p => p.ProjectId, configure: Unused)
            // The periods holding now: the current portfolio under a grid.
            .Duplicate(p => p.Grid, configure: i => (i.Name, i.Predicate) = ("mt_doc_scoreperiod_current", "\"to\" is null"))
            .Duplicate(p => p.To, configure: Unused)
            .Duplicate(p => p.From, configure: Unused)
            .Duplicate(p => p.RegistrationSequence, configure: Unused)
            .Duplicate(p => p.Score, configure: Unused)
            .Duplicate(p => p.CollectiveOwnershipMean, configure: Unused)
            .Duplicate(p => p.TerritorialAnchoringMean, configure: Unused)
            .Duplicate(p => p.HybridEconomicModelMean, configure: Unused)
            .Duplicate(p => p.TerritorialResilienceMean, configure: Unused)
            // The facts the portfolio's figures, the order of its pages, the sample and the drifts' members read
            // (ScorePeriod.FactColumns), carried in the index of the dates (ScoreHistoryViews.AtDateIndex): no index of their
            // own either.
            .Duplicate(p => p.Key, configure: Unused)
            .Duplicate(p => p.Name, configure: Unused)
            .Duplicate(p => p.Stage, configure: Unused)
            .Duplicate(p => p.LegalForm!, configure: Unused)
            .Duplicate(p => p.EmergenceContext, configure: Unused)
            .Duplicate(p => p.CarrierPresent, configure: Unused)
            .Duplicate(p => p.EctPotential, configure: Unused)
            .Duplicate(p => p.Sector, configure: Unused)
            .Duplicate(p => p.HubRole, configure: Unused)
            .Duplicate(p => p.EmergenceYear, configure: Unused)
            .Duplicate(p => p.EverAccompaniedByHub, configure: Unused)
            .Duplicate(p => p.StoppedOn!, configure: Unused)
            .Duplicate(p => p.EmergedOn, configure: Unused)
            .Duplicate(p => p.FirstHubSupportEndedOn!, configure: Unused)
            .Duplicate(p => p.FirstLegalFormAdoptedOn!, configure: Unused)
            .Duplicate(p => p.FirstCarrierLostOn!, configure: Unused)
            .Duplicate(p => p.FirstFundingOn!, configure: Unused)
            .Duplicate(p => p.Commune, configure: Unused)
            .Duplicate(p => p.HubAccompanimentActive, configure: Unused)
            // The anniversaries of the alignment anchors, read by the aligned drift from an index of the periods that have some
            // (ScoreHistoryViews.AnniversariesIndex).
            .Duplicate(p => p.Anniversaries!, configure: Unused);
        foreach (var (name, _) in ScoreHistoryViews.IndexShapes)
        {
            periods.IgnoreIndex(name);
            periods.IgnoreIndex(ScoreHistoryViews.Building(name));
            periods.IgnoreIndex(ScoreHistoryViews.Replaced(name));
        }
        // Who was in each project and when, written with its periods (ScoreHistoryProjection.Replace, ImportedPeriods).
        opts.Schema.For<ProjectStints>();
        // The grid file each grid's periods were last all computed from: the start-up check reads it, not every period.
        opts.Schema.For<ScoreHistoryGrid>();
        var projection = new ScoreHistoryProjection(grids, rows, periodRows);
        Registered.AddOrUpdate(opts, projection);
        opts.Projections.Add(projection, ProjectionLifecycle.Inline, ScoreHistoryProjection.Name);
        // A rebuild reads every stored row in order: a row the app cannot read (an event type of another version of the app)
        // must not stop it. Skipping it loses nothing here: the projection folds each stream again with the app's own reader,
        // which skips those rows too, whenever any event of the stream is read (as every read of the app does).
        opts.Projections.RebuildErrors.SkipUnknownEvents = true;
        opts.Projections.RebuildErrors.SkipSerializationErrors = true;
    }

    private static void Unused(Marten.Schema.DocumentIndex index) => index.Predicate = "false";

    /// <summary>
    /// Adds the periods' columns the store lacks, empty, before Marten's schema check (Program.cs):
    /// <see cref="EventStore.IScorePeriodRows.AddMissingColumnsAsync"/>. A refusal of PostgreSQL (a role without the right to
    /// alter the table, a lock not obtained in a minute) is logged, and Marten's check adds them itself, filling them.
    /// </summary>
    public static async Task AddMissingColumnsAsync(IServiceProvider services, ILogger log)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var table = ((IReadOnlyStoreOptions)store.Options).Schema.For<ScorePeriod>(qualified: false);
        try
        {
            var added = await services.GetRequiredService<EventStore.IScorePeriodRows>().AddMissingColumnsAsync(CancellationToken.None);
            if (added.Count > 0)
                log.LogInformation("Historique des scores : colonnes ajoutées, vides ({Colonnes}) ; le démarrage de l'application les remplit en arrière-plan.",
                    string.Join(", ", added));
        }
        catch (Npgsql.PostgresException e)
        {
            log.LogWarning(e, "Historique des scores : ajout des colonnes de la table des périodes refusé ({Table}) ; le contrôle du schéma de Marten les ajoutera en les remplissant.", table);
        }
    }

    /// <summary>
    /// Makes the periods' indexes from the command line, as the app's start does in its background
    /// (<see cref="ScoreHistoryCheck"/>): before Marten's command <c>projections rebuild</c> (Program.cs), which rewrites
    /// each project's periods through the index of (project, grid), and after an <c>import</c> or a <c>demo</c> into a store
    /// no start has indexed yet, so that the analysts' views and the app's questions are indexed from the first.
    /// Without them, the rebuild read the whole table for each project (at M, 1% of it in its 5 minutes). A store
    /// without the table yet has nothing to index (nothing is said): Marten makes the table, and the next start the indexes.
    /// <paramref name="beforeRebuild"/>: said before the rebuild, else after a write of periods.
    /// </summary>
    public static async Task EnsureIndexesAsync(IServiceProvider services, TextWriter say, bool beforeRebuild)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var made = await services.GetRequiredService<EventStore.IScorePeriodRows>().EnsureIndexesAsync(
                name => say.WriteLine(beforeRebuild
                    ? $"Historique des scores : construction de l'index {name} avant la reconstruction…"
                    : $"Historique des scores : construction de l'index {name} des périodes importées…"), CancellationToken.None);
            if (made.Count > 0)
                say.WriteLine(string.Create(System.Globalization.CultureInfo.GetCultureInfo("fr-FR"),
                    $"Historique des scores : {made.Count} index construits en {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s."));
        }
        // Refused (a role without the right to index the table, a column a refused migration did not add, a lost connection):
        // said; the rebuild runs as Marten's command does by itself, slower without the indexes, and the import stands.
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            var reason = e.Message.Split('\n')[0];
            say.WriteLine(beforeRebuild
                ? $"Historique des scores : les index n'ont pas pu être construits avant la reconstruction ({reason}) ; " +
                  "elle lira toute la table pour chaque projet, ce qui est très lent au-delà de quelques milliers de projets : démarrez l'application une fois pour qu'elle les construise."
                : $"Historique des scores : les index n'ont pas pu être construits après l'import ({reason}) ; " +
                  "l'import est enregistré, et le prochain démarrage de l'application les construira.");
        }
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<StoreOptions, ScoreHistoryProjection> Registered = new();

    /// <summary>The projection registered with the store (its grids are the catalog's).</summary>
    public static ScoreHistoryProjection Projection(IDocumentStore store) =>
        Registered.TryGetValue((StoreOptions)store.Options, out var projection)
            ? projection : throw new InvalidOperationException("the score history projection is not registered with this store");
}
