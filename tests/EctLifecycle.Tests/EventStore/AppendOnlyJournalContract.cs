using EctLifecycle.EventStore;
using EctLifecycle.Journal;
using EctLifecycle.Tests.Support;
using Marten;
using Marten.Patching;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Weasel.Core;

namespace EctLifecycle.Tests.EventStore;

/// <summary>
/// The journal's append-only guard (<see cref="AppendOnlyJournal"/>), against the real database: an entry once stored
/// can be neither rewritten nor deleted through Marten, and the guard Marten created is the one it expects, so that
/// starting the app again changes nothing in the schema.
/// </summary>
public class AppendOnlyJournalContract(AppFixture app) : ApiTest(app)
{
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();

    [Fact]
    public async Task an_entry_once_stored_cannot_be_rewritten_nor_deleted()
    {
        var entry = await RecordAsync("Import de portefeuille.xlsx : 3 projets créés.");

        await RefusedAsync(s => s.Store(new AuditEntry { Id = entry.Id, At = entry.At, Kind = AuditKind.Import, Summary = "réécrit" }), "UPDATE");
        await RefusedAsync(s => s.Delete<AuditEntry>(entry.Id), "DELETE");
        await RefusedAsync(s => s.DeleteWhere<AuditEntry>(e => e.Kind == AuditKind.Import), "DELETE");
        await RefusedAsync(s => s.Patch<AuditEntry>(entry.Id).Set(e => e.Summary, "réécrit"), "UPDATE");

        await using var query = Store.QuerySession();
        var stored = await query.LoadAsync<AuditEntry>(entry.Id);
        stored.ShouldNotBeNull().Summary.ShouldBe(entry.Summary);
        (await query.Query<AuditEntry>().CountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task an_erasure_and_it_alone_may_rewrite_an_entry_in_its_own_transaction_but_never_delete_one()
    {
        var entry = await RecordAsync("Import de « fiche Karim Gharbi.zip » : 1 projet créé.");
        await using (var connection = (NpgsqlConnection)Store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await AppendOnlyJournal.AllowErasureAsync(transaction, CancellationToken.None);
            await using var session = Store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));
            entry.Summary = "Import de « fiche Personne 0A1B.zip » : 1 projet créé.";
            session.Store(entry);
            await session.SaveChangesAsync();
            await transaction.CommitAsync();
        }
        await using (var connection = (NpgsqlConnection)Store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await AppendOnlyJournal.AllowErasureAsync(transaction, CancellationToken.None);
            await using var session = Store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));
            session.Delete<AuditEntry>(entry.Id);
            var refused = await Should.ThrowAsync<Exception>(() => session.SaveChangesAsync());
            Inner<PostgresException>(refused).ShouldNotBeNull(refused.ToString()).MessageText.ShouldContain("DELETE refusé");
        }
        // The setting ends with its transaction: the next one is refused again.
        await RefusedAsync(s => s.Store(new AuditEntry { Id = entry.Id, At = entry.At, Kind = AuditKind.Import, Summary = "réécrit" }), "UPDATE");

        await using var query = Store.QuerySession();
        (await query.LoadAsync<AuditEntry>(entry.Id)).ShouldNotBeNull().Summary.ShouldBe("Import de « fiche Personne 0A1B.zip » : 1 projet créé.");
    }

    [Fact]
    public async Task the_guard_marten_created_is_the_one_configured_so_a_restart_changes_nothing()
    {
        await RecordAsync("un");
        var migration = await Store.Storage.Database.CreateMigrationAsync();
        migration.Difference.ShouldBe(SchemaPatchDifference.None,
            string.Join("\n", migration.Deltas.Where(d => d.Difference != SchemaPatchDifference.None).Select(d => $"{d.SchemaObject.Identifier}: {d.Difference}")));

        await using var connection = (NpgsqlConnection)Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var triggers = new NpgsqlCommand(
            "select count(*) from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace " +
            "where t.tgname = $1 and n.nspname = $2 and c.relname = $3", connection)
        {
            Parameters = { new() { Value = AppendOnlyJournal.Name }, new() { Value = Store.Options.DatabaseSchemaName }, new() { Value = "mt_doc_auditentry" } },
        };
        ((long)(await triggers.ExecuteScalarAsync())!).ShouldBe(1);
    }

    [Fact]
    public async Task a_guard_of_an_older_version_is_replaced_in_place_and_the_journal_stays_guarded_meanwhile()
    {
        var entry = await RecordAsync("un");
        var schema = Store.Options.DatabaseSchemaName;
        await using (var connection = (NpgsqlConnection)Store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync();
            // The guard as the first version wrote it, without the erasure's exception.
            await using var older = new NpgsqlCommand($"""
                create or replace function {schema}.{AppendOnlyJournal.Name}() returns trigger language plpgsql as $f$
                begin
                  raise exception 'le journal est en ajout seul : % refusé sur %', tg_op, tg_table_name;
                end;
                $f$
                """, connection);
            await older.ExecuteNonQueryAsync();
        }
        (await Store.Storage.Database.CreateMigrationAsync()).Difference.ShouldBe(SchemaPatchDifference.Update, "the test starts from an older guard");

        await Store.Storage.Database.ApplyAllConfiguredChangesToDatabaseAsync();

        (await Store.Storage.Database.CreateMigrationAsync()).Difference.ShouldBe(SchemaPatchDifference.None);
        await RefusedAsync(s => s.Store(new AuditEntry { Id = entry.Id, At = entry.At, Kind = AuditKind.Import, Summary = "réécrit" }), "UPDATE");
    }

    private async Task<AuditEntry> RecordAsync(string summary)
    {
        await using var session = Store.LightweightSession();
        var entry = Audit.Record(session, App.Clock, AuditKind.Import, AppFixture.LoginOf(EctLifecycle.Accounts.Role.Staff), summary);
        await session.SaveChangesAsync();
        return entry;
    }

    private async Task RefusedAsync(Action<IDocumentSession> change, string operation)
    {
        await using var session = Store.LightweightSession();
        change(session);
        var refused = await Should.ThrowAsync<Exception>(() => session.SaveChangesAsync());
        var postgres = Inner<PostgresException>(refused).ShouldNotBeNull(refused.ToString());
        postgres.SqlState.ShouldBe(AppendOnlyJournal.SqlState);
        postgres.MessageText.ShouldContain($"le journal est en ajout seul : {operation} refusé");
    }

    private static T? Inner<T>(Exception? e) where T : Exception => e switch
    {
        null => null,
        T found => found,
        AggregateException all => all.InnerExceptions.Select(Inner<T>).FirstOrDefault(x => x is not null),
        _ => Inner<T>(e.InnerException),
    };
}
