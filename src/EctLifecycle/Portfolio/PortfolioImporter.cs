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
    Plans.PlanBook? plans = null)
{
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
    private bool _schemaReady;

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
        var plan = new ImportPlan { RowsRead = rows, MaxErrors = _maxErrors };
        var planned = progress is null ? null : new Reported<int>(done => progress.Report(new ImportProgress(stage, done, rows)));

        if (dryRun)
        {
            await ImportPlanner.PlanAsync(file, existing, grids, calendar.Today, loggedBy, plan, null, planned, ct);
            return plan.ErrorCount > 0 ? ImportResult.Failed(plan) : ImportResult.Done(plan.Summary(true));
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var channel = Channel.CreateBounded<PlannedProject>(new BoundedChannelOptions(ProjectsAhead) { SingleReader = true, SingleWriter = true });
        var planning = Task.Run(async () =>
        {
            try
            {
                await ImportPlanner.PlanAsync(file, existing, grids, calendar.Today, loggedBy, plan, channel.Writer, planned, cancel.Token);
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
        var written = new HashSet<Guid>();
        try
        {
            await WriteAsync(Noted(channel.Reader.ReadAllAsync(cancel.Token), written), appendedTo, plan, async () =>
            {
                await planning;
                return !plan.Failed;
            }, progress, cancel.Token, transaction => JournalAsync(transaction, file, who ?? loggedBy, loggedBy, plan.Summary(false), cancel.Token));
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
        await SyncPlansAsync(written, ct);
        return ImportResult.Done(plan.Summary(false));
    }

    private static async IAsyncEnumerable<PlannedProject> Noted(IAsyncEnumerable<PlannedProject> projects, HashSet<Guid> ids)
    {
        await foreach (var p in projects)
        {
            ids.Add(p.Id);
            yield return p;
        }
    }

    /// <summary>
    /// The plans of the projects the import wrote (made by the rules, closed by the imported milestones), once the import is
    /// committed: on its own, since the import writes below Marten's sessions; a failure here loses no fact, and the day's
    /// job reconciles every project again.
    /// </summary>
    private async Task SyncPlansAsync(HashSet<Guid> ids, CancellationToken ct)
    {
        if (plans is null || ids.Count == 0) return;
        await using var session = store.LightweightSession();
        var timelines = new List<ProjectTimeline>();
        if (ids.Count > 50)
            timelines.AddRange((await session.LoadAllTimelinesAsync(ct)).Where(t => t.Registration is { } r && ids.Contains(r.Event.ProjectId)));
        else
            foreach (var id in ids)
                if (await session.LoadTimelineAsync(id, ct) is { } timeline) timelines.Add(timeline);
        await plans.SyncManyAsync(session, timelines, watch: false, ct);
        await session.SaveChangesAsync(ct);
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
        Func<NpgsqlTransaction, Task>? beforeCommit = null)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        var docs = store.Options.DatabaseSchemaName;
        var serializer = store.Options.Serializer();
        var typeNames = EventStoreSchema.StoredNames((StoreOptions)store.Options)
            .ToDictionary(n => n.Type, n => (Alias: Encoding.UTF8.GetBytes(n.Alias), DotNetName: Encoding.UTF8.GetBytes(n.DotNetName)));
        var tenant = Encoding.UTF8.GetBytes(EventStoreSchema.DefaultTenant);
        var recordedAt = calendar.RecordingNow();

        // COPY goes around Marten, which creates its tables on first use: a command-line import into a new database
        // (deploy/run's demo) must find them.
        if (!_schemaReady)
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            _schemaReady = true;
        }
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Each event row's foreign key to its stream is checked by a query PostgreSQL plans in this transaction from the
        // statistics of mt_streams: with those of a small table (a new store, or one analysed while it held a few
        // projects), the plan scans the table, which this very import then fills with thousands of streams: every check
        // scans them all (measured: 10,000 projects into the 44 of the demo, 2 min 26 s instead of 13 s). The import's
        // transaction plans with the streams' primary key instead.
        await using (var byKey = new NpgsqlCommand("set local enable_seqscan = off", connection, transaction))
            await byKey.ExecuteNonQueryAsync(ct);
        var keysCheckedOnce = await CheckKeysOnceAsync(connection, transaction, ct);

        if (appendedTo.Count > 0)
        {
            await using var check = new NpgsqlCommand(
                $"select s.id from {schema}.mt_streams s join unnest(@ids, @expected) as v(id, expected) " +
                "on s.id = v.id and s.version = v.expected for update of s", connection, transaction);
            check.Parameters.AddWithValue("ids", appendedTo.Select(p => p.Id).ToArray());
            check.Parameters.AddWithValue("expected", appendedTo.Select(p => p.Version).ToArray());
            var locked = 0;
            await using (var reader = await check.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) locked++;
            if (locked != appendedTo.Count) throw new ConcurrentImportException();
        }

        var planOver = false;
        var moved = new List<PlannedProject>();
        var batch = new List<PlannedProject>();
        var events = 0;
        var written = 0;
        // The batch PostgreSQL is copying while the next one is made ready: its rows are built as the last one is copied.
        Task writing = Task.CompletedTask;
        // The sequence numbers of the next batch, drawn on a connection of their own meanwhile (a sequence is outside
        // transactions: what a failed import drew is skipped, as with Marten's own appends).
        await using var numbers = await database.OpenConnectionAsync(ct);
        Task<long[]> drawing = Task.FromResult(Array.Empty<long>());
        try
        {
            await foreach (var project in projects.WithCancellation(ct))
            {
                if (plan.Failed) continue;
                batch.Add(project);
                events += project.Events.Count;
                if (events < EventsPerBatch) continue;
                await NextBatchAsync();
            }
            await writing;
            if (!await mayCommit()) return;
            planOver = true;
            await NextBatchAsync();
            await writing;
        }
        finally
        {
            // A failed read or plan leaves no copy running on the connection being closed.
            await Task.WhenAny(writing);
            await Task.WhenAny(drawing);
        }

        if (moved.Count > 0)
        {
            await using var move = new NpgsqlCommand(
                $"update {schema}.mt_streams s set version = v.next, timestamp = now() " +
                "from unnest(@ids, @expected, @next) as v(id, expected, next) where s.id = v.id and s.version = v.expected", connection, transaction);
            move.Parameters.AddWithValue("ids", moved.Select(p => p.Id).ToArray());
            move.Parameters.AddWithValue("expected", moved.Select(p => p.CurrentVersion).ToArray());
            move.Parameters.AddWithValue("next", moved.Select(p => p.CurrentVersion + p.Events.Count).ToArray());
            if (await move.ExecuteNonQueryAsync(ct) != moved.Count) throw new ConcurrentImportException();
        }
        if (beforeCommit is not null) await beforeCommit(transaction);
        await transaction.CommitAsync(ct);

        async Task NextBatchAsync()
        {
            if (batch.Count == 0 || plan.Failed) return;
            var ready = Prepare(batch);
            moved.AddRange(ready.Moved);
            batch = [];
            events = 0;
            var numbered = drawing = DrawAsync(drawing, ready.SequenceAt.Length);
            await writing;
            writing = WriteBatchAsync(ready, numbered);
        }

        async Task<long[]> DrawAsync(Task before, int count)
        {
            await before; // one command at a time on the connection
            var drawn = new long[count];
            await using var next = new NpgsqlCommand($"select nextval('{schema}.mt_events_sequence') from generate_series(1, $1) order by 1", numbers);
            next.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
            await using var reader = await next.ExecuteReaderAsync(ct);
            var i = 0;
            while (await reader.ReadAsync(ct)) drawn[i++] = reader.GetInt64(0);
            return drawn;
        }

        Batch Prepare(List<PlannedProject> projectsOfBatch)
        {
            // The event rows are written by hand in PostgreSQL's binary COPY format, the JSON of each event by Marten's
            // serializer straight into the same buffer: no string per body, no call per value. The sequence numbers are
            // drawn when the batch is copied, and written into the places left for them.
            var count = projectsOfBatch.Sum(p => p.Events.Count);
            var ids = BinaryCopy.Version7Ids(count, recordedAt);
            var copy = new BinaryCopy(count * 400);
            var sequenceAt = new int[count];
            var row = 0;
            foreach (var project in projectsOfBatch)
                for (var i = 0; i < project.Events.Count; i++, row++)
                {
                    var e = project.Events[i];
                    var names = typeNames[e.GetType()];
                    copy.StartRow(10);
                    sequenceAt[row] = copy.Int64Later();
                    copy.Uuid(ids.AsSpan(row * 16, 16));
                    copy.Uuid(project.Id);
                    copy.Int64(project.CurrentVersion + i + 1);
                    copy.Jsonb(body => serializer.WriteToCleanJson(body, e));
                    copy.Text(names.Alias);
                    copy.TimestampTz(recordedAt);
                    copy.Text(tenant);
                    copy.Text(names.DotNetName);
                    copy.Boolean(false);
                }
            return new Batch(projectsOfBatch.Where(p => p.IsNew).ToList(), projectsOfBatch.Where(p => !p.IsNew).ToList(), copy, sequenceAt);
        }

        async Task WriteBatchAsync(Batch ready, Task<long[]> numbered)
        {
            if (plan.Failed) return;
            // One round trip before the rows: the batch's new streams and their keys, and the check of its streams.
            await using (var before = new NpgsqlBatch(connection, transaction))
            {
                if (ready.Created.Count > 0)
                {
                    var streams = new NpgsqlBatchCommand(
                        $"insert into {schema}.mt_streams ({EventStoreSchema.StreamColumnsWritten}) " +
                        "select id, version, @at, @at, @tenant from unnest(@ids, @versions) as s(id, version)");
                    streams.Parameters.AddWithValue("at", recordedAt);
                    streams.Parameters.AddWithValue("tenant", EventStoreSchema.DefaultTenant);
                    streams.Parameters.AddWithValue("ids", ready.Created.Select(p => p.Id).ToArray());
                    streams.Parameters.AddWithValue("versions", ready.Created.Select(p => (long)p.Events.Count).ToArray());
                    before.BatchCommands.Add(streams);
                    var keys = new NpgsqlBatchCommand(
                        $"insert into {docs}.mt_doc_projectkey (id, data, mt_dotnet_type) " +
                        "select id, data::jsonb, @type from unnest(@keys, @data) as k(id, data)");
                    keys.Parameters.AddWithValue("type", typeof(ProjectKey).FullName!);
                    keys.Parameters.AddWithValue("keys", ready.Created.Select(p => p.Key).ToArray());
                    keys.Parameters.AddWithValue("data", ready.Created.Select(p => serializer.ToJson(new ProjectKey { Id = p.Key, ProjectId = p.Id })).ToArray());
                    before.BatchCommands.Add(keys);
                }
                var expected = ready.Created.Count + ready.Moved.Count;
                if (keysCheckedOnce)
                {
                    // The foreign key of the batch's rows, checked once per stream rather than once per row.
                    var check = new NpgsqlBatchCommand($"select count(*) from {schema}.mt_streams where id = any(@ids)");
                    check.Parameters.AddWithValue("ids", ready.Created.Concat(ready.Moved).Select(p => p.Id).ToArray());
                    before.BatchCommands.Add(check);
                }
                if (before.BatchCommands.Count > 0)
                {
                    await using var reader = await before.ExecuteReaderAsync(ct);
                    if (keysCheckedOnce && await reader.ReadAsync(ct) && reader.GetInt64(0) is var found && found != expected)
                        throw new InvalidOperationException($"{expected - found} stream(s) of the import are missing: nothing was written");
                }
            }
            var sequence = await numbered;

            for (var i = 0; i < sequence.Length; i++) ready.Copy.Patch(ready.SequenceAt[i], sequence[i]);
            await using (var raw = await connection.BeginRawBinaryCopyAsync(
                $"copy {schema}.mt_events ({EventStoreSchema.EventColumnsCopied}) " +
                "from stdin (format binary)", ct))
                await raw.WriteAsync(ready.Copy.Finish(), ct);
            written += sequence.Length;
            AfterBatch?.Invoke(written);
            if (InTransaction is not null) await InTransaction(connection);
            // Once the plan is made, what is left is the write's: its own progress.
            if (progress is not null && planOver) progress.Report(new ImportProgress("écriture", written, plan.EventsPlanned));
        }
    }

    /// <summary>
    /// PostgreSQL checks each event row's foreign key to its stream by a query of its own, which takes about as long as
    /// writing the row (measured at M: the COPY of the rows 4.6-5.0 s with it, 2.6 s without). Here every stream is
    /// known to exist while the transaction lasts: the new ones are written by it (and seen by no one else until it
    /// commits), the ones appended to are locked by it from the start. Where the role may (a superuser, or one granted
    /// SET on the parameter), the transaction runs without the per-row triggers, as pg_restore does, and the key is
    /// checked once per stream of each batch, just before its rows are copied; elsewhere PostgreSQL checks it row by row.
    /// </summary>
    private static async Task<bool> CheckKeysOnceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await transaction.SaveAsync("keys", ct);
        try
        {
            await using var replica = new NpgsqlCommand("set local session_replication_role = replica", connection, transaction);
            await replica.ExecuteNonQueryAsync(ct);
            await transaction.ReleaseAsync("keys", ct);
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            await transaction.RollbackAsync("keys", ct);
            return false;
        }
    }

    /// <summary>A batch of planned projects made ready to copy: its event rows, less their sequence numbers.</summary>
    private sealed record Batch(List<PlannedProject> Created, List<PlannedProject> Moved, BinaryCopy Copy, int[] SequenceAt);

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

        var streams = await StoredEvents.ReadAsync(session, byKey.Values.Distinct().ToList(), TimelineStore.Of(store).Skipped, ct);
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

/// <summary>A stream the import appends to moved between the plan and the write: nothing is written.</summary>
public sealed class ConcurrentImportException() : Exception("a project was modified during the import");
