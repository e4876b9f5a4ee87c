using System.Diagnostics;
using Npgsql;

namespace EctLifecycle.Tests.Support;

/// <summary>
/// A plain-text pg_dump of the whole test database (every schema, every row), as deploy/lib/backup.sh finds pg_dump:
/// ECT_PG_BINDIR, else the newest under /usr/lib/postgresql, else the one on the PATH.
/// </summary>
public static class DatabaseDump
{
    public static async Task<string> TextAsync()
    {
        var settings = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ECT_CONNECTION_STRING"));
        var info = new ProcessStartInfo(PgDump())
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            ArgumentList = { "--no-owner", "--no-privileges", "--dbname", settings.Database! },
        };
        info.Environment["PGHOST"] = settings.Host;
        info.Environment["PGPORT"] = settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["PGUSER"] = settings.Username;
        if (settings.Password is { } password) info.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, await error);
        return await output;
    }

    private static string PgDump()
    {
        if (Environment.GetEnvironmentVariable("ECT_PG_BINDIR") is { Length: > 0 } bin) return Path.Combine(bin, "pg_dump");
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_dump")).Where(File.Exists)
                .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return installed ?? "pg_dump";
    }
}
