using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace EctLifecycle.Benchmarks;

/// <summary>
/// The built app, run as its own process on a free port of 127.0.0.1 (Kestrel, production environment), in the
/// benchmark's schema. Its peak memory is the kernel's high-water mark of its resident set (VmHWM).
/// </summary>
public sealed partial class AppUnderTest : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _log = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public Uri BaseUrl => Http.BaseAddress!;
    public HttpClient Http { get; }

    private AppUnderTest(Process process, string token)
    {
        _process = process;
        // One connection per concurrent client at most; the harness never runs more than 16 at once.
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(30) })
        {
            Timeout = TimeSpan.FromMinutes(30),
        };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public int ProcessId => _process.Id;

    public static async Task<AppUnderTest> StartAsync(BenchSettings settings, string token)
    {
        // Port 0: Kestrel binds a port the system knows is free and says which (a port probed here could be taken before the app binds it).
        var info = StartInfo(settings, ["--urls", "http://127.0.0.1:0"]);
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        var app = new AppUnderTest(Process.Start(info)!, token);
        app._process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        app._process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        app.Http.BaseAddress = await app.ListeningAddressAsync();
        await app.WaitUntilHealthyAsync();
        return app;
    }

    /// <summary>
    /// Creates the benchmark's admin account and issues it a token through the app's command line. A run that measures an
    /// earlier run's data again (--reuse-data) finds the account that run created, and keeps it.
    /// </summary>
    public static async Task<string> IssueTokenAsync(BenchSettings settings)
    {
        try { await RunAsync(settings, "users", "add", "bench", "--role", "admin", "--password", "bench-password-2024"); }
        catch (InvalidOperationException e) when (settings.ReuseData && e.Message.Contains("existe déjà", StringComparison.Ordinal)) { }
        var output = await RunAsync(settings, "users", "token", "bench", "--name", "benchmark");
        return TokenPattern().Match(output) is { Success: true } m ? m.Value
            : throw new InvalidOperationException($"no token in the output of `users token`:\n{output}");
    }

    /// <summary>The peak resident memory of the app since it started, in MB.</summary>
    public double PeakMemoryMb()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return double.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024;
        return double.NaN;
    }

    /// <summary>CPU time the app has used since it started (user + system), in seconds: robust to other load on the machine.</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // utime and stime are fields 14 and 15 of the line, counted from the pid; here from the state field (3).
        return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
    }

    public string Log { get { lock (_log) return string.Join('\n', _log); } }

    // The seconds from the start to the end of its own work.
    private readonly TaskCompletionSource<double> _startWorkDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _started = Stopwatch.GetTimestamp();

    /// <summary>
    /// Waits for the start's own work on the portfolio to be over, the day's watch list computed, found kept, or not
    /// computed during a rebuild (the app says which in its log), at most <paramref name="max"/>: at L the list reads every
    /// project's periods for 20-30 s, 94 s alongside the logging measure, whose CPU per milestone it nearly doubled
    /// (docs/benchmarks.md). The seconds from the start to its end, or null past <paramref name="max"/>.
    /// </summary>
    public async Task<double?> StartWorkDoneAsync(TimeSpan max)
    {
        if (await Task.WhenAny(_startWorkDone.Task, Task.Delay(max)) != _startWorkDone.Task) return null;
        return await _startWorkDone.Task;
    }

    // ECT_BENCH_APP_LOG=<file>: every line the apps print is also appended there (the kept 200 lines go with the app).
    private static readonly string? LogFile = Environment.GetEnvironmentVariable("ECT_BENCH_APP_LOG");
    private static readonly Lock LogFileLock = new();

    private void Keep(string? line)
    {
        if (line is null) return;
        if (LogFile is not null) lock (LogFileLock) File.AppendAllText(LogFile, $"[{_process.Id}] {line}\n");
        lock (_log)
        {
            _log.Enqueue(line);
            while (_log.Count > 200) _log.Dequeue();
        }
        if (ListeningOn().Match(line) is { Success: true } m) _listening.TrySetResult(new Uri(m.Groups[1].Value));
        if (!_startWorkDone.Task.IsCompleted && WatchListSettled().IsMatch(line))
            _startWorkDone.TrySetResult(Stopwatch.GetElapsedTime(_started).TotalSeconds);
    }

    private async Task<Uri> ListeningAddressAsync()
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_listening.Task, exited, Task.Delay(TimeSpan.FromMinutes(2)));
        if (first == _listening.Task) return await _listening.Task;
        throw new InvalidOperationException(first == exited
            ? $"the app stopped at start-up:\n{Log}" : $"the app did not say where it listens within 2 minutes:\n{Log}");
    }

    private async Task WaitUntilHealthyAsync()
    {
        for (var i = 0; i < 1200; i++)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the app stopped at start-up:\n{Log}");
            try { if ((await Http.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return; }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the app did not answer /health within 2 minutes:\n{Log}");
    }

    public static async Task<string> RunAsync(BenchSettings settings, params string[] args)
    {
        using var process = Process.Start(StartInfo(settings, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"`{string.Join(' ', args)}` failed ({process.ExitCode}):\n{await output}\n{await error}");
        return await output;
    }

    private static ProcessStartInfo StartInfo(BenchSettings settings, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(settings.AppDll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["ECT_CONNECTION_STRING"] = settings.Connection;
        info.Environment["ECT_SCHEMA"] = settings.Schema;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.WorkingDirectory = Path.GetDirectoryName(settings.AppDll)!;
        return info;
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();

    // The watch list handler's and the start's lines (WatchLists.cs): computed, kept already, not computed, or the ask failed.
    [GeneratedRegex(@"Liste de surveillance du .*(calculée en|déjà calculée|non calculée)|Liste de surveillance du jour : la demande au démarrage a échoué")]
    private static partial Regex WatchListSettled();

    [GeneratedRegex("ect_[0-9a-f]{48}")]
    private static partial Regex TokenPattern();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
