using EctLifecycle.TestSupport;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace EctLifecycle.FaultTests;

/// <summary>
/// The built app (src/EctLifecycle/bin/{Configuration}/net10.0/EctLifecycle.dll) as its own OS process, in the
/// production environment, on a free port of 127.0.0.1, against the connection string and schema a test gives.
/// It can be killed with SIGKILL and started again on the same port (clients keep their base address). Everything it
/// writes on stdout and stderr goes, line by line, to TestResults/fault/{name}.log and stays readable through
/// <see cref="Output"/>, so a test can count log lines (`fail:`) and a failure can be read afterwards.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly string _connection, _schema;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly List<string> _output = [];
    private readonly List<string> _stdout = [];
    private readonly StreamWriter _log;
    private Process _process = null!;
    public Uri BaseUrl { get; }
    public string LogPath { get; }

    private AppProcess(string name, string connection, string schema, IReadOnlyDictionary<string, string>? environment)
    {
        (_connection, _schema, _environment) = (connection, schema, environment ?? new Dictionary<string, string>());
        BaseUrl = new Uri($"http://127.0.0.1:{FreePort()}");
        Directory.CreateDirectory(ResultsFolder);
        LogPath = Path.Combine(ResultsFolder, $"{name}.log");
        _log = new StreamWriter(LogPath, append: false) { AutoFlush = true };
    }

    public static string ResultsFolder => Path.Combine(BuiltApp.RepositoryRoot(), "TestResults", "fault");

    /// <summary>Starts the app (with <paramref name="environment"/>'s variables, if any) and returns once its /health answers 200.</summary>
    public static async Task<AppProcess> StartAsync(
        string name, string connection, string schema, IReadOnlyDictionary<string, string>? environment = null)
    {
        var app = new AppProcess(name, connection, schema, environment);
        await app.StartAgainAsync();
        return app;
    }

    /// <summary>Starts the app again (after <see cref="KillAsync"/>) on the same port; returns once /health answers 200.</summary>
    public async Task StartAgainAsync()
    {
        Keep($"---- start of the app, {DateTimeOffset.Now:O}");
        var info = StartInfo(_connection, _schema, ["--urls", BaseUrl.ToString()]);
        foreach (var (variable, value) in _environment) info.Environment[variable] = value;
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) =>
        {
            Keep(e.Data);
            if (e.Data is not null) lock (_stdout) _stdout.Add(e.Data);
        };
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 600; i++)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the app stopped at start-up; its output is in {LogPath}");
            try { if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return; }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the app did not answer /health within a minute; its output is in {LogPath}");
    }

    /// <summary>kill -9: no shutdown, no flush, as when the machine or the container dies.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true); // SIGKILL on Linux
        await _process.WaitForExitAsync();
        Keep($"---- app killed, {DateTimeOffset.Now:O}");
    }

    /// <summary>The kernel's high-water mark of the app's resident memory (VmHWM) since it last started, in MB.</summary>
    public double PeakMemoryMb()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return double.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>The CPU time the app has used since it last started (user + system, /proc/PID/stat), in seconds.</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // from the state field: utime and stime are 11 and 12
        return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture)
                + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>Every line the app wrote on stdout and stderr so far, across restarts.</summary>
    public IReadOnlyList<string> Output { get { lock (_output) return [.. _output]; } }

    /// <summary>The lines the app wrote on standard output alone.</summary>
    public IReadOnlyList<string> StandardOutput { get { lock (_stdout) return [.. _stdout]; } }

    /// <summary>A client of the app; with a token, signed in by it (see <see cref="IssueAdminTokenAsync"/>).</summary>
    public HttpClient Client(string? token = null)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>Creates an admin account through the app's command line and returns a personal API token of it.</summary>
    public async Task<string> IssueAdminTokenAsync()
    {
        var add = await RunCommandAsync(_connection, _schema, "users", "add", "panne", "--role", "admin", "--password", "panne-mot-de-passe");
        add.ExitCode.ShouldBe(0, add.ToString());
        var token = await RunCommandAsync(_connection, _schema, "users", "token", "panne", "--name", "tests de panne");
        return TokenPattern().Match(token.Stdout) is { Success: true } m ? m.Value : throw new InvalidOperationException($"no token printed:\n{token}");
    }

    public sealed record CommandResult(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit code {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    /// <summary>Runs one command of the app's command line to its end; a null connection runs it with none set at all.</summary>
    public static async Task<CommandResult> RunCommandAsync(string? connection, string schema, params string[] args)
    {
        using var process = Process.Start(StartInfo(connection, schema, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{string.Join(' ', args)}` did not end within 2 minutes");
        }
        return new CommandResult(process.ExitCode, await output, await error);
    }

    private static ProcessStartInfo StartInfo(string? connection, string schema, IEnumerable<string> args)
    {
        var dll = BuiltApp.Dll();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        // The tests' own environment (deploy/test) sets the app's variables to the shared test database: replace them.
        info.Environment.Remove("ECT_CONNECTION_STRING");
        info.Environment.Remove("ConnectionStrings__Ect");
        if (connection is not null) info.Environment["ECT_CONNECTION_STRING"] = connection;
        info.Environment["ECT_SCHEMA"] = schema;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.WorkingDirectory = Path.GetDirectoryName(dll)!;
        return info;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Add(line);
            _log.WriteLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("ect_[0-9a-f]{48}")]
    private static partial Regex TokenPattern();

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        lock (_output) _log.Dispose();
    }
}
