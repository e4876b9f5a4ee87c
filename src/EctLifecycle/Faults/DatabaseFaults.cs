using System.Net.Sockets;
using Npgsql;

namespace EctLifecycle.Faults;

/// <summary>
/// Recognises the exceptions of a database outage, which the app answers apart from real failures, from what the
/// fault suite saw while PostgreSQL stopped and started under writers: Npgsql's "Failed to connect" (a refused
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
