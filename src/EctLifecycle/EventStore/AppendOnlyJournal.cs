using EctLifecycle.Journal;
using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Triggers;

namespace EctLifecycle.EventStore;

/// <summary>
/// The journal's table refuses UPDATE and DELETE, whoever sends them, but for an erasure (<see cref="ErasureSetting"/>): a trigger on Marten's table of
/// <see cref="AuditEntry"/> documents raises an error, so that an entry stored once can neither be rewritten (a
/// <c>Store</c> of an existing id is an upsert) nor deleted by the app, a script or a careless session. Marten creates
/// and checks it with the rest of the schema, after the documents' tables (a storage feature of its own). TRUNCATE, a
/// statement of the owner of the tables that fires no row trigger, still empties it: the tests' reset does. A future
/// duplicated field on the journal would fail here, since Marten fills one with an UPDATE: add it in a new table instead.
/// </summary>
public sealed class AppendOnlyJournal(StoreOptions options) : FeatureSchemaBase("ect_journal", options.Advanced.Migrator)
{
    public const string Name = "ect_journal_append_only";

    /// <summary>The error the database answers an UPDATE or DELETE of an entry with (PostgreSQL's raise_exception).</summary>
    public const string SqlState = "P0001";

    /// <summary>
    /// The one exception, as for the events: in a transaction that sets it (<see cref="AllowErasureAsync"/>), an erasure of
    /// a person's name under the RGPD may rewrite entries (a file name that named the person); never delete one.
    /// </summary>
    public const string ErasureSetting = "ect.erasure";

    /// <summary>Lets <paramref name="transaction"/>, and it alone, rewrite journal entries until it ends (SET LOCAL).</summary>
    public static async Task AllowErasureAsync(Npgsql.NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new Npgsql.NpgsqlCommand($"set local {ErasureSetting} = 'on'", transaction.Connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }

    public override Type StorageType => typeof(AppendOnlyJournal);

    public override IEnumerable<Type> DependentTypes() => [typeof(AuditEntry)];

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        var schema = options.DatabaseSchemaName;
        var table = ((IReadOnlyStoreOptions)options).Schema.For<AuditEntry>(qualified: false);
        // Written as pg_get_functiondef renders it (but for the last semicolon), which Weasel compares it with at each start.
        yield return new ReplacedInPlace($"""
            CREATE OR REPLACE FUNCTION {schema}.{Name}()
             RETURNS trigger
             LANGUAGE plpgsql
            AS $function$
            begin
              if tg_op = 'UPDATE' and current_setting('{ErasureSetting}', true) = 'on' then
                return new;
              end if;
              raise exception 'le journal est en ajout seul : % refusé sur %', tg_op, tg_table_name;
            end;
            $function$;
            """);
        yield return new RefusingTrigger(schema, table)
        {
            Timing = TriggerTiming.Before, Events = TriggerEvents.Update | TriggerEvents.Delete, ForEachRow = true,
        };
    }

    /// <summary>
    /// The guard's function, changed in place (CREATE OR REPLACE) when its text changes: Weasel's own update drops the old
    /// function first, with the trigger that calls it, and creates the trigger again only at the next start, leaving the
    /// journal unguarded in between.
    /// </summary>
    private sealed class ReplacedInPlace(string sql) : Function(ParseIdentifier(sql), sql)
    {
        protected override ISchemaObjectDelta CreateFunctionDelta(FunctionBase? actual) => new InPlace(this, (Function?)actual);

        private sealed class InPlace(Function expected, Function? actual) : FunctionDelta(expected, actual)
        {
            public override void WriteUpdate(Migrator rules, TextWriter writer) => Expected.WriteCreateStatement(rules, writer);
        }
    }

    /// <summary>
    /// BEFORE UPDATE OR DELETE, FOR EACH ROW, calling the function above. Weasel's own comparison with
    /// pg_get_triggerdef sees a change at every start when a trigger has two events (the server lists them in another
    /// order) or when its function is in the search path (the server leaves the schema out): it is compared here by
    /// what the catalog says the trigger does instead.
    /// </summary>
    private sealed class RefusingTrigger(string schema, string table) : Trigger(
        new PostgresqlObjectName(schema, Name, SchemaUtils.IdentifierUsage.General),
        new PostgresqlObjectName(schema, table, SchemaUtils.IdentifierUsage.General), $"{schema}.{Name}()")
    {
        // pg_trigger.tgtype: 1 for each row, 2 before, 8 delete, 16 update.
        private const int RowBeforeDeleteUpdate = 1 | 2 | 8 | 16;

        public override void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder)
        {
            var name = builder.AddParameter(Name).ParameterName;
            var target = builder.AddParameter(table).ParameterName;
            var inSchema = builder.AddParameter(schema).ParameterName;
            builder.Append($"""

                select t.tgtype::int from pg_trigger t
                  join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
                  join pg_proc f on f.oid = t.tgfoid join pg_namespace fn on fn.oid = f.pronamespace
                where not t.tgisinternal and t.tgname = :{name} and c.relname = :{target} and n.nspname = :{inSchema}
                  and f.proname = :{name} and fn.nspname = :{inSchema};
                """);
        }

        public override async Task<ISchemaObjectDelta> CreateDeltaAsync(System.Data.Common.DbDataReader reader, CancellationToken ct = default)
        {
            if (!await reader.ReadAsync(ct)) return new SchemaObjectDelta(this, SchemaPatchDifference.Create);
            var type = await reader.GetFieldValueAsync<int>(0, ct);
            return new SchemaObjectDelta(this, type == RowBeforeDeleteUpdate ? SchemaPatchDifference.None : SchemaPatchDifference.Update);
        }
    }
}
