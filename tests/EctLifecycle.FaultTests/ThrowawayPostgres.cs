using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace EctLifecycle.FaultTests;

/// <summary>
/// A PostgreSQL cluster of one test, made by initdb under /var/tmp on a free port of 127.0.0.1, that the test may
/// stop and start (pg_ctl) while the app runs: the shared deploy/test server must never go down under the other suites.
/// As root (CI) the server runs as the `postgres` system user, which PostgreSQL requires. Binaries: ECT_FAULT_PG_BINDIR,
/// else ECT_PG_BINDIR, else the highest /usr/lib/postgresql/N/bin (N >= 15), else pg_ctl on PATH; none is a failure,
/// not a skip, since CI has them. Password authentication over TCP (SCRAM), so a wrong password is refused as in
/// production; the superuser is `ect`. Disposing stops the server and deletes its folder.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    public const string User = "ect";
    public const string Database = "ect";
    private static readonly bool AsRoot = Environment.IsPrivilegedProcess;
    private readonly string _bin, _root;
    public int Port { get; }
    public string Password { get; } = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
    private string Data => Path.Combine(_root, "data");

    private ThrowawayPostgres(string bin, string root, int port) { _bin = bin; _root = root; Port = port; }

    /// <summary>The Npgsql connection string of the cluster's `ect` database; <paramref name="extra"/> is appended.</summary>
    public string ConnectionString(string extra = "") =>
        $"Host=127.0.0.1;Port={Port};Database={Database};Username={User};Password={Password};Maximum Pool Size=60;{extra}";

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var root = Path.Combine("/var/tmp", $"ect-fault-pg-{Guid.NewGuid():N}"[..24]);
        var pg = new ThrowawayPostgres(FindBinaries(), root, FreePort());
        Directory.CreateDirectory(root);
        if (AsRoot) await RunAsync("chown", "postgres:postgres", root);
        var pwfile = Path.Combine(root, "pwfile");
        await using (var file = new FileStream(pwfile, new FileStreamOptions
               { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
            await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(pg.Password));
        if (AsRoot) await RunAsync("chown", "postgres:postgres", pwfile);
        await pg.AsPostgresAsync("initdb", "-D", pg.Data, "-U", User, "--pwfile", pwfile, "-E", "UTF8", "--locale", "C",
            "--auth-host", "scram-sha-256", "--auth-local", "trust", "--no-sync");
        File.Delete(pwfile);
        // Appended as root keeps the file's owner. fsync off: a test needs no durability against the machine's crash, only
        // against the server's (stop -m immediate), which the OS's cache survives; synchronous_commit stays on, since an
        // acknowledged commit whose WAL was still in the server's memory would be lost with it.
        await File.AppendAllTextAsync(Path.Combine(pg.Data, "postgresql.conf"),
            $"\nport = {pg.Port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{root}'\n" +
            "fsync = off\nfull_page_writes = off\nmax_connections = 200\n");
        await pg.StartServerAsync();
        await using (var db = new NpgsqlConnection(pg.ConnectionString().Replace($"Database={Database}", "Database=postgres")))
        {
            await db.OpenAsync();
            await new NpgsqlCommand($"create database {Database}", db).ExecuteNonQueryAsync();
        }
        return pg;
    }

    /// <summary>Starts the stopped server on the same port and data; returns once it accepts connections.</summary>
    public Task StartServerAsync() =>
        AsPostgresAsync("pg_ctl", "start", "-D", Data, "-l", Path.Combine(_root, "postgres.log"), "-w", "-t", "60");

    /// <summary>
    /// Stops the server: `fast` ends every session with admin_shutdown (a planned restart), `immediate` drops them
    /// like a crash (the next start recovers from the WAL).
    /// </summary>
    public Task StopServerAsync(string mode = "fast") =>
        AsPostgresAsync("pg_ctl", "stop", "-D", Data, "-m", mode, "-w", "-t", "60");

    public string ServerLog => File.Exists(Path.Combine(_root, "postgres.log")) ? File.ReadAllText(Path.Combine(_root, "postgres.log")) : "";

    private Task AsPostgresAsync(string tool, params string[] args) =>
        AsRoot ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
               : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string file, params string[] args)
    {
        // From / so that the postgres user never needs to read the test's working folder.
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"`{file} {string.Join(' ', args)}` failed ({process.ExitCode}):\n{await output}\n{await error}");
    }

    private static string FindBinaries()
    {
        bool Holds(string? d) => d is { Length: > 0 } && File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl"));
        foreach (var variable in new[] { "ECT_FAULT_PG_BINDIR", "ECT_PG_BINDIR" })
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } given)
                return Holds(given) ? given : throw new InvalidOperationException($"{variable}={given} does not hold initdb and pg_ctl");
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Major: int.TryParse(Path.GetFileName(d), out var m) ? m : 0, Bin: Path.Combine(d, "bin")))
                .Where(x => x.Major >= 15 && Holds(x.Bin)).OrderByDescending(x => x.Major).Select(x => x.Bin).FirstOrDefault()
            : null;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').FirstOrDefault(Holds);
        return installed ?? onPath ?? throw new InvalidOperationException(
            "The fault tests need PostgreSQL >= 15 server binaries (initdb, pg_ctl) to stop and start a cluster of their own: " +
            "apt-get install postgresql, or set ECT_FAULT_PG_BINDIR to their folder.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopServerAsync("immediate"); } catch (InvalidOperationException) { /* already stopped */ }
        if (_root.StartsWith("/var/tmp/ect-fault-pg-", StringComparison.Ordinal)) Directory.Delete(_root, recursive: true);
    }
}
