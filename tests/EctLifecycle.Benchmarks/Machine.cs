using System.Globalization;
using Npgsql;

namespace EctLifecycle.Benchmarks;

/// <summary>What the figures were measured on: the machine and the PostgreSQL settings that bound write speed.</summary>
public sealed record Machine(int Cores, double MemoryGb, string Cpu, string Runtime, string PostgresVersion, IReadOnlyList<(string Name, string Value)> Settings)
{
    /// <summary>The 1, 5 and 15-minute load averages now: other work on the machine skews every figure.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static readonly string[] Watched =
    [
        "fsync", "synchronous_commit", "full_page_writes", "wal_level", "shared_buffers", "work_mem", "max_wal_size",
        "checkpoint_timeout", "max_connections", "wal_buffers", "effective_cache_size",
    ];

    public static async Task<Machine> ReadAsync(NpgsqlDataSource db)
    {
        var settings = new List<(string, string)>();
        await using (var cmd = db.CreateCommand("select name, setting, coalesce(unit, '') from pg_settings where name = any($1) order by name"))
        {
            cmd.Parameters.AddWithValue(Watched);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) settings.Add((reader.GetString(0), Unit(reader.GetString(1), reader.GetString(2))));
        }
        await using var version = db.CreateCommand("show server_version");
        return new Machine(Environment.ProcessorCount, MemTotalGb(), CpuModel(), System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            (string)(await version.ExecuteScalarAsync())!, settings);
    }

    public bool Durable => Settings.Any(s => s.Name == "fsync" && s.Value == "on") && Settings.Any(s => s.Name == "synchronous_commit" && s.Value == "on");

    private static string Unit(string value, string unit) => unit switch
    {
        "8kB" when long.TryParse(value, out var pages) => $"{pages * 8 / 1024} MB",
        "kB" when long.TryParse(value, out var kb) => kb >= 1024 ? $"{kb / 1024} MB" : $"{kb} kB",
        "MB" => $"{value} MB",
        "" => value,
        _ => $"{value} {unit}",
    };

    private static double MemTotalGb()
    {
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:")) : null;
        return line is null ? double.NaN
            : Math.Round(double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024 / 1024, 1);
    }

    private static string CpuModel() =>
        (File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name")) : null)
        ?.Split(':', 2)[1].Trim() ?? "unknown";
}
