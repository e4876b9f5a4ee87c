using Marten;

namespace EctLifecycle.Projects;

/// <summary>
/// Loads every project's timeline into memory as soon as the app starts, in the background, so that the first portfolio
/// question after a restart does not pay for reading every event (it waits for this load instead of starting its own).
/// </summary>
public sealed class ReadModelWarmUp(IDocumentStore store, ILogger<ReadModelWarmUp> log, ILoggerFactory logs) : BackgroundService
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
            await using var session = store.QuerySession();
            var timelines = await session.LoadAllTimelinesAsync(stoppingToken);
            log.LogInformation("Read model: {Projects} projects, {Events} events loaded in {Ms:0} ms", timelines.Count,
                timelines.Sum(t => t.Entries.Count), System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not fatal: the first read loads what it needs.
            log.LogWarning(e, "Read model: the warm-up load failed");
        }
    }
}
