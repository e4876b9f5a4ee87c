using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Exceptions;
using SessionOptions = Marten.Services.SessionOptions;
using Npgsql;

namespace EctLifecycle.Portfolio;

public sealed record ImportProgress(string Stage, int Done, int Total);

public sealed record ImportResult(ImportSummary? Summary, IReadOnlyList<ImportError> Errors)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Imports a portfolio file all or nothing: plans it against what is stored, then writes every new stream and
/// appended event in one database transaction, in batches so that progress can be shown.
/// </summary>
public sealed class PortfolioImporter(IDocumentStore store, NpgsqlDataSource database, GridCatalog grids, BusinessCalendar calendar)
{
    private const int EventsPerBatch = 5_000;

    public async Task<ImportResult> ImportAsync(
        PortfolioFile file, bool dryRun, string loggedBy, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        progress?.Report(new ImportProgress("vérification", 0, file.RowCount));
        var existing = await LoadExistingAsync(file, ct);
        var plan = ImportPlanner.Plan(file, existing, grids, calendar.Today, loggedBy);
        progress?.Report(new ImportProgress("vérification", file.RowCount, file.RowCount));
        if (plan.Errors.Count > 0) return new ImportResult(null, plan.Errors);
        if (dryRun || plan.Projects.Count == 0) return new ImportResult(plan.Summary(dryRun), []);

        try
        {
            await WriteAsync(plan, progress, ct);
        }
        catch (Exception ex) when (ex is ConcurrencyException or EventStreamUnexpectedMaxEventIdException or DocumentAlreadyExistsException
                                   || ex is MartenCommandException { InnerException: PostgresException { SqlState: "23505" } })
        {
            return new ImportResult(null, [new ImportError("fichier", 0, null,
                "un des projets a été modifié pendant l'import (ou importé en même temps) : rien n'a été écrit, relancez l'import")]);
        }
        return new ImportResult(plan.Summary(false), []);
    }

    private async Task WriteAsync(ImportPlan plan, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var total = plan.Projects.Sum(p => p.Events.Count);
        var done = 0;
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var batch in Batches(plan.Projects))
        {
            await using var session = store.LightweightSession(SessionOptions.ForTransaction(transaction));
            foreach (var project in batch)
            {
                if (project.IsNew)
                {
                    session.Insert(new ProjectKey { Id = project.Key, ProjectId = project.Id });
                    session.Events.StartStream(project.Id, project.Events.Cast<object>().ToArray());
                }
                else
                {
                    session.Events.Append(project.Id, project.CurrentVersion + project.Events.Count, project.Events.Cast<object>().ToArray());
                }
            }
            await session.SaveChangesAsync(ct);
            done += batch.Sum(p => p.Events.Count);
            progress?.Report(new ImportProgress("écriture", done, total));
        }
        await transaction.CommitAsync(ct);
    }

    private static IEnumerable<List<PlannedProject>> Batches(IEnumerable<PlannedProject> projects)
    {
        var batch = new List<PlannedProject>();
        var events = 0;
        foreach (var p in projects)
        {
            batch.Add(p);
            events += p.Events.Count;
            if (events < EventsPerBatch) continue;
            yield return batch;
            batch = [];
            events = 0;
        }
        if (batch.Count > 0) yield return batch;
    }

    /// <summary>The stored projects the file names: by the hub's key, or by project id for projects registered without one.</summary>
    private async Task<Dictionary<string, ExistingProject>> LoadExistingAsync(PortfolioFile file, CancellationToken ct)
    {
        var keys = file.Projects.Select(r => r["key"]).Concat(file.Milestones.Concat(file.Assessments).Select(r => r["projectKey"]))
            .OfType<string>().Select(ProjectKey.Normalize).Distinct().ToList();
        if (keys.Count == 0) return [];

        await using var session = store.QuerySession();
        var byKey = (await session.LoadManyAsync<ProjectKey>(ct, keys)).ToDictionary(k => k.Id, k => k.ProjectId);
        foreach (var key in keys.Where(k => !byKey.ContainsKey(k)))
            if (Guid.TryParse(key, out var id)) byKey[key] = id;
        if (byKey.Count == 0) return [];

        var ids = byKey.Values.Distinct().ToArray();
        var events = await session.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(ids)).ToListAsync(ct);
        var timelines = events.GroupBy(e => e.StreamId).ToDictionary(g => g.Key, g => new ProjectTimeline(g.Select(EventStoreReads.ToEntry)));
        return byKey.Where(k => timelines.ContainsKey(k.Value))
            .ToDictionary(k => k.Key, k => new ExistingProject(k.Value, timelines[k.Value]));
    }
}
