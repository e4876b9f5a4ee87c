using System.Diagnostics;
using EctLifecycle.EventStore;
using EctLifecycle.Portfolio;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using JasperFx.Events;
using Marten;
using Npgsql;
using Weasel.Core;

namespace EctLifecycle.Benchmarks;

/// <summary>
/// (2b) New streams written two ways in the same run, on the same planned projects, into a schema of their own: the app's
/// hand-written binary COPY (<see cref="EventCopy"/>, as the import writes them, their keys included) and Marten's own
/// <c>IDocumentStore.BulkInsertEventsAsync</c> (events and streams only). Each run starts from empty tables; the ways
/// alternate, and each one's median is kept.
/// </summary>
public static class BulkInsertBench
{
    public sealed record Outcome(double CopyPerSecond, double MartenPerSecond, int Events, int Streams, IReadOnlyList<double> CopyRuns, IReadOnlyList<double> MartenRuns);

    public static async Task<Outcome> RunAsync(string connection, string schema, Dataset data, int runs, Action<string> log)
    {
        var grids = GridCatalog.LoadFrom(GridCatalog.DefaultFolder);
        var today = new BusinessCalendar(TimeProvider.System).Today;
        var projects = new List<PlannedProject>();
        foreach (var bytes in data.Files)
            projects.AddRange(ImportPlanner.Plan(PortfolioFormats.Read(new MemoryStream(bytes), "portfolio.zip"), new Dictionary<string, ExistingProject>(), grids, today, "bench").Projects);
        var events = projects.Sum(p => p.Events.Count);

        await using var db = NpgsqlDataSource.Create(connection);
        using var store = DocumentStore.For(o =>
        {
            o.Connection(connection);
            o.DatabaseSchemaName = schema;
            o.Events.StreamIdentity = StreamIdentity.AsGuid;
            o.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
            foreach (var type in ProjectEvents.All) o.Events.AddEventType(type);
            o.Schema.For<ProjectKey>();
        });
        await store.Advanced.Clean.CompletelyRemoveAllAsync();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var rows = new MartenEventRows(store, db);

        List<double> copyRuns = [], martenRuns = [];
        for (var run = 1; run <= runs; run++)
        {
            copyRuns.Add(await TimedAsync(db, schema, events, async () =>
            {
                await using var copy = await rows.BeginCopyAsync([], DateTimeOffset.UtcNow, CancellationToken.None);
                foreach (var batch in Batches(projects)) await copy.AddAsync(batch, CancellationToken.None);
                await copy.CommitAsync(null, CancellationToken.None);
            }));
            martenRuns.Add(await TimedAsync(db, schema, events, () =>
                store.BulkInsertEventsAsync(projects.Select(p => StreamAction.Start(store.Events, p.Id, p.Events.Cast<object>().ToArray())).ToList(), 10_000)));
            log($"run {run}: hand-written COPY {copyRuns[^1]:N0} events/s, BulkInsertEventsAsync {martenRuns[^1]:N0} events/s");
        }
        await store.Advanced.Clean.CompletelyRemoveAllAsync();
        return new Outcome(Stats.Of(copyRuns).Median, Stats.Of(martenRuns).Median, events, projects.Count, copyRuns, martenRuns);
    }

    // The import's batches: about 10,000 events each.
    private static IEnumerable<List<PlannedProject>> Batches(List<PlannedProject> projects)
    {
        var batch = new List<PlannedProject>();
        var events = 0;
        foreach (var p in projects)
        {
            batch.Add(p);
            events += p.Events.Count;
            if (events < 10_000) continue;
            yield return batch;
            (batch, events) = ([], 0);
        }
        if (batch.Count > 0) yield return batch;
    }

    private static async Task<double> TimedAsync(NpgsqlDataSource db, string schema, int events, Func<Task> write)
    {
        await using (var empty = db.CreateCommand($"truncate {schema}.mt_events, {schema}.mt_streams, {schema}.mt_doc_projectkey; checkpoint"))
            await empty.ExecuteNonQueryAsync();
        var clock = Stopwatch.StartNew();
        await write();
        var seconds = clock.Elapsed.TotalSeconds;
        await using var count = db.CreateCommand($"select count(*) from {schema}.mt_events");
        var written = (long)(await count.ExecuteScalarAsync())!;
        if (written != events) throw new InvalidOperationException($"{written} events written instead of {events}");
        return events / seconds;
    }
}
