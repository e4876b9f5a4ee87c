namespace EctLifecycle.Projects;

/// <summary>One reason of a stop as reports read it: its code and, for <c>other</c>, the staff's words.</summary>
public sealed record StopReasonRead(StopReason Reason, string? Text);

/// <summary>
/// Reads the reasons of a stop. Stops logged before the fixed list carry free text: events are facts and are never
/// rewritten, so each such text is read as <c>other</c> with that text.
/// </summary>
public static class StopReasons
{
    public static StopReason? Parse(string? code)
    {
        foreach (var reason in Enum.GetValues<StopReason>())
            if (string.Equals(reason.Wire(), code?.Trim(), StringComparison.OrdinalIgnoreCase)) return reason;
        return null;
    }

    /// <summary>The reasons of a stop as a project's state holds it (<see cref="Stop"/>), read as those of its event.</summary>
    public static IReadOnlyList<StopReasonRead> Of(Stop stop) =>
        Of(new ProjectStopped(Guid.Empty, stop.On, "", stop.Reasons, stop.Note, stop.OtherReason));

    public static IReadOnlyList<StopReasonRead> Of(ProjectStopped stop)
    {
        var normalized = stop.Normalized();
        return normalized.Reasons.Select(Parse).OfType<StopReason>().Distinct()
            .Select(r => new StopReasonRead(r, r == StopReason.Other ? normalized.OtherReason : null))
            .ToList();
    }

    /// <summary>
    /// The stop as it would be logged today: free-text reasons become <c>other</c>, their text joined to
    /// <c>otherReason</c>. A stop already in codes is returned as it is, so it keeps its fingerprint.
    /// </summary>
    public static ProjectStopped Normalized(this ProjectStopped stop)
    {
        var legacy = stop.Reasons.Where(r => Parse(r) is null).ToList();
        if (legacy.Count == 0) return stop;
        var codes = stop.Reasons.Select(Parse).OfType<StopReason>().Append(StopReason.Other).Distinct().Select(r => r.Wire()).ToList();
        var other = string.Join("; ", new[] { stop.OtherReason }.Concat(legacy).Where(t => !string.IsNullOrWhiteSpace(t)));
        return stop with { Reasons = codes, OtherReason = other };
    }
}
