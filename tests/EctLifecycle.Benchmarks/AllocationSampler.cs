using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace EctLifecycle.Benchmarks;

/// <summary>
/// The runtime's allocation samples, by type, while it listens: the runtime raises one event (GCAllocationTick) each time
/// about 100 KB more have been allocated, naming the type of the object that crossed the mark, so that the bytes each type
/// was sampled for estimate its share of what was allocated. For <c>--plan-only --allocations</c>: where a fold's bytes
/// go, without a profiler on the machine.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, (long Samples, long Bytes)> _byType = new();
    private volatile bool _on;
    private EventSource? _runtime;

    /// <summary>Samples from now on (the runtime's events are asked for only while sampling: they cost the runs between).</summary>
    public void Start()
    {
        _on = true;
        if (_runtime is { } runtime) EnableEvents(runtime, EventLevel.Verbose, GcKeyword);
    }

    public void Stop()
    {
        _on = false;
        if (_runtime is { } runtime) DisableEvents(runtime);
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") _runtime = source;
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_on || !e.EventName!.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.PayloadNames is null) return;
        var type = Payload(e, "TypeName") as string ?? "?";
        var amount = Payload(e, "AllocationAmount64") ?? Payload(e, "AllocationAmount");
        var bytes = Convert.ToInt64(amount ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        _byType.AddOrUpdate(type, (1, bytes), (_, x) => (x.Samples + 1, x.Bytes + bytes));
    }

    private static object? Payload(EventWrittenEventArgs e, string name) =>
        e.PayloadNames!.IndexOf(name) is var i and >= 0 ? e.Payload![i] : null;

    /// <summary>The <paramref name="top"/> types sampled the most bytes, with their share of all the samples' bytes.</summary>
    public IEnumerable<string> Report(int top = 30)
    {
        var total = Math.Max(1, _byType.Values.Sum(x => x.Bytes));
        yield return $"  allocation samples: {_byType.Values.Sum(x => x.Samples):N0}, {total / 1048576:N0} MB sampled";
        foreach (var (type, (samples, bytes)) in _byType.OrderByDescending(x => x.Value.Bytes).Take(top))
            yield return $"  {100.0 * bytes / total,5:0.0}%  {bytes / 1048576,7:N0} MB  {samples,7:N0}  {type}";
    }
}
