using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;

namespace EctLifecycle.EventStore;

/// <summary>
/// The rows of the event store that are not project events, counted by kind (Marten's <c>tombstone</c>, a type of another
/// app version): each kind is logged once, the first time it is met, as a warning for a kind the app does not expect
/// and as information for one Marten is known to write; a body that cannot be read as its type is an error.
/// </summary>
public sealed class SkippedRows
{
    private readonly ConcurrentDictionary<string, long> _counts = new();

    public ILogger Log { get; set; } = NullLogger.Instance;

    public IReadOnlyDictionary<string, long> Counts => _counts;

    public void Skip(string kind, Guid stream)
    {
        if (_counts.AddOrUpdate(kind, 1, (_, n) => n + 1) != 1) return;
        if (EventStoreSchema.MartenRowKinds.Contains(kind))
            Log.LogInformation("Event store: rows of kind {Kind} (written by Marten itself, e.g. stream {Stream}) are not project events and are skipped", kind, stream);
        else if (kind.EndsWith("(illisible)", StringComparison.Ordinal))
            Log.LogError("Event store: a row of kind {Kind} (stream {Stream}) cannot be read by this version of the app and is skipped: its history is incomplete until it is read again", kind, stream);
        else
            Log.LogWarning("Event store: rows of unknown kind {Kind} (stream {Stream}) are skipped: an event type of another version of the app?", kind, stream);
    }
}
