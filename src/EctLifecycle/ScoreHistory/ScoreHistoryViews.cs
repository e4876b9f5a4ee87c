using System.Security.Cryptography;
using System.Text;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;

namespace EctLifecycle.ScoreHistory;

/// <summary>
/// The analysts' SQL: two views over the <see cref="ScorePeriod"/> documents, made and checked by Marten with the rest of
/// the schema, so that R, LibreOffice Base or a spreadsheet read the score history without the app. <c>score_history</c>
/// has one row per project, grid and period; <c>current_portfolio</c> the rows holding on today's Paris day. Their columns
/// (<see cref="Columns"/>) are a contract, documented in the README and asserted by a test: a change is deliberate.
/// The project, grid and dates are Marten's duplicated columns (<see cref="ScoreHistorySchema"/>), so that a query on them
/// uses the table's indexes (the app's drifts read the view so while rows an older version left are not filled yet), and so
/// are the score and the pillars' means, which the drifts count. The facts the portfolio's figures, the sample and the
/// drifts read (<see cref="ScorePeriod.FactColumns"/>) are columns too, read here with their JSON as a fallback for rows an
/// older version left unfilled; every other column reads the document's JSON.
/// </summary>
public sealed class ScoreHistoryViews(StoreOptions options) : FeatureSchemaBase("ect_score_history_views", options.Advanced.Migrator)
{
    public const string History = "score_history";
    public const string Current = "current_portfolio";

    /// <summary>The read-only role the deploy scripts create for the analysts; granted SELECT on the two views only.</summary>
    public const string ReaderRole = "ect_reader";

    /// <summary>
    /// The periods of grid G holding at date D: grid = G and "from" <= D and ("to" is null or "to" > D), with the project,
    /// the registration sequence, the score, the pillars' means and the facts the figures read (<see cref="ScorePeriod.FactColumns"/>)
    /// carried in the index (INCLUDE), so that the distribution, the portfolio's figures and the order of its pages, and the
    /// qualitative sample at a date read this index alone.
    /// </summary>
    public const string AtDateIndex = "ect_scoreperiod_grid_to_from";

    /// <summary>The portfolio's order under a grid (registration order), a page at a time.</summary>
    public const string OrderIndex = "ect_scoreperiod_grid_sequence";

    /// <summary>
    /// A project's periods under a grid, with their dates, registration sequence, score and pillars' means carried in the
    /// index (INCLUDE): the drifts, the arcs and the few projects' periods (<c>OfProjectsAsync</c>) read this index alone when
    /// the table's pages are all visible.
    /// </summary>
    public const string ProjectIndex = "ect_scoreperiod_project_grid";

    /// <summary>
    /// The periods not filled yet (<see cref="Unfilled"/>): rows written before the score, the means and the facts had
    /// columns of their own (<see cref="ScorePeriod.StoredColumns"/>), which the start-up fills from their JSON. No period is
    /// written without them, so this index stays empty and lets each start, and each drift, know in an instant that nothing
    /// is left to fill.
    /// </summary>
    public const string UnfilledIndex = "ect_scoreperiod_unfilled";

    /// <summary>
    /// What an unfilled row lacks: its key (rows older than every stored column), its emergence's day (rows older than
    /// the cohorts' facts and the drifts' anchors, which came together), or its commune (rows older than the staff's page's
    /// facts, the commune and the hub's support, which came together). None is ever null in a row written since. The
    /// condition of <see cref="UnfilledIndex"/>: a query that repeats it reads that index.
    /// </summary>
    public const string Unfilled = "key IS NULL OR emerged_on IS NULL OR commune IS NULL";

    /// <summary>
    /// The periods that hold on some 31 December, those of the cohort drift by year: a period holds on the 31 December of
    /// its first day's year exactly when it ends in a later year, or has not ended. With the project, the dates, the score
    /// and the pillars' means (INCLUDE), so that the drift reads them from this index alone: at L, 1.27 million of grid
    /// v1's 4.29 million periods, in an index of 344 MB after a new import, against 1.2 GB for the covering index of
    /// (project, grid).
    /// </summary>
    public const string YearEndsIndex = "ect_scoreperiod_year_ends";

    /// <summary>The condition of <see cref="YearEndsIndex"/>, which a query repeats, as written, for PostgreSQL to use it.</summary>
    public const string HoldsOnAYearEnd = "(\"to\" IS NULL OR EXTRACT(year FROM \"to\") > EXTRACT(year FROM \"from\"))";

    /// <summary>
    /// The periods within which an anniversary of an alignment anchor falls (<see cref="ScorePeriod.Anniversaries"/>), by grid
    /// and first day, with the project, the score, the pillars' means, the anniversaries and the anchors' days (INCLUDE): the
    /// aligned drift reads them from this index alone. At M, a third of the periods have some (any anchor), an eighth those of
    /// the end of the hub's support.
    /// </summary>
    public const string AnniversariesIndex = "ect_scoreperiod_anniversaries";

    /// <summary>The condition of <see cref="AnniversariesIndex"/>, which a query repeats, as written, for PostgreSQL to use it.</summary>
    public const string HasAnniversaries = "(anniversaries <> 0)";

    /// <summary>
    /// The periods written before they held their anniversaries (<see cref="ScorePeriod.Anniversaries"/> null, rows of an
    /// older version of the app until the rebuild its new fingerprint starts rewrites them): empty once rewritten, so that the
    /// aligned drift knows in an instant whether it can read the anniversaries.
    /// </summary>
    public const string WithoutAnniversariesIndex = "ect_scoreperiod_without_anniversaries";

    /// <summary>
    /// The score history's indexes besides Marten's own, each as PostgreSQL writes its shape after <c>USING btree</c> in
    /// <c>pg_indexes</c>. They are not made with the schema (at L, an index of the 16 GB table takes minutes, longer than
    /// any command's timeout, and would hold the app's start): the start-up makes those missing or of another shape,
    /// without blocking the writes (<see cref="EventStore.IScorePeriodRows.EnsureIndexesAsync"/>), while the questions are
    /// answered, slower, without them. Marten is told to leave them in place (<see cref="ScoreHistorySchema"/>).
    /// </summary>
    public static IReadOnlyList<(string Name, string Shape)> IndexShapes { get; } =
    [
        (AtDateIndex, $"(grid, \"to\", \"from\") INCLUDE (project_id, registration_sequence, {string.Join(", ", ScorePeriod.AtDateColumns.Select(c => c.Name))})"),
        (OrderIndex, "(grid, registration_sequence)"),
        (ProjectIndex, $"(project_id, grid) INCLUDE (\"from\", \"to\", registration_sequence, {string.Join(", ", ScorePeriod.ValueColumns.Select(c => c.Name))})"),
        (UnfilledIndex, "(id) WHERE ((key IS NULL) OR (emerged_on IS NULL) OR (commune IS NULL))"),
        (YearEndsIndex, $"(grid, project_id) INCLUDE (\"from\", \"to\", {string.Join(", ", ScorePeriod.ValueColumns.Select(c => c.Name))}) " +
            "WHERE ((\"to\" IS NULL) OR (EXTRACT(year FROM \"to\") > EXTRACT(year FROM \"from\")))"),
        (AnniversariesIndex, $"(grid, \"from\") INCLUDE (project_id, {string.Join(", ", ScorePeriod.ValueColumns.Select(c => c.Name))}, anniversaries, " +
            "emerged_on, first_hub_support_ended_on, first_legal_form_adopted_on, first_carrier_lost_on, first_funding_on) WHERE (anniversaries <> 0)"),
        (WithoutAnniversariesIndex, "(grid) WHERE (anniversaries IS NULL)"),
    ];

    /// <summary>The name an index is built under before it replaces the one of <paramref name="name"/>.</summary>
    public static string Building(string name) => $"{name}_new";

    /// <summary>The name the index of <paramref name="name"/> takes when a new one replaces it, until it is dropped.</summary>
    public static string Replaced(string name) => $"{name}_old";

    /// <summary>
    /// Up to <paramref name="batch"/> rows written before the score, the means and the facts had columns of their own get them
    /// from their JSON (found through <see cref="UnfilledIndex"/>), those after the id <c>@last</c> in the ids' order; the
    /// statement answers the last id of its batch (null once there is none), from which the next batch goes on. At L, one
    /// UPDATE of all 8.57 million periods took 15 min 40 s and held every filled row back from the reads until it committed;
    /// a batch at a time, the reads find each batch filled once it commits, and a stopped start keeps what it filled. Each
    /// row is visited once: one whose JSON lacks its key or its emergence's day stays unfilled (the drifts then read it from
    /// the views) instead of being taken again by every batch.
    /// </summary>
    public static string FillSql(string schema, string table, int batch) =>
        $"WITH batch AS (SELECT id FROM {schema}.{table} WHERE ({Unfilled}) AND id > @last ORDER BY id LIMIT {batch}), " +
        $"filled AS (UPDATE {schema}.{table} d SET {string.Join(", ", ScorePeriod.StoredColumns.Select(c => $"{c.Name} = {c.FromJson("d.data")}"))} " +
        "FROM batch b WHERE d.id = b.id) SELECT max(id) FROM batch";

    /// <summary>Registers the documents and the views (Program.cs, and the tests' own stores).</summary>
    public static void Register(StoreOptions options)
    {
        options.Schema.For<ScorePeriod>();
        options.Storage.Add(new ScoreHistoryViews(options));
    }

    /// <summary>One column of the views: its name, its PostgreSQL type (as information_schema names it), how it is read.</summary>
    public sealed record Column(string Name, string Type, string Sql, string Comment);

    public static IReadOnlyList<Column> Columns { get; } = MakeColumns();

    private static List<Column> MakeColumns()
    {
        static Column Text(string name, string field, string comment) => new(name, "text", $"d.data ->> '{field}'", comment);
        static Column Typed(string name, string type, string field, string comment) => new(name, type, $"(d.data ->> '{field}')::{type}", comment);
        // The French label of a value read by the SQL expression <wire>.
        static Column Label(string name, Type list, string wire, string comment) => new(name, "text", LabelCase(list, wire), comment);
        // Marten's duplicated column, of the same type as the JSON's value.
        static Column Duplicated(string name, string type, string column, string comment) => new(name, type, $"d.{column}::{type}", comment);
        // A fact's duplicated column (ScorePeriod.FactColumns), read from the JSON while the start-up has not filled it yet
        // (rows of an older version of the app): the drifts group by these, and must not find them empty.
        static Column Fact(string name, string type, string column, string field, string comment) => new(name, type, FactSql(type, column, field), comment);
        return
        [
            Duplicated("project_id", "uuid", "project_id", "identifiant du projet"),
            Fact("project_key", "text", "key", "key", "clé du projet (P007…)"),
            Fact("name", "text", "name", "name", "nom du projet"),
            Fact("sector", "text", "sector", "sector", "secteur"),
            Fact("commune", "text", "commune", "commune", "commune"),
            Duplicated("grid", "text", "grid", "version de la grille ECT (v1, v2…)"),
            Duplicated("valid_from", "date", "\"from\"", "premier jour de la période (date métier)"),
            Duplicated("valid_to", "date", "\"to\"", "jour du changement suivant, exclu ; vide tant que la période dure"),
            Fact("stage", "text", "stage", "stage", "étape (idea, collective, structuring, operating, paused, stopped)"),
            Label("stage_label", typeof(Stage), FactSql("text", "stage", "stage"), "étape en français"),
            Duplicated("score", "integer", "score", "score ECT"),
            Typed("max_score", "integer", "maxScore", "score maximal de la grille"),
            Fact("ect_potential", "boolean", "ect_potential", "ectPotential", "potentiel ECT : le score atteint le seuil de la grille"),
            .. Grid.PillarIds.Select(p => Duplicated($"{p.Replace('-', '_')}_mean", "double precision",
                $"{p.Replace('-', '_')}_mean", $"moyenne des critères du pilier {p} (0 à 3)")),
            Fact("legal_form", "text", "legal_form", "legalForm", "forme juridique (vide sans forme adoptée)"),
            Label("legal_form_label", typeof(LegalForm), FactSql("text", "legal_form", "legalForm"), "forme juridique en français"),
            Text("path", "path", "voie de structuration (vide sans voie choisie)"),
            Label("path_label", typeof(StructuringPath), "d.data ->> 'path'", "voie de structuration en français"),
            Fact("emergence_year", "integer", "emergence_year", "emergenceYear", "année d'émergence"),
            Fact("emergence_context", "text", "emergence_context", "emergenceContext", "cadre d'émergence"),
            Label("emergence_context_label", typeof(EmergenceContext), FactSql("text", "emergence_context", "emergenceContext"), "cadre d'émergence en français"),
            Fact("hub_role", "text", "hub_role", "hubRole", "rôle du pôle à l'émergence"),
            Label("hub_role_label", typeof(HubRole), FactSql("text", "hub_role", "hubRole"), "rôle du pôle en français"),
            Fact("hub_accompaniment", "boolean", "hub_accompaniment_active", "hubAccompanimentActive", "accompagné par le pôle pendant la période"),
            Fact("carrier_present", "boolean", "carrier_present", "carrierPresent", "un porteur est identifié"),
            Typed("public_share", "double precision", "publicShare", "part publique des financements actifs (0 à 1)"),
            Typed("active_actors", "integer", "activeActors", "acteurs actifs"),
            Fact("stopped_on", "date", "stopped_on", "stoppedOn", "date d'arrêt du projet (vide s'il n'est pas arrêté)"),
            Fact("ever_accompanied_by_hub", "boolean", "ever_accompanied_by_hub", "everAccompaniedByHub", "accompagné par le pôle à un moment, jusqu'à la fin de la période"),
            Fact("first_hub_support_ended_on", "date", "first_hub_support_ended_on", "firstHubSupportEndedOn", "première fin d'accompagnement du pôle (vide sinon)"),
            Fact("first_legal_form_adopted_on", "date", "first_legal_form_adopted_on", "firstLegalFormAdoptedOn", "première forme juridique adoptée (vide sinon)"),
            Fact("first_carrier_lost_on", "date", "first_carrier_lost_on", "firstCarrierLostOn", "première perte du porteur (vide sinon)"),
            Fact("first_funding_on", "date", "first_funding_on", "firstFundingOn", "premier financement obtenu (vide sinon)"),
        ];
    }

    // A fact's column, or its JSON while the column is empty.
    private static string FactSql(string type, string column, string field) => $"coalesce(d.{column}::{type}, (d.data ->> '{field}')::{type})";

    // The French label of a list's value, from the app's own table of labels.
    private static string LabelCase(Type list, string wire) =>
        $"case {wire} {string.Join(" ", Vocabulary.WireNames(list).Select(w => $"when {Literal(w)} then {Literal(FrenchLabels.Of(list, w) ?? w)}"))} end";

    private static string Literal(string text) => $"'{text.Replace("'", "''")}'";

    public override Type StorageType => typeof(ScoreHistoryViews);

    public override IEnumerable<Type> DependentTypes() => [typeof(ScorePeriod)];

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        var table = ((IReadOnlyStoreOptions)options).Schema.For<ScorePeriod>(qualified: false);
        yield return new Views(options.DatabaseSchemaName, table);
    }

    /// <summary>
    /// Both views as one object, since one is read from the other. PostgreSQL rewrites a view's text, so Weasel's own
    /// comparison of it would drop and create the views at every start (and with them the role's grants): the views'
    /// comments carry a fingerprint of their whole definition instead, compared at each start. Created again, they are
    /// granted to the role again when it exists.
    /// </summary>
    private sealed class Views(string schema, string table) : ISchemaObject
    {
        private readonly string _sql = CreateSql(schema, table);
        private readonly string _historyComment = "Historique des scores ECT : une ligne par projet, grille et période.";
        private readonly string _currentComment = "Portefeuille du jour (jour de Paris) : la période de chaque projet et grille qui vaut aujourd'hui.";

        public DbObjectName Identifier { get; } = new PostgresqlObjectName(schema, History, SchemaUtils.IdentifierUsage.General);

        // Of everything the creation writes but the mark itself: a changed comment or grant creates the views again too.
        private string Fingerprint => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join("\n", _sql, _historyComment, _currentComment, ColumnComments, Grant))))[..12].ToLowerInvariant();

        private string Mark => $"(définition {Fingerprint})";

        public IEnumerable<DbObjectName> AllNames()
        {
            yield return Identifier;
            yield return new PostgresqlObjectName(schema, Current, SchemaUtils.IdentifierUsage.General);
        }

        public void WriteDropStatement(Migrator rules, TextWriter writer)
        {
            writer.WriteLine($"DROP VIEW IF EXISTS {schema}.{Current};");
            writer.WriteLine($"DROP VIEW IF EXISTS {schema}.{History};");
        }

        public void WriteCreateStatement(Migrator rules, TextWriter writer)
        {
            WriteDropStatement(rules, writer);
            writer.WriteLine(_sql);
            writer.WriteLine($"COMMENT ON VIEW {schema}.{History} IS {Literal($"{_historyComment} {Mark}")};");
            writer.WriteLine($"COMMENT ON VIEW {schema}.{Current} IS {Literal($"{_currentComment} {Mark}")};");
            writer.WriteLine(ColumnComments);
            writer.WriteLine(Grant);
        }

        private string ColumnComments => string.Join("\n", Columns.Select(c => $"COMMENT ON COLUMN {schema}.{History}.{c.Name} IS {Literal(c.Comment)};"));

        // The scripts create the role; a view created again after it has lost its grants, so the creation grants again.
        private string Grant => $"""
            DO $grant$ BEGIN
              IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ReaderRole}') THEN
                GRANT USAGE ON SCHEMA {schema} TO {ReaderRole};
                GRANT SELECT ON {schema}.{History}, {schema}.{Current} TO {ReaderRole};
              END IF;
            END $grant$;
            """;

        private static string CreateSql(string schema, string table) => $"""
            CREATE VIEW {schema}.{History} AS
            SELECT {string.Join(",\n       ", Columns.Select(c => $"{c.Sql} AS {c.Name}"))}
            FROM {schema}.{table} d;
            CREATE VIEW {schema}.{Current} AS
            SELECT h.* FROM {schema}.{History} h
            WHERE h.valid_from <= (now() AT TIME ZONE 'Europe/Paris')::date
              AND (h.valid_to IS NULL OR h.valid_to > (now() AT TIME ZONE 'Europe/Paris')::date);
            """;

        public void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder)
        {
            var inSchema = builder.AddParameter(schema).ParameterName;
            builder.Append($"""

                select c.relname::text, coalesce(obj_description(c.oid, 'pg_class'), '') from pg_class c
                  join pg_namespace n on n.oid = c.relnamespace
                where c.relkind = 'v' and n.nspname = :{inSchema} and c.relname in ('{History}', '{Current}');
                """);
        }

        public async Task<ISchemaObjectDelta> CreateDeltaAsync(System.Data.Common.DbDataReader reader, CancellationToken ct = default)
        {
            var marked = 0;
            var found = 0;
            while (await reader.ReadAsync(ct))
            {
                found++;
                if ((await reader.GetFieldValueAsync<string>(1, ct)).EndsWith(Mark, StringComparison.Ordinal)) marked++;
            }
            return new SchemaObjectDelta(this, (found, marked) switch
            {
                (0, _) => SchemaPatchDifference.Create,
                (2, 2) => SchemaPatchDifference.None,
                _ => SchemaPatchDifference.Update,
            });
        }
    }
}
