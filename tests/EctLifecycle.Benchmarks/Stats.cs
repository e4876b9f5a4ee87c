namespace EctLifecycle.Benchmarks;

/// <summary>Median and 99th percentile (nearest rank) of repeated samples, in the unit they were taken in.</summary>
public sealed record Stats(int Count, double Median, double P99, double Max)
{
    public static Stats Of(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0) throw new InvalidOperationException("no sample");
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        return new Stats(sorted.Length, median, Rank(sorted, 0.99), sorted[^1]);
    }

    private static double Rank(double[] sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>Times one asynchronous call in milliseconds.</summary>
public static class Clock
{
    public static async Task<double> TimeAsync(Func<Task> work)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        await work();
        return System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    public static async Task<Stats> RepeatAsync(int times, Func<int, Task> work)
    {
        var samples = new List<double>(times);
        for (var i = 0; i < times; i++) samples.Add(await TimeAsync(() => work(i)));
        return Stats.Of(samples);
    }
}
