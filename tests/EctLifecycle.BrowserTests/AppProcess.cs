using EctLifecycle.TestSupport;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Npgsql;

namespace EctLifecycle.BrowserTests;

/// <summary>
/// The real app, started as its own process on a free port of 127.0.0.1, on the PostgreSQL that deploy/test provides,
/// in a schema of its own (so the API tests can run at the same time), with the demo portfolio and demo accounts.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    public const string Schema = "ect_browser";
    private readonly Process _process;
    private readonly List<string> _log = [];
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public Uri BaseUrl { get; private set; } = null!;

    private AppProcess(Process process) { _process = process; }

    public string Log { get { lock (_log) return string.Join('\n', _log.TakeLast(80)); } }

    /// <summary>
    /// The app with the demo portfolio in <paramref name="schema"/> (emptied first), with <paramref name="settings"/> besides
    /// the suite's (environment variables: a test of its own that needs another setting starts its own app).
    /// </summary>
    public static async Task<AppProcess> StartAsync(string schema = Schema, IReadOnlyDictionary<string, string>? settings = null)
    {
        var connection = Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")
            ?? throw new InvalidOperationException("ECT_TEST_CONNECTION_STRING is not set: run the browser tests with deploy/test, which provides PostgreSQL.");
        await using (var db = new NpgsqlConnection(connection))
        {
            await db.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop schema if exists {schema} cascade", db);
            await drop.ExecuteNonQueryAsync();
        }
        var dll = BuiltApp.Dll();
        await RunAsync(dll, connection, schema, settings, "demo");

        // Port 0: Kestrel binds a port the system knows is free and says which; a port probed here and handed over
        // could be taken in between (by another suite, or by the system for an outgoing connection).
        var info = Start(dll, connection, schema, settings, ["--urls", "http://127.0.0.1:0"]);
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        var app = new AppProcess(Process.Start(info)!);
        app._process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        app._process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        app.BaseUrl = await app.ListeningAddressAsync();
        await app.WaitUntilHealthyAsync();
        return app;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_log) _log.Add(line);
        if (ListeningOn().Match(line) is { Success: true } m) _listening.TrySetResult(new Uri(m.Groups[1].Value));
    }

    private async Task<Uri> ListeningAddressAsync()
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_listening.Task, exited, Task.Delay(TimeSpan.FromMinutes(1)));
        if (first == _listening.Task) return await _listening.Task;
        throw new InvalidOperationException(first == exited
            ? $"the app stopped at start-up:\n{Log}" : $"the app did not say where it listens within a minute:\n{Log}");
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();

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

    private static async Task RunAsync(string dll, string connection, string schema, IReadOnlyDictionary<string, string>? settings, params string[] args)
    {
        var info = Start(dll, connection, schema, settings, args);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"`{string.Join(' ', args)}` failed ({process.ExitCode}):\n{await output}\n{await error}");
    }

    private static ProcessStartInfo Start(string dll, string connection, string schema, IReadOnlyDictionary<string, string>? settings, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["ECT_CONNECTION_STRING"] = connection;
        info.Environment["ECT_SCHEMA"] = schema;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        // Every page of the suite signs in from the same address, dozens of times a minute; the per-address limit (10 a
        // minute) is the HTTP tests' to prove, not a reason for these to wait on the sign-in page.
        info.Environment["SignIn__AttemptsPerAddress"] = "1000";
        // The reports' page shows its report once computed (the demo's in a second or less), not the page that says it is
        // being computed, which a loaded machine could show past the default wait of 3 s.
        info.Environment["Reports__WaitAtView"] = "00:00:30";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) info.Environment[name] = value;
        info.WorkingDirectory = Path.GetDirectoryName(dll)!;
        return info;
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
