namespace EctLifecycle.Benchmarks;

/// <summary>
/// One line of the table: our figure (a rate, or a latency's median with its p99), the raw PostgreSQL limit for the
/// same rows, the target and the app's peak memory while it was measured. The ratio is ours / raw: for a rate, the share
/// of the raw rate reached; for a latency, how many times the raw read of the same rows it takes.
/// </summary>
public sealed record Result(
    string Name, string Unit, double Value, Stats? Latency, double? Raw, string RawName, double? PeakMb, Target? Target, string? Note = null)
{
    public double? Ratio => Raw is > 0 ? Value / Raw : null;

    public bool? Met(Size size) => Target is { } t && t.AppliesTo(size) ? t.IsMet(this) : null;
}

/// <summary>A target of the issue: a bound on the value, the p99 or the ratio to the raw limit, at the sizes it names.</summary>
public sealed record Target(string Text, Func<Result, bool> IsMet, params string[] Sizes)
{
    public bool AppliesTo(Size size) => Sizes.Contains(size.Name);

    public static Target AtMost(double ms, string text, params string[] sizes) => new(text, r => r.Value <= ms, sizes);
    public static Target P99AtMost(double ms, string text, params string[] sizes) => new(text, r => (r.Latency?.P99 ?? r.Value) <= ms, sizes);
}
