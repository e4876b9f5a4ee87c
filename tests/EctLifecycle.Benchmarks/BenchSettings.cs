namespace EctLifecycle.Benchmarks;

/// <summary>What one run measures and where: the database, the app's own schema, the built app and the size.</summary>
public sealed record BenchSettings(string Connection, string Schema, string AppDll, Size Size, int Seed, bool Smoke, string Command)
{
    /// <summary>The measures of this run beside the import (which every run needs): all when null.</summary>
    public IReadOnlySet<string>? Only { get; init; }

    public static readonly string[] Measures = ["import", "logging", "rebuild", "project", "portfolio", "drifts", "durability"];

    public bool Runs(string measure) => Only is null || Only.Contains(measure);

    /// <summary>The app built next to this harness (same configuration), found from the repository root.</summary>
    public static string FindAppDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/{Configuration}/net10.0
        var dll = Path.Combine(RepositoryRoot(), "src", "EctLifecycle", "bin", configuration, "net10.0", "EctLifecycle.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"build the app first: {dll}");
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EctLifecycle.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("EctLifecycle.sln not found above the harness");
    }
}
