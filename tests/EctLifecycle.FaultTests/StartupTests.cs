using System.Net;
using System.Net.Sockets;

namespace EctLifecycle.FaultTests;

/// <summary>
/// The app started, as a process, without a connection string, on a port where no PostgreSQL listens, or with a wrong
/// password: serving and every command that needs the database print one French sentence on stderr saying what to set,
/// and exit non-zero; help and codegen need no database at all.
/// </summary>
public sealed class StartupTests(ITestOutputHelper output)
{
    private const string Schema = "ect_fault_startup";
    private static readonly string[] Serving = ["--urls", "http://127.0.0.1:0"];
    private static readonly string[] Replay = ["replay", "--as-of", "2024-06-30"];
    private static readonly string[] Users = ["users", "list"];

    public static TheoryData<string> NeedingTheDatabase => new() { "serving", "replay", "users" };

    private static string[] Args(string what) => what switch { "serving" => Serving, "replay" => Replay, _ => Users };

    [Theory, MemberData(nameof(NeedingTheDatabase))]
    public async Task without_a_connection_string_it_says_to_set_ECT_CONNECTION_STRING_and_exits_non_zero(string what)
    {
        var run = await AppProcess.RunCommandAsync(null, Schema, Args(what));
        ShouldBeOneFrenchSentence(run, "ECT_CONNECTION_STRING n'est pas définie");
    }

    [Theory, MemberData(nameof(NeedingTheDatabase))]
    public async Task on_a_port_where_no_postgresql_listens_it_says_to_start_it_or_fix_host_and_port(string what)
    {
        var port = ClosedPort();
        var run = await AppProcess.RunCommandAsync($"Host=127.0.0.1;Port={port};Database=ect;Username=ect;Password=x", Schema, Args(what));
        ShouldBeOneFrenchSentence(run, $"PostgreSQL ne répond pas sur 127.0.0.1:{port}");
    }

    [Fact]
    public async Task with_a_wrong_password_serving_and_commands_say_to_fix_username_and_password()
    {
        await using var pg = await ThrowawayPostgres.StartAsync();
        var wrong = pg.ConnectionString().Replace($"Password={pg.Password}", "Password=pas-le-bon");
        foreach (var what in new[] { "serving", "replay" })
            ShouldBeOneFrenchSentence(await AppProcess.RunCommandAsync(wrong, Schema, Args(what)),
                "PostgreSQL refuse l'utilisateur « ect » ou son mot de passe");
    }

    [Fact]
    public async Task help_and_codegen_need_no_database()
    {
        var help = await AppProcess.RunCommandAsync(null, Schema, "help");
        output.WriteLine(help.ToString());
        help.ExitCode.ShouldBe(0, help.ToString());
        help.Stdout.ShouldContain("users");
        var codegen = await AppProcess.RunCommandAsync("Host=127.0.0.1;Port=1;Database=ect;Username=ect;Password=x", Schema, "codegen", "preview");
        codegen.ExitCode.ShouldBe(0, codegen.ToString());
    }

    private void ShouldBeOneFrenchSentence(AppProcess.CommandResult run, string saying)
    {
        output.WriteLine(run.ToString());
        run.ExitCode.ShouldNotBe(0);
        var error = run.Stderr.Trim();
        error.ShouldStartWith(saying);
        error.ShouldNotContain('\n');
        error.ShouldEndWith(".");
        (run.Stdout + run.Stderr).ShouldNotContain("Exception");
    }

    /// <summary>A port of 127.0.0.1 that was free a moment ago: nothing listens there.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
