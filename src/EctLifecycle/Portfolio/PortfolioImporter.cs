using EctLifecycle.Timelines;
using EctLifecycle.EventStore;
using EctLifecycle.Journal;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using Marten;
using System.Text;
using System.Threading.Channels;
using Npgsql;

namespace EctLifecycle.Portfolio;

public sealed record ImportProgress(string Stage, int Done, int Total);

/// <summary>What an import did, or its first errors by sheet and row and how many there were in all.</summary>
public sealed record ImportResult(ImportSummary? Summary, IReadOnlyList<ImportError> Errors, int ErrorCount)
{
    public bool Ok => ErrorCount == 0;

    public static ImportResult Done(ImportSummary summary) => new(summary, [], 0);

    public static ImportResult Failed(ImportPlan plan) => new(null, plan.Errors, plan.ErrorCount);

    /// <summary>« 3 erreurs », or « Les 200 premières erreurs sur 200 000 » when the list is cut.</summary>
    public string ErrorCountText => ErrorCount > Errors.Count
        ? $"Les {Errors.Count} premières erreurs sur {ErrorCount.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"))}"
        : $"{ErrorCount} erreur{(ErrorCount > 1 ? "s" : "")}";
}

/// <summary>
/// Imports a portfolio file all or nothing: plans it against what is stored and writes every new stream and appended
/// event in one database transaction. The write starts with the plan: each project is written (in batches) as soon as
/// it is planned, so PostgreSQL's work overlaps the app's; the first error stops the writing, the plan goes on to
/// report every error, and the transaction is rolled back.
/// </summary>
public sealed class PortfolioImporter(
    IDocumentStore store, NpgsqlDataSource database, GridCatalog grids, BusinessCalendar calendar, ImportLimits? limits = null,
    Plans.PlanBook? plans = null, IEventRows? rows = null)
{
    private readonly IEventRows _rows = rows ?? new MartenEventRows(store, database);
    private readonly IScorePeriodRows _periodRows = store.PeriodRows();
    private readonly int _maxErrors = (limits ?? ImportLimits.Default).MaxErrors;

    /// <summary>Events copied per batch (smaller in tests, to see batches written before a plan fails).</summary>
    internal int EventsPerBatch { get; init; } = 10_000;
    /// <summary>Called after each batch is copied, with the events copied so far (tests).</summary>
    internal Action<int>? AfterBatch { get; init; }
    /// <summary>Called after each batch is copied, on the import's connection, inside its transaction (tests).</summary>
    internal Func<NpgsqlConnection, Task>? InTransaction { get; init; }
    // Planned projects waiting for the writer: more than a batch (~200 projects), so that the planner goes on while
    // PostgreSQL copies, and few enough to bound the memory they hold (measured at 64: the writer waited 1.5 s for them).
    private const int ProjectsAhead = 512;

    /// <summary>
    /// Imports <paramref name="file"/>, its facts logged by <paramref name="loggedBy"/>; the journal's entry is signed by
    /// <paramref name="who"/> (by default the same: the signed-in user; a command on the server signs as such).
    /// </summary>
    public async Task<ImportResult> ImportAsync(
        PortfolioFile file, bool dryRun, string loggedBy, IProgress<ImportProgress>? progress, CancellationToken ct, string? who = null)
    {
        var rows = file.RowCount;
        var stage = dryRun ? "vérification" : "vérification et écriture";
        progress?.Report(new ImportProgress(stage, 0, rows));
        var existing = await LoadExistingAsync(file, ct);
        var directory = await LoadDirectoryAsync(file, ct);
        var lineage = await LoadLineageAsync(file, ct);
        var plan = new ImportPlan { RowsRead = rows, MaxErrors = _maxErrors };
        var planned = progress is null ? null : new Reported<int>(done => progress.Report(new ImportProgress(stage, done, rows)));

        if (dryRun)
        {
            await ImportPlanner.PlanAsync(file, existing, grids, calendar.Today, loggedBy, plan, null, planned, ct, directory, lineage);
            return plan.ErrorCount > 0 ? ImportResult.Failed(plan) : ImportResult.Done(plan.Summary(true));
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var channel = Channel.CreateBounded<PlannedProject>(new BoundedChannelOptions(ProjectsAhead) { SingleReader = true, SingleWriter = true });
        var planning = Task.Run(async () =>
        {
            try
            {
                await ImportPlanner.PlanAsync(file, existing, grids, calendar.Today, loggedBy, plan, channel.Writer, planned, cancel.Token, directory, lineage);
                channel.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                channel.Writer.TryComplete(ex);
                throw;
            }
        }, CancellationToken.None);
        // The streams the file names, moved only from the version the plan reads (locked first thing in the transaction).
        var appendedTo = existing.Values.DistinctBy(p => p.Id).Select(p => (p.Id, p.Timeline.Version)).ToList();
        var naming = new List<IProjectEvent>();
        try
        {
            await WriteAsync(NotingDirectoryIds(channel.Reader.ReadAllAsync(cancel.Token), naming), appendedTo, plan, async () =>
            {
                await planning;
                return !plan.Failed;
            }, progress, cancel.Token, async transaction =>
            {
                await LinkNamesAsync(transaction, naming, cancel.Token);
                await JournalAsync(transaction, file, who ?? loggedBy, loggedBy, plan.Summary(false), cancel.Token);
            },
                new ScoreHistory.ImportedPeriods(store, _rows, _periodRows, grids, existing.Values.DistinctBy(p => p.Id).ToDictionary(p => p.Id, p => p.Timeline)));
        }
        catch (Exception ex) when (ex is ConcurrentImportException or PostgresException { SqlState: "23505" })
        {
            await cancel.CancelAsync();
            await Task.WhenAny(planning);
            return new ImportResult(null, [new ImportError(ImportError.WholeFile, 0, null,
                "un des projets a été modifié pendant l'import (ou importé en même temps) : rien n'a été écrit, relancez l'import")], 1);
        }
        catch
        {
            await cancel.CancelAsync();
            await Task.WhenAny(planning);
            throw;
        }
        if (plan.ErrorCount > 0) return ImportResult.Failed(plan);
        return ImportResult.Done(plan.Summary(false));
    }

    /// <summary>
    /// The plans of a batch's projects (made by the rules, closed by the imported milestones), in the import's transaction,
    /// from the timelines the batch's score history was folded from: written with the events, or not at all, and no
    /// project read back.
    /// </summary>
    private async Task SyncPlansAsync(NpgsqlTransaction transaction, IReadOnlyList<ProjectTimeline> timelines, CancellationToken ct)
    {
        if (plans is null || timelines.Count == 0) return;
        await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));
        var changes = await plans.SyncManyAsync(session, timelines.ToAsyncEnumerable(), watch: false, ct,
            onlyOf: [.. timelines.Select(t => t.Registration?.Event.ProjectId ?? Guid.Empty)]);
        if (changes.Any) await session.SaveChangesAsync(ct);
    }

    /// <summary>The planned projects handed on, the milestones among them that carry a directory id noted on the way.</summary>
    private static async IAsyncEnumerable<PlannedProject> NotingDirectoryIds(IAsyncEnumerable<PlannedProject> projects, List<IProjectEvent> naming)
    {
        await foreach (var project in projects)
        {
            naming.AddRange(project.Events.Where(e => Actors.DirectoryReferences.Named(e) is { Id: not null }));
            yield return project;
        }
    }

    /// <summary>
    /// The names as typed that the imported milestones link to the directory's entries by their ids, in the import's
    /// transaction, as the API links them (<see cref="Actors.DirectoryReferences.LinkOf"/>).
    /// </summary>
    private async Task LinkNamesAsync(NpgsqlTransaction transaction, IReadOnlyList<IProjectEvent> naming, CancellationToken ct)
    {
        if (naming.Count == 0) return;
        await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));
        if (await Actors.DirectoryReferences.LinkAllAsync(session, naming, ct) > 0) await session.SaveChangesAsync(ct);
    }

    /// <summary>The import in the journal, in its own transaction: written with it, or not at all.</summary>
    private async Task JournalAsync(
        NpgsqlTransaction transaction, PortfolioFile file, string who, string loggedBy, ImportSummary s, CancellationToken ct)
    {
        await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));
        var name = file.Name ?? "sans nom";
        Audit.Record(session, calendar.Time, AuditKind.Import, who,
            $"Import de « {name} » : {s.RowsRead} ligne(s) lue(s), {s.ProjectsCreated} projet(s) créé(s), " +
            $"{s.EventsAppended} événement(s) ajouté(s), {s.RowsSkipped} ligne(s) déjà importée(s).",
            details: new Dictionary<string, string>
            {
                ["file"] = name, ["rowsRead"] = $"{s.RowsRead}", ["projectsCreated"] = $"{s.ProjectsCreated}",
                ["eventsAppended"] = $"{s.EventsAppended}", ["rowsSkipped"] = $"{s.RowsSkipped}", ["loggedBy"] = loggedBy,
            });
        await session.SaveChangesAsync(ct);
    }

    /// <summary>Writes a whole plan (made with <see cref="ImportPlanner.Plan"/>) in one transaction.</summary>
    internal Task WriteAsync(ImportPlan plan, IProgress<ImportProgress>? progress, CancellationToken ct) =>
        WriteAsync(Each(plan.Projects), plan.Projects.Where(p => !p.IsNew).Select(p => (p.Id, p.CurrentVersion)).ToList(), plan,
            () => Task.FromResult(true), progress, ct);

    /// <summary>Planned projects handed on one by one, as the planner hands them to the writer.</summary>
    internal static async IAsyncEnumerable<PlannedProject> Each(IEnumerable<PlannedProject> projects)
    {
        foreach (var p in projects)
        {
            yield return p;
            await Task.CompletedTask;
        }
    }

    /// <summary>
    /// Writes planned projects in one transaction with PostgreSQL's binary COPY, into Marten's own tables and in
    /// Marten's own format (its serializer, event type names and sequence): the rows Marten's append would write, without
    /// a function call and a loop of INSERTs per stream. The streams the file appends to are locked first, at the
    /// versions the plan was made on (else nothing is written: <see cref="ConcurrentImportException"/>); keys are unique,
    /// so a project imported at the same time by someone else fails the whole import too. Once every project is read,
    /// <paramref name="mayCommit"/> decides between commit and rollback; a failed plan stops the writing at once.
    /// <paramref name="beforeCommit"/> adds its own writes to the transaction.
    /// </summary>
    internal async Task WriteAsync(IAsyncEnumerable<PlannedProject> projects, IReadOnlyList<(Guid Id, long Version)> appendedTo,
        ImportPlan plan, Func<Task<bool>> mayCommit, IProgress<ImportProgress>? progress, CancellationToken ct,
        Func<NpgsqlTransaction, Task>? beforeCommit = null, ScoreHistory.ImportedPeriods? periods = null)
    {
        var planOver = false;
        periods ??= new ScoreHistory.ImportedPeriods(store, _rows, _periodRows, grids, new Dictionary<Guid, ProjectTimeline>());
        var copied = new Queue<List<PlannedProject>>();
        await using var copy = await _rows.BeginCopyAsync(appendedTo, calendar.RecordingNow(), ct);
        copy.Stopped = () => plan.Failed;
        copy.AfterBatch = async written =>
        {
            // The batch's score history and plans, in the same transaction: the import goes around Marten's inline projection.
            var timelines = await periods.WriteAsync(copy.Transaction, copied.Dequeue(), copy.CopiedIds.Dequeue(), copy.RecordedAt, ct);
            await SyncPlansAsync(copy.Transaction, timelines, ct);
            AfterBatch?.Invoke(written);
            if (InTransaction is not null) await InTransaction(copy.Connection);
            // Once the plan is made, what is left is the write's: its own progress.
            if (progress is not null && planOver) progress.Report(new ImportProgress("écriture", written, plan.EventsPlanned));
        };
        var batch = new List<PlannedProject>();
        var events = 0;
        await foreach (var project in projects.WithCancellation(ct))
        {
            if (plan.Failed) continue;
            batch.Add(project);
            events += project.Events.Count;
            if (events < EventsPerBatch) continue;
            await NextBatchAsync();
        }
        await copy.FlushAsync();
        if (!await mayCommit()) return;
        planOver = true;
        await NextBatchAsync();
        await copy.CommitAsync(beforeCommit, ct);

        async Task NextBatchAsync()
        {
            if (batch.Count == 0 || plan.Failed) return;
            copied.Enqueue(batch);
            await copy.AddAsync(batch, ct);
            batch = [];
            events = 0;
        }
    }

    /// <summary>The directory actors the milestone sheet names by id that exist (the others are refused, row by row).</summary>
    private async Task<IReadOnlySet<Guid>> LoadDirectoryAsync(PortfolioFile file, CancellationToken ct)
    {
        var ids = ImportPlanner.DirectoryIds(file).ToArray();
        if (ids.Length == 0) return new HashSet<Guid>();
        await using var session = store.QuerySession();
        return (await session.Query<Actors.Actor>().Where(a => a.Id.IsOneOf(ids)).Select(a => a.Id).ToListAsync(ct)).ToHashSet();
    }

    /// <summary>The stored projects the milestone sheet names as sources (by key or id), and the stored lineage, when it names any.</summary>
    private async Task<ImportLineage> LoadLineageAsync(PortfolioFile file, CancellationToken ct)
    {
        var cells = ImportLineage.SourceCells(file);
        if (cells.Count == 0) return ImportLineage.None;
        await using var session = store.QuerySession();
        var stored = new Dictionary<string, string>();
        foreach (var cell in cells)
        {
            var id = await ProjectKey.ResolveAsync(session, cell);
            if (id != Guid.Empty && (await session.LoadTimelineAsync(id, ct))?.Registration?.Event is ProjectRegistered registered)
                stored[cell] = ProjectKey.Of(registered);
        }
        return new ImportLineage(stored, await BornOfKind.SourcesAsync(session, session.LoadTimelineAsync, ct));
    }

    /// <summary>The stored projects the file names: by the hub's key, or by project id for projects registered without one.</summary>
    private async Task<Dictionary<string, ExistingProject>> LoadExistingAsync(PortfolioFile file, CancellationToken ct)
    {
        var keys = file.Projects.Select(r => r["key"]).Concat(file.Milestones.Concat(file.Assessments).Select(r => r["projectKey"]))
            .OfType<string>().Where(k => ProjectKey.Problem(k) is null).Select(ProjectKey.Normalize).Distinct().ToList();
        if (keys.Count == 0) return [];

        await using var session = store.QuerySession();
        var byKey = (await session.LoadManyAsync<ProjectKey>(ct, keys)).ToDictionary(k => k.Id, k => k.ProjectId);
        foreach (var key in keys.Where(k => !byKey.ContainsKey(k)))
            if (Guid.TryParse(key, out var id)) byKey[key] = id;
        if (byKey.Count == 0) return [];

        var streams = await _rows.ReadStreamsAsync(byKey.Values.Distinct().ToList(), TimelineStore.Of(store).Skipped, ct);
        var timelines = streams.Where(s => s.IsProject).ToDictionary(s => s.Id, s => new ProjectTimeline(s.Entries, s.Version));
        return byKey.Where(k => timelines.ContainsKey(k.Value))
            .ToDictionary(k => k.Key, k => new ExistingProject(k.Value, timelines[k.Value]));
    }
}

/// <summary>Progress reported on the reporting thread, in order (<see cref="Progress{T}"/> posts it elsewhere, later).</summary>
internal sealed class Reported<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

