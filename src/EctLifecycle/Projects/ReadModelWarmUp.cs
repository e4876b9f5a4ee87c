using Marten;

namespace EctLifecycle.Projects;

/// <summary>
/// Fills the bounded read model as soon as the app starts, in the background, with the timelines of the projects
/// registered last (as many as it keeps), so that the first writes and cards after a restart find them kept. Nothing
/// waits for it: a read that does not find its timeline reads it.
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
            var kept = TimelineStore.Of(store);
            var (projects, events) = await kept.WarmUpAsync(stoppingToken);
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
