using EctLifecycle.Projects;
using Marten;

namespace EctLifecycle.EventStore;

/// <summary>
/// Everything the app assumes about Marten's event tables where it goes below Marten's API (the reads and the
/// import's COPY of <see cref="MartenEventRows"/> and <see cref="EventCopy"/>): the
/// tables, each column read, written or knowingly left to its default, and the kinds of rows Marten writes itself. The
/// contract test (tests/.../EventStore/MartenSchemaContract.cs) compares this with the schema Marten really creates and
/// the rows it really writes, and fails on anything new, so that a Marten upgrade cannot add a row kind or a column that
/// these readers and writers silently misread.
/// </summary>
public static class EventStoreSchema
{
    /// <summary>Marten's event-store tables (besides its documents' <c>mt_doc_*</c> tables).</summary>
    public static readonly IReadOnlySet<string> Tables = new HashSet<string>
    {
        "mt_events", "mt_streams",
        // The async daemon's bookkeeping: the app reads and writes none of them.
        "mt_event_progression", "mt_event_projection_floors", "mt_high_water_skips",
    };

    /// <summary>The columns of <c>mt_events</c> the readers read, in the order they read them.</summary>
    public const string EventColumnsRead = "stream_id, version, seq_id, id, timestamp, type, mt_dotnet_type, data";

    /// <summary><see cref="EventColumnsRead"/>, each of the table named <paramref name="alias"/> in a join.</summary>
    public static string EventColumnsReadOf(string alias) => string.Join(", ", EventColumnsRead.Split(", ").Select(c => $"{alias}.{c}"));

    /// <summary>The columns of <c>mt_events</c> the import's COPY writes, in the order it writes them.</summary>
    public const string EventColumnsCopied = "seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived";

    /// <summary>The unique key of (stream, version) a concurrent append to the same stream version breaks.</summary>
    public const string StreamVersionKey = "pk_mt_events_stream_and_version";

    /// <summary>Columns of <c>mt_events</c> the app neither reads nor writes, and why that is right.</summary>
    public static readonly IReadOnlyDictionary<string, string> EventColumnsLeftAlone = new Dictionary<string, string>
    {
        ["bdata"] = "bodies are JSON in data (System.Text.Json serializer): Marten leaves bdata null",
    };

    /// <summary>The columns of <c>mt_streams</c> the import writes for a new stream.</summary>
    public const string StreamColumnsWritten = "id, version, timestamp, created, tenant_id";

    /// <summary>Columns of <c>mt_streams</c> read besides those (stream versions, archived streams skipped).</summary>
    public static readonly IReadOnlySet<string> StreamColumnsRead = new HashSet<string> { "id", "version", "is_archived" };

    /// <summary>Columns of <c>mt_streams</c> the app neither reads nor writes, and why that is right.</summary>
    public static readonly IReadOnlyDictionary<string, string> StreamColumnsLeftAlone = new Dictionary<string, string>
    {
        ["type"] = "projects' streams are started without an aggregate type: Marten leaves it null",
        ["compacted_version"] = "the app never compacts a stream: 0",
        ["is_archived"] = "the app never archives a stream: false (archived ones are skipped when read)",
    };

    /// <summary>Kinds of rows (the <c>type</c> column) that Marten writes itself and that are no project event.</summary>
    public static readonly IReadOnlySet<string> MartenRowKinds = new HashSet<string>
    {
        // Written after a failed append (a dropped connection, a restart, a unique violation in the same unit of work) to
        // fill the gap in the event sequence, in a stream of its own (version 0 in mt_streams, a new id per process).
        "tombstone",
    };

    /// <summary>
    /// The document of an erasure (<see cref="Privacy.Erasure"/>), whose table every read of the timelines reads below
    /// Marten (<see cref="ErasedStreams"/>): when it was completed (a column Marten duplicates from the document, see
    /// Program.cs), when Marten last wrote it, and the streams it masked (a field of its JSON).
    /// </summary>
    public static readonly Type ErasureDocument = typeof(Privacy.Erasure);
    public const string ErasureCompletedColumn = "completed_at", ErasureStreamsField = "streams";

    /// <summary>Columns of an erasure's table that are read.</summary>
    public static readonly IReadOnlySet<string> ErasureColumnsRead = new HashSet<string> { "id", "data", "mt_last_modified", ErasureCompletedColumn };

    /// <summary>
    /// Creates Marten's event tables and the erasures' table if they are not there yet (a new database or schema), as
    /// Marten's own reads do before their first query; checked once per store.
    /// </summary>
    public static async Task EnsureTablesAsync(Marten.Storage.IMartenDatabase database, CancellationToken ct)
    {
        await database.EnsureStorageExistsAsync(typeof(JasperFx.Events.IEvent), ct);
        await database.EnsureStorageExistsAsync(ErasureDocument, ct);
    }

    /// <summary>The tenant Marten writes in a single-tenant store (seen in the rows its own append writes).</summary>
    public const string DefaultTenant = "*DEFAULT*";

    /// <summary>
    /// How Marten stores each project event's type: its alias (the <c>type</c> column, from Marten's own mapping) and
    /// "Namespace.Type, Assembly" (<c>mt_dotnet_type</c>).
    /// </summary>
    public static IReadOnlyList<(Type Type, string Alias, string DotNetName)> StoredNames(StoreOptions options)
    {
        var events = (Marten.Events.EventGraph)options.Events;
        return ProjectEvents.All.Select(t => (t, events.EventMappingFor(t).EventTypeName, $"{t.FullName}, {t.Assembly.GetName().Name}")).ToList();
    }

    /// <summary>A row's project event type by its alias, else by its .NET name; absent for every other kind of row.</summary>
    public static IReadOnlyDictionary<string, Type> ProjectEventTypes(StoreOptions options) =>
        StoredNames(options).SelectMany(n => new[] { (n.Alias, n.Type), (n.DotNetName, n.Type) }).ToDictionary(x => x.Item1, x => x.Item2);
}
