namespace EctLifecycle.EventStore;

/// <summary>
/// What the app reads and writes in Marten's event tables below its API, all of it here (<see cref="MartenEventRows"/>):
/// the cold read of streams and of their versions, the mark of the erasures that every read of the kept timelines asks
/// for, the streamed read of every project in registration order, and the import's COPY of new and appended events. The
/// tables and columns are those of <see cref="EventStoreSchema"/>, checked against the schema Marten creates.
/// </summary>
public interface IEventRows
{
    /// <summary>The streams named (all of them with null), in stream order, with their project events.</summary>
    Task<List<StoredStream>> ReadStreamsAsync(IReadOnlyCollection<Guid>? ids, SkippedRows skipped, CancellationToken ct);

    /// <summary>One stream's version and its project events after <paramref name="afterVersion"/>, and the erasures' mark read before them.</summary>
    Task<(StoredStream? Stream, ErasureMark Erasures)> ReadStreamAsync(Guid id, long afterVersion, SkippedRows skipped, CancellationToken ct);

    /// <summary>
    /// The streams named that are live, each with its version and its project events after the version given with it (every
    /// event after 0), in the order named, and the erasures' mark read before them: one round trip for a chunk of kept
    /// timelines brought up to date and of others read whole. A stream's first sequence is that of the first event read.
    /// </summary>
    Task<(List<StoredStream> Streams, ErasureMark Erasures)> ReadStreamsAfterAsync(
        IReadOnlyList<(Guid Id, long AfterVersion)> streams, SkippedRows skipped, CancellationToken ct);

    /// <summary>Every live stream's version, and the erasures' mark read before them.</summary>
    Task<(Dictionary<Guid, long> Versions, ErasureMark Erasures)> ReadVersionsAsync(CancellationToken ct);

    /// <summary>Every completed erasure, with the streams it masked.</summary>
    Task<IReadOnlyList<(Guid Erasure, IReadOnlyList<Guid> Streams)>> ReadCompletedErasuresAsync(CancellationToken ct);

    /// <summary>
    /// Every live stream whose first event is a project's registration, whole, in registration order, a chunk of about
    /// <paramref name="streamsPerChunk"/> streams at a time: one query per chunk, nothing kept between chunks.
    /// </summary>
    IAsyncEnumerable<IReadOnlyList<StoredStream>> ReadProjectsAsync(int streamsPerChunk, SkippedRows skipped, CancellationToken ct);

    /// <summary>
    /// One page of <see cref="ReadProjectsAsync"/>: the live streams whose registration comes after the sequence
    /// <paramref name="after"/> (0: from the first), about <paramref name="streams"/> of them, and where the next page starts
    /// (null after the last), so that a long sweep can go on in another transaction, or another message.
    /// </summary>
    Task<ProjectsPage> ReadProjectsPageAsync(long after, int streams, SkippedRows skipped, CancellationToken ct);

    /// <summary>How many live streams start with a project's registration.</summary>
    Task<int> CountProjectsAsync(CancellationToken ct);

    /// <summary>
    /// Opens the import's transaction: the streams <paramref name="appendedTo"/> are locked at the versions given, else
    /// nothing is written (<see cref="ConcurrentImportException"/>).
    /// </summary>
    Task<EventCopy> BeginCopyAsync(IReadOnlyList<(Guid Id, long Version)> appendedTo, DateTimeOffset recordedAt, CancellationToken ct);
}

/// <summary>A page of projects read whole, and the sequence the next page starts after (null: this one was the last).</summary>
public sealed record ProjectsPage(IReadOnlyList<StoredStream> Projects, long? Next);

/// <summary>A project's events to write: a new stream (under its key) or the next events of one at <see cref="CurrentVersion"/>.</summary>
public interface IStreamAppend
{
    string Key { get; }
    Guid Id { get; }
    bool IsNew { get; }
    long CurrentVersion { get; }
    IReadOnlyList<Projects.IProjectEvent> Events { get; }
}

/// <summary>A stream the import appends to moved between the plan and the write: nothing is written.</summary>
public sealed class ConcurrentImportException() : Exception("a project was modified during the import");
