using Npgsql;

namespace EctLifecycle.Faults;

/// <summary>
/// Before the app serves or runs a command that needs PostgreSQL, one connection is opened with the configured string;
/// when that fails the app prints one French sentence on stderr saying what to set, and exits with <see cref="ExitCode"/>,
/// instead of a stack trace (an abort when the string was missing, exit code 0 when serving on an unreachable server).
/// </summary>
public static class StartupCheck
{
    public const int ExitCode = 2;

    /// <summary>What to run when no connection string is needed (help, codegen): never opened.</summary>
    public const string Unused = "Host=localhost;Database=ect";

    // JasperFx's own commands that build the host without touching the database.
    private static readonly HashSet<string> WithoutDatabase = new(StringComparer.OrdinalIgnoreCase) { "help", "?", "codegen" };

    /// <summary>Serving (no arguments, or only options such as --urls) and every command but help and codegen.</summary>
    public static bool NeedsDatabase(string[] args) => args.Length == 0 || args[0].StartsWith('-') || !WithoutDatabase.Contains(args[0]);

    /// <summary>Null when the database answers; else the sentence to print.</summary>
    public static async Task<string?> ProblemAsync(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            return "ECT_CONNECTION_STRING n'est pas définie : donnez-lui la chaîne de connexion Npgsql de votre PostgreSQL " +
                   "(par exemple Host=localhost;Port=5432;Database=ect;Username=ect;Password=…), ou lancez l'application par deploy/run, qui en fournit une.";
        NpgsqlConnectionStringBuilder settings;
        try { settings = new NpgsqlConnectionStringBuilder(connectionString); }
        catch (ArgumentException)
        {
            return "ECT_CONNECTION_STRING n'est pas une chaîne de connexion Npgsql valide : écrivez-la sous la forme " +
                   "Host=localhost;Port=5432;Database=ect;Username=ect;Password=….";
        }
        var where = $"{settings.Host ?? "localhost"}:{settings.Port}";
        settings.Pooling = false;
        settings.Timeout = Math.Min(settings.Timeout, 10);
        try
        {
            await using var connection = new NpgsqlConnection(settings.ConnectionString);
            await connection.OpenAsync();
            await using var ping = new NpgsqlCommand("select 1", connection);
            await ping.ExecuteScalarAsync();
            return null;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            return $"PostgreSQL refuse l'utilisateur « {settings.Username} » ou son mot de passe sur {where} : corrigez Username= et Password= dans ECT_CONNECTION_STRING.";
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return $"La base « {settings.Database} » n'existe pas sur {where} : créez-la (createdb {settings.Database}) ou corrigez Database= dans ECT_CONNECTION_STRING.";
        }
        catch (PostgresException e)
        {
            return $"PostgreSQL sur {where} refuse la connexion pour l'instant (code {e.SqlState}) : relancez l'application quand il aura démarré, ou vérifiez ECT_CONNECTION_STRING.";
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return $"PostgreSQL ne répond pas sur {where} : démarrez-le (deploy/run le fait), ou corrigez Host= et Port= dans ECT_CONNECTION_STRING.";
        }
    }
}
