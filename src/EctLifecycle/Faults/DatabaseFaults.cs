using System.Net.Sockets;
using JasperFx;
using JasperFx.Events;
using Marten.Exceptions;
using Npgsql;

namespace EctLifecycle.Faults;

/// <summary>
/// Sorts the exceptions the database layer throws into the two kinds the app treats apart from real failures, from
/// what the fault suite saw while PostgreSQL stopped and started under writers: Npgsql's "Failed to connect" (a refused
/// socket), Marten's MartenCommandException around 57P01, and Npgsql's ObjectDisposedException of a transaction whose
/// connection died, around the same 57P01. Wrappers vary with the code path, so the whole chain of causes is read.
/// </summary>
public static class DatabaseFaults
{
    /// <summary>
    /// PostgreSQL is away or not accepting this session: stopping, starting, restarting, out of connection slots, the
    /// network or the pool timing out. Another try in a few seconds may succeed; the request itself was not wrong.
    /// </summary>
    public static bool IsOutage(Exception exception) => Causes(exception).Any(e => e switch
    {
        // Errors the server sent: only the codes of a server going away or refusing sessions, since a serialisation
        // failure or a deadlock (also "transient" to Npgsql) is a conflict between requests, not an outage.
        PostgresException p => p.SqlState is "57P01" or "57P02" or "57P03" or "53300" || p.SqlState.StartsWith("08", StringComparison.Ordinal),
        // Errors of the client side: a refused or broken socket, a timeout opening or reading (the pool's included).
        NpgsqlException n => n.IsTransient,
        SocketException => true,
        _ => false,
    });

    /// <summary>
    /// Two writers met at the same stream version or the same Idempotency-Key: the write path retries or replays
    /// (Timelines/Idempotency.cs), so the refusal is the optimistic concurrency working, not a failure.
    /// </summary>
    public static bool IsExpectedConflict(Exception exception) => IsConcurrentAppend(exception) || Causes(exception).Any(e => e switch
    {
        DocumentAlreadyExistsException d => d.DocType == typeof(Timelines.IdempotencyRecord),
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } p => p.TableName == "mt_doc_idempotencyrecord",
        _ => false,
    });

    /// <summary>
    /// Another write appended to the same stream first, whatever wraps the refusal (Marten's exception, its quick append's
    /// MT003 in a command exception, or the events' (stream, version) key): the write path reads the stream again and
    /// decides again (Timelines/Idempotency.cs). Another unique key taken (an account's, a plan's) is not retried: the same
    /// write would fail the same way.
    /// </summary>
    public static bool IsConcurrentAppend(Exception exception) => Causes(exception).Any(e => e switch
    {
        ConcurrencyException or EventStreamUnexpectedMaxEventIdException => true,
        // Marten's quick append: MT003 is its stream version check; the primary key of (stream, version) the race it lost.
        PostgresException { SqlState: "MT003" } => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } p => p.ConstraintName == EventStore.EventStoreSchema.StreamVersionKey,
        _ => false,
    });

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var e))
        {
            yield return e;
            if (e is AggregateException a) foreach (var inner in a.InnerExceptions) pending.Push(inner);
            else if (e.InnerException is { } inner) pending.Push(inner);
        }
    }
}
