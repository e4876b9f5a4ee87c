using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace EctLifecycle.BrowserTests;

/// <summary>
/// The real app, started as its own process on a free port of 127.0.0.1, on the PostgreSQL that deploy/test provides,
/// in a schema of its own (so the API tests can run at the same time), with the demo portfolio and demo accounts.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    public const string Schema = "ect_browser";
    private readonly Process _process;
    private readonly List<string> _log = [];
    public Uri BaseUrl { get; }

    private AppProcess(Process process, Uri baseUrl) { _process = process; BaseUrl = baseUrl; }

    public string Log { get { lock (_log) return string.Join('\n', _log.TakeLast(80)); } }

    public static async Task<AppProcess> StartAsync()
    {
        var connection = Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")
            ?? throw new InvalidOperationException("ECT_TEST_CONNECTION_STRING is not set: run the browser tests with deploy/test, which provides PostgreSQL.");
        await using (var db = new NpgsqlConnection(connection))
        {
            await db.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop schema if exists {Schema} cascade", db);
            await drop.ExecuteNonQueryAsync();
        }
        var dll = AppDll();
        await RunAsync(dll, connection, "demo");

        var port = FreePort();
        var info = Start(dll, connection, ["--urls", $"http://127.0.0.1:{port}"]);
        var app = new AppProcess(Process.Start(info)!, new Uri($"http://127.0.0.1:{port}"));
        app._process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (app._log) app._log.Add(e.Data); };
        app._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (app._log) app._log.Add(e.Data); };
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        await app.WaitUntilHealthyAsync();
        return app;
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 240; i++)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the app stopped at start-up:\n{Log}");
            try { if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return; }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"the app did not answer /health within a minute:\n{Log}");
    }

    private static async Task RunAsync(string dll, string connection, params string[] args)
    {
        var info = Start(dll, connection, args);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"`{string.Join(' ', args)}` failed ({process.ExitCode}):\n{await output}\n{await error}");
    }

    private static ProcessStartInfo Start(string dll, string connection, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["ECT_CONNECTION_STRING"] = connection;
        info.Environment["ECT_SCHEMA"] = Schema;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.WorkingDirectory = Path.GetDirectoryName(dll)!;
        return info;
    }

    /// <summary>The app as built with the same configuration as these tests.</summary>
    private static string AppDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/{Configuration}/net10.0
        var dll = Path.Combine(RepositoryRoot(), "src", "EctLifecycle", "bin", configuration, "net10.0", "EctLifecycle.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"build the app first: {dll}");
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EctLifecycle.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("EctLifecycle.sln not found above the test output");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
