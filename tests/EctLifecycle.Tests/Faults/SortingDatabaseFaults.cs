using EctLifecycle.Timelines;
using System.Net.Sockets;
using EctLifecycle.Faults;
using EctLifecycle.Http;
using EctLifecycle.Projects;
using JasperFx;
using Marten.Exceptions;
using Npgsql;

namespace EctLifecycle.Tests.Faults;

/// <summary>
/// Which exceptions the app answers with a 503 (the database is away) and which it logs at Debug (a concurrency
/// conflict it retries), beside the shapes the fault suite saw: each kind wrapped as Marten and Npgsql wrap it.
/// </summary>
public class SortingDatabaseFaults
{
    private static PostgresException Server(string sqlState, string? table = null, string? constraint = null) =>
        new("message", "ERROR", "ERROR", sqlState, tableName: table, constraintName: constraint);

    private static MartenCommandException InMarten(Exception inner) => new(new NpgsqlCommand("select 1"), inner);

    public static TheoryData<string, Exception> Outages => new()
    {
        { "a refused socket", new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)) },
        { "the pool's timeout", new NpgsqlException("The connection pool has been exhausted", new TimeoutException()) },
        { "a session ended by a fast stop, in Marten", InMarten(Server("57P01")) },
        { "a transaction whose connection died", new ObjectDisposedException("NpgsqlTransaction", Server("57P01")) },
        { "a server starting up", Server("57P03") },
        { "a server out of connection slots", Server("53300") },
        { "a connection failure", Server("08006") },
    };

    public static TheoryData<string, Exception> RealFailures => new()
    {
        { "a deadlock", InMarten(Server("40P01")) },
        { "a serialisation failure", Server("40001") },
        { "a character PostgreSQL refuses", InMarten(Server("22P05")) },
        { "another unique key", InMarten(Server("23505", "mt_doc_useraccount", "pkey_mt_doc_useraccount_id")) },
        { "a project key taken", new DocumentAlreadyExistsException(Server("23505"), typeof(ProjectKey), "P001") },
        { "a bug", new InvalidOperationException("bug") },
    };

    public static TheoryData<string, Exception> Conflicts => new()
    {
        { "a stale version at fetch", new ConcurrencyException(typeof(ProjectState), Guid.NewGuid()) },
        { "the quick append's version check", InMarten(Server("MT003")) },
        { "the (stream, version) key", InMarten(Server("23505", "mt_events", "pk_mt_events_stream_and_version")) },
        { "a raced Idempotency-Key", new DocumentAlreadyExistsException(Server("23505"), typeof(IdempotencyRecord), "k") },
    };

    [Theory, MemberData(nameof(Conflicts))]
    public void a_lost_append_race_is_retried_by_the_write_path_except_a_raced_idempotency_key(string what, Exception e) =>
        DatabaseFaults.IsConcurrentAppend(e).ShouldBe(e is not DocumentAlreadyExistsException, what);

    [Theory, MemberData(nameof(RealFailures))]
    public void a_real_failure_is_not_retried_as_a_lost_append_race(string what, Exception e) =>
        DatabaseFaults.IsConcurrentAppend(e).ShouldBeFalse(what);

    [Theory, MemberData(nameof(Outages))]
    public void an_outage_is_recognised_through_its_wrappers(string what, Exception e) =>
        DatabaseFaults.IsOutage(e).ShouldBeTrue(what);

    [Theory, MemberData(nameof(RealFailures))]
    public void a_real_failure_is_neither_an_outage_nor_an_expected_conflict(string what, Exception e)
    {
        DatabaseFaults.IsOutage(e).ShouldBeFalse(what);
        DatabaseFaults.IsExpectedConflict(e).ShouldBeFalse(what);
    }

    [Theory, MemberData(nameof(Conflicts))]
    public void a_concurrency_conflict_the_write_path_retries_is_expected_and_no_outage(string what, Exception e)
    {
        DatabaseFaults.IsExpectedConflict(e).ShouldBeTrue(what);
        DatabaseFaults.IsOutage(e).ShouldBeFalse(what);
    }
}
