namespace EctLifecycle.TestSupport;

/// <summary>
/// Where the suites that run the app as its own process (browser, fault, benchmark) find the checkout and the app built
/// with their own configuration. One file, compiled into each of those projects.
/// </summary>
internal static class BuiltApp
{
    /// <summary>src/EctLifecycle/bin/{Configuration}/net10.0/EctLifecycle.dll, the configuration being this assembly's.</summary>
    public static string Dll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/{Configuration}/net10.0
        var dll = Path.Combine(RepositoryRoot(), "src", "EctLifecycle", "bin", configuration, "net10.0", "EctLifecycle.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"build the app first: {dll}");
    }

    /// <summary>The folder holding EctLifecycle.sln, above this assembly's output.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EctLifecycle.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("EctLifecycle.sln not found above the test output");
    }
}
