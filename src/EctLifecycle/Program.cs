using EctLifecycle.Timelines;
using System.Text.Json;
using System.Text.Json.Serialization;
using EctLifecycle;
using EctLifecycle.Accounts;
using EctLifecycle.Faults;
using EctLifecycle.Http;
using EctLifecycle.Http.OpenApi;
using EctLifecycle.Plans.Mail;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Web;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events;
using Marten;
using Npgsql;
using Weasel.Core;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

// Standard output carries only a command's payload; messages, JasperFx's own output and the logs go to standard error.
(args, var verbose) = EctLifecycle.Cli.Consoles.Route(args);
if (EctLifecycle.Cli.FrenchHelp.IsAsked(args)) return EctLifecycle.Cli.FrenchHelp.Write(Console.Out);
if (EctLifecycle.Cli.CommandHelp.Asked(args) is { } helpFor) return EctLifecycle.Cli.CommandHelp.Write(helpFor, Console.Out);

var builder = WebApplication.CreateBuilder(args);
builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
if (!EctLifecycle.Cli.Consoles.Serves(args)) builder.Configuration.AddInMemoryCollection(EctLifecycle.Cli.Consoles.CommandLogLevels(verbose));

var connectionString = builder.Configuration["ECT_CONNECTION_STRING"] ?? builder.Configuration.GetConnectionString("Ect");
if (StartupCheck.NeedsDatabase(args) && await StartupCheck.ProblemAsync(connectionString) is { } unreachable)
{
    await Console.Error.WriteLineAsync(unreachable);
    return StartupCheck.ExitCode;
}
connectionString ??= StartupCheck.Unused;
if (ReverseProxy.Trust(builder.Services, builder.Configuration[ReverseProxy.Variable]) is { } badProxies)
{
    await Console.Error.WriteLineAsync(badProxies);
    return StartupCheck.ExitCode;
}

// The CSS and scripts from the build output's manifest, as Development does by itself: deploy/run serves the build
// output in Production (a published app, as in the Docker image, has them in its wwwroot and no manifest: a no-op).
if (!builder.Environment.IsDevelopment()) builder.WebHost.UseStaticWebAssets();
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = JsonBody.MaxBytes);

// The app's clock: "today" in Paris, "not in the future" and every recording time read it (tests replace it).
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<BusinessCalendar>();
builder.Services.AddSingleton<EctLifecycle.Portfolio.PortfolioImporter>();
EctLifecycle.Portfolio.ImportLimits.Register(builder.Services, builder.Configuration);
builder.Services.AddSingleton(_ => GridCatalog.LoadFrom(GridCatalog.DefaultFolder));
builder.Services.AddSingleton<IAssessmentGrids>(services => services.GetRequiredService<GridCatalog>());
EctLifecycle.Plans.PlanSettings.Register(builder.Services, builder.Configuration);
EctLifecycle.Typology.TypologySettings.Register(builder.Services, builder.Configuration);
EctLifecycle.Communes.TerritoryRegistration.Register(builder.Services, builder.Configuration);
builder.Services.AddSingleton<EctLifecycle.Plans.PlanBook>();
// The directory of actors (issue 18): its events and read models, IActorIdentities from it, the milestones naming its actors.
EctLifecycle.Actors.ActorsConfiguration.AddActors(builder.Services, builder.Configuration);
// The hub's collective events (issue 19): their own streams, read model and analysis.
EctLifecycle.HubEvents.HubEventsConfiguration.Register(builder.Services);
EctLifecycle.Persistence.PersistenceRules.Register(builder.Services, builder.Configuration);
EctLifecycle.Network.NetworkSettings.Register(builder.Services, builder.Configuration);
builder.Services.AddSingleton<EctLifecycle.Durability.PortfolioReading>();
EctLifecycle.Analytics.PortfolioComputations.Register(builder.Services, builder.Configuration);
EctLifecycle.Durability.DurabilityPages.Register(builder.Services, builder.Configuration);
builder.Services.AddSingleton(EctLifecycle.Outputs.OutputSettings.Read(builder.Configuration));
builder.Services.AddSingleton(EctLifecycle.Figure.FigureSettings.Read(builder.Configuration));

builder.Services.ConfigureHttpJsonOptions(o => Json.Configure(o.SerializerOptions));
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
{
    // ASP.NET's own 500 is titled in English; the app's problems are all French.
    if (c.ProblemDetails.Status == StatusCodes.Status500InternalServerError && c.Exception is not null)
        (c.ProblemDetails.Title, c.ProblemDetails.Detail) = ("Erreur interne", "une erreur inattendue est survenue ; elle est consignée dans le journal de l'application");
});
builder.Services.AddExceptionHandler<OutageAnswers>();
builder.Services.AddEctAuthentication(builder.Environment);
builder.Services.AddSignInThrottling(builder.Configuration);
builder.Services.AddRazorPages(o => o.Conventions.AllowAnonymousToPage("/Connexion"))
    .AddMvcOptions(o => o.Filters.Add<EctLifecycle.Web.UnreadableForm>());
builder.Services.AddEctOpenApi();

// One pool for Marten and for the few places that open their own transaction (the import).
builder.Services.AddSingleton(_ => Database.DataSource(connectionString));

builder.Services.AddSingleton<IConfigureMarten, MartenFailureLog.Registration>();
// What goes below Marten's API (EventStore/), and the bounded read model of timelines that reads through it.
builder.Services.AddSingleton<IConfigureMarten, EctLifecycle.EventStore.StoreServices.Registration>();
builder.Services.AddSingleton<EctLifecycle.EventStore.IEventRows>(sp => new EctLifecycle.EventStore.MartenEventRows(
    sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<Npgsql.NpgsqlDataSource>()));
builder.Services.AddSingleton<EctLifecycle.EventStore.IScorePeriodRows>(sp => new EctLifecycle.EventStore.MartenScorePeriodRows(sp.GetRequiredService<IDocumentStore>()));
builder.Services.AddMarten(opts =>
    {
        // A separate schema lets another suite (the browser tests) share a database without touching this one.
        opts.DatabaseSchemaName = builder.Configuration["ECT_SCHEMA"] ?? "ect";
        opts.Events.StreamIdentity = StreamIdentity.AsGuid;
        // Two writes of the same project at once: the later one waits for the first's commit at the stream's version check
        // and is refused there (the quick append's MT003), which the write path retries (DatabaseFaults.IsConcurrentAppend).
        // Without the lock both can pass the check, and the loser fails on the events' (stream, version) key after drawing
        // sequence numbers, a gap in the events' sequence (seen in PostgreSQL's log at L under 16 clients).
        opts.Events.UseExclusiveLockOnConcurrentAppends = true;
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        foreach (var type in ProjectEvents.All) opts.Events.AddEventType(type);
        EctLifecycle.Privacy.EventMasks.Register(opts.Events);
        opts.Schema.For<IdempotencyRecord>();
        opts.Schema.For<ProjectKey>();
        opts.Schema.For<UserAccount>();
        opts.Schema.For<ApiToken>().Index(t => t.UserId);
        opts.Schema.For<SignInFailures>();
        opts.Schema.For<EctLifecycle.Journal.AuditEntry>().Index(e => e.At);
        opts.Storage.Add(new EctLifecycle.EventStore.AppendOnlyJournal(opts));
        opts.Schema.For<EctLifecycle.Privacy.Erasure>().UniqueIndex(e => e.Pseudonym).Duplicate(e => e.CompletedAt);
        opts.Schema.For<EctLifecycle.Plans.Plan>().Duplicate(p => p.Due).Duplicate(p => p.ProjectId).UniqueIndex(p => p.RuleKey!);
        opts.Schema.For<EctLifecycle.Plans.PlanReminderSent>();
        opts.Schema.For<EctLifecycle.Durability.WatchListSnapshot>();
        EctLifecycle.ScoreHistory.ScoreHistoryViews.Register(opts);
    })
    .UseNpgsqlDataSource()
    .UseLightweightSessions()
    .ApplyAllDatabaseChangesOnStartup()
    .IntegrateWithWolverine();
// The events Marten stamps itself (a registration starting its stream) are recorded by the app's clock too.
builder.Services.ConfigureMarten((services, opts) => opts.Events.TimeProvider = services.GetRequiredService<TimeProvider>());
// Each project's score periods under every grid of the catalog, projected inline (ScoreHistory/ScoreHistoryProjection.cs).
builder.Services.ConfigureMarten((services, opts) => EctLifecycle.ScoreHistory.ScoreHistorySchema.Register(opts,
    services.GetRequiredService<GridCatalog>(), services.GetRequiredService<EctLifecycle.EventStore.IEventRows>, // read when it runs: the rows read through the store
    services.GetRequiredService<EctLifecycle.EventStore.IScorePeriodRows>));

builder.Services.AddPlanMail(builder.Configuration);
builder.Services.AddHostedService<ReadModelWarmUp>();
builder.Services.AddSingleton<EctLifecycle.ScoreHistory.ScoreHistoryCheck>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<EctLifecycle.ScoreHistory.ScoreHistoryCheck>());
builder.Services.AddHostedService<EctLifecycle.Durability.WatchListAtStart>();
builder.Services.AddHostedService<EctLifecycle.Journal.SettingsJournal>();

builder.Host.UseWolverine(opts =>
{
    // Balanced: instances share the durable inbox and scheduled messages, the recurring schedules' agent runs on one of
    // them (a leader elected in PostgreSQL hands it out), so with two instances a plan's reminder still goes out once.
    opts.Durability.Mode = DurabilityMode.Balanced;
    EctLifecycle.Plans.PlanSchedules.Configure(opts, builder.Configuration.GetSection(EctLifecycle.Plans.PlanSettings.Section).Get<EctLifecycle.Plans.PlanSettings>() ?? new());
    MailSetup.RetryUnsentMail(opts);
#if !ROSLYN_FREE
    opts.UseRuntimeCompilation();
#endif
});
#if ROSLYN_FREE
builder.Services.CritterStackDefaults(x =>
{
    x.Production.GeneratedCodeMode = TypeLoadMode.Static;
    x.Production.AssertAllPreGeneratedTypesExist = true;
});
#endif
builder.Services.AddWolverineHttp();

var app = builder.Build();
// The territory's settings are checked against the official code at start: a wrong EPCI or class stops the app, in French.
try { app.Services.GetRequiredService<EctLifecycle.Communes.Territory>(); }
catch (InvalidOperationException e) when (e.Message.StartsWith("Réglages du territoire", StringComparison.Ordinal))
{
    await Console.Error.WriteLineAsync(e.Message);
    return StartupCheck.ExitCode;
}

// Before Marten's schema check (at the start, by db-apply, or at a command's first use of the store): the score history's
// columns a new version of the app adds are added empty (IScorePeriodRows.AddMissingColumnsAsync), which Marten would fill
// by an UPDATE of the whole table inside its migration. Only where the database is used (checked reachable above), and not
// by the commands that only report on the schema.
if (StartupCheck.NeedsDatabase(args) && !(args.Length > 0 && args[0] is "db-assert" or "db-patch" or "db-dump" or "describe"))
    await EctLifecycle.ScoreHistory.ScoreHistorySchema.AddMissingColumnsAsync(app.Services, app.Logger);
// Marten's `projections rebuild` rewrites each project's periods through the indexes the app's start makes: made first.
// It holds the rebuild's lock until it ends, as an instance's start and the admin route do: one rebuild at a time.
IAsyncDisposable? rebuildLock = null;
if (args.Length > 1 && args[0].Equals("projections", StringComparison.OrdinalIgnoreCase) && args.Contains("rebuild", StringComparer.OrdinalIgnoreCase) && StartupCheck.NeedsDatabase(args))
{
    await EctLifecycle.ScoreHistory.ScoreHistorySchema.EnsureIndexesAsync(app.Services, Console.Error, beforeRebuild: true);
    try
    {
        rebuildLock = await app.Services.GetRequiredService<EctLifecycle.EventStore.IScorePeriodRows>().LockRebuildAsync(
            () => Console.Error.WriteLine("Historique des scores : une instance de l'application le vérifie ou le reconstruit ; attente de la fin de son travail…"), CancellationToken.None);
    }
    catch (Npgsql.NpgsqlException e)
    {
        Console.Error.WriteLine($"Historique des scores : le verrou de la reconstruction n'a pas pu être pris ({e.Message.Split('\n')[0]}) ; la commande s'exécute sans lui.");
    }
}

// First, so that everything after sees the client's address and scheme as the trusted proxy received them.
app.UseForwardedHeaders();
if (app.Environment.IsProduction()) app.UseHsts();
app.UseExceptionHandler();
app.UseErrorPages();
// Routing after the error pages, so that the French page they re-execute for a browser is routed anew.
app.UseRouting();
app.UseBrowserGuards();
// Pages speak French (numbers, dates); the API's wire formats are culture-invariant by construction.
app.UseRequestLocalization(o => o.SetDefaultCulture("fr-FR").AddSupportedCultures("fr-FR").AddSupportedUICultures("fr-FR"));
app.UseStaticFiles();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.MapOpenApi().AllowAnonymous();
app.MapRazorPages();
app.MapWolverineEndpoints();

try
{
    return await app.RunJasperFxCommands(args);
}
finally
{
    if (rebuildLock is not null) await rebuildLock.DisposeAsync();
}

public partial class Program;

namespace EctLifecycle
{
    public static class Database
    {
        /// <summary>
        /// The app's connection pool. Unless the connection string says otherwise, a pooled connection is not reset
        /// with DISCARD ALL when it goes back to the pool (the app sets no session state: the reset only threw away
        /// the server's cached plans of Marten's append function, re-planned at every write). Statements are not
        /// prepared automatically, whatever the connection string says: with Npgsql's automatic preparation, a statement
        /// that fails on the very use that prepares it (an INSERT ... RETURNING refused in a transaction, as the loser of
        /// two racing writes is) stays corrupt on its connection, and the next write there fails with "Received
        /// unexpected backend message DataRow" (npgsql/npgsql#6391; tests/.../EventStore/PreparedStatements.cs).
        /// </summary>
        public static NpgsqlDataSource DataSource(string connectionString)
        {
            // NpgsqlConnectionStringBuilder.ContainsKey is true for any known keyword: what was given is read generically.
            var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
            bool Given(params string[] names) => names.Any(given.ContainsKey);
            var settings = new NpgsqlConnectionStringBuilder(connectionString);
            if (!Given("No Reset On Close", "NoResetOnClose")) settings.NoResetOnClose = true;
            settings.MaxAutoPrepare = 0;
            if (!Given("Application Name", "ApplicationName")) settings.ApplicationName = "ectlifecycle";
            // PostgreSQL's JIT compiles the portfolio's and the drifts' queries again at each run, for more than it saves
            // on their size: 61 ms of the 438 ms of the whole portfolio's query at M, and the aligned drift took 1.03 s
            // with it, 0.74 s without (docs/benchmarks.md). Unless the connection string's options say otherwise.
            if (settings.Options?.Contains("jit", StringComparison.OrdinalIgnoreCase) != true)
                settings.Options = $"{settings.Options} -c jit=off".TrimStart();
            return NpgsqlDataSource.Create(settings);
        }
    }

    public static class Json
    {
        /// <summary>camelCase, enums as camelCase strings: the API's wire format.</summary>
        public static void Configure(JsonSerializerOptions o)
        {
            o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        }
    }
}
