using Marten;
using Marten.Services;
using Npgsql;

namespace EctLifecycle.Faults;

/// <summary>
/// Marten's log of the commands it runs, replacing its default one (which logs every failed command as an error with
/// its stack trace and SQL): optimistic-concurrency refusals that the write path retries or replays, and commands
/// failing while the database is away (each request says so once, see <see cref="OutageAnswers"/>), are logged at Debug;
/// every other failure stays an error. Under 16 concurrent writers the default log wrote dozens of `fail:` entries per
/// correct write, which buried the real failures.
/// </summary>
public sealed class MartenFailureLog(ILogger<IDocumentStore> log) : IMartenLogger, IMartenSessionLogger
{
    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    public void SchemaChange(string sql) => log.LogInformation("Schéma mis à jour :\n{Sql}", sql);

    public void LogSuccess(NpgsqlCommand command)
    {
        if (log.IsEnabled(LogLevel.Debug)) log.LogDebug("Marten a exécuté :\n{Sql}", command.CommandText);
    }

    public void LogSuccess(NpgsqlBatch batch)
    {
        if (log.IsEnabled(LogLevel.Debug)) log.LogDebug("Marten a exécuté :\n{Sql}", string.Join('\n', batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => c.CommandText)));
    }

    public void LogFailure(NpgsqlCommand command, Exception ex) => Failed(ex, command.CommandText);

    public void LogFailure(NpgsqlBatch batch, Exception ex) => Failed(ex, string.Join('\n', batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => c.CommandText)));

    public void LogFailure(Exception ex, string message) => Failed(ex, message);

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) { }

    public void OnBeforeExecute(NpgsqlCommand command) { }

    public void OnBeforeExecute(NpgsqlBatch batch) { }

    // The SQL without its parameters: they hold the events' and accounts' data, which has no place in a log.
    private void Failed(Exception ex, string what)
    {
        if (DatabaseFaults.IsExpectedConflict(ex))
            log.LogDebug("Conflit de concurrence, la requête sera rejouée : {Error}", ex.GetBaseException().Message);
        else if (DatabaseFaults.IsOutage(ex))
            log.LogDebug("Base de données indisponible : {Error}\n{Sql}", ex.GetBaseException().Message, what);
        else
            log.LogError(ex, "Marten a échoué en exécutant :\n{Sql}", what);
    }

    /// <summary>Sets this log on the store (Marten keeps a logger set on its options instead of its default one).</summary>
    public sealed class Registration(ILogger<IDocumentStore> log) : IConfigureMarten
    {
        public void Configure(IServiceProvider services, StoreOptions options) => options.Logger(new MartenFailureLog(log));
    }
}
