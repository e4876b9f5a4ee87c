using EctLifecycle.Http;
using EctLifecycle.Projects;
using Marten;

namespace EctLifecycle.Timelines;

/// <summary>
/// Fills the bounded read model as soon as the app starts, in the background, with the timelines of the projects
/// registered first, at most <c>ReadModel:WarmUpProjects</c> of them (<see cref="TimelineStore.DefaultWarmUp"/>, one
/// chunk), so that the first writes and cards after a restart find them kept. Nothing waits for it: a read that does not
/// find its timeline reads it (one stream, one round trip). Not more by default: the warm-up competes with the first
/// answers for the cores, and at M reading every project took 10.7-17 s of a core while the benchmark's first reads ran
/// (their p99 134 ms, against 7 ms once it was done: docs/benchmarks.md); at L it would keep a tenth of the projects anyway.
/// </summary>
public sealed class ReadModelWarmUp(IDocumentStore store, IConfiguration configuration, ILogger<ReadModelWarmUp> log, ILoggerFactory logs) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        TimelineStore.Of(store).Skipped.Log = logs.CreateLogger<EventStore.SkippedRows>();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var kept = TimelineStore.Of(store);
            var (projects, events) = await kept.WarmUpAsync(
                configuration.GetValue("ReadModel:WarmUpProjects", TimelineStore.DefaultWarmUp), stoppingToken);
            log.LogInformation("Read model: {Projects} projects read, {Kept} kept ({Events} events) in {Ms:0} ms", projects, kept.Count,
                events, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not fatal: the first read loads what it needs.
            log.LogWarning(e, "Read model: the warm-up load failed");
        }
    }
}
