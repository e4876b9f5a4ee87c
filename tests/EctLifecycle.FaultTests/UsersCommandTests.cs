using System.Net;
using System.Text.RegularExpressions;
using Npgsql;

namespace EctLifecycle.FaultTests;

/// <summary>
/// `users disable`, `users enable`, `users password` and `users role`, run as an operator runs them while the app serves as
/// another process: the running app refuses the account's session cookie at its very next request, each change is in the journal, French messages, a non-zero
/// exit for an unknown login or a weak password. The app runs in production: its session cookie is Secure (but over plain
/// HTTP to localhost from the machine itself, deploy/run's case), and HSTS is sent to a request a trusted proxy received over HTTPS.
/// </summary>
public sealed partial class UsersCommandTests(ITestOutputHelper output)
{
    private OwnSchema _db = null!;
    private string _schema => _db.Name;
    private string _connection => _db.ConnectionString;

    [Fact]
    public async Task disable_enable_and_password_from_the_command_line_act_on_the_running_apps_sessions_at_once()
    {
        await using var db = await OwnSchema.CreateAsync("ect_users");
        _db = db;
        await RunAsync();
    }

    private async Task RunAsync()
    {
        await using var app = await AppProcess.StartAsync("users-command", _connection, _schema);
        (await UsersAsync(true, "add", "claire", "--role", "staff", "--password", "mot-de-passe-de-claire")).ShouldContain("Compte créé");
        var session = await SignInAsync(app, "claire", "mot-de-passe-de-claire");
        (await GetAsync(app, session)).ShouldBe(HttpStatusCode.OK);

        (await UsersAsync(true, "disable", "claire")).ShouldContain("Compte « claire » désactivé ; ses sessions sont fermées.");
        (await GetAsync(app, session)).ShouldBe(HttpStatusCode.Unauthorized, "refused at the next request by the running app");
        (await UsersAsync(true, "enable", "claire")).ShouldContain("Compte « claire » réactivé.");
        session = await SignInAsync(app, "claire", "mot-de-passe-de-claire");

        var drawn = await UsersAsync(true, "password", "claire");
        drawn.ShouldContain("Compte « claire » a un nouveau mot de passe ; ses sessions sont fermées.");
        drawn.ShouldContain("Mot de passe tiré (affiché une seule fois");
        var password = drawn.Split('\n')[0].Trim(); // the drawn password, alone on standard output
        password.Length.ShouldBeGreaterThanOrEqualTo(10, drawn);
        (await GetAsync(app, session)).ShouldBe(HttpStatusCode.Unauthorized);
        session = await SignInAsync(app, "claire", password);
        (await GetAsync(app, session)).ShouldBe(HttpStatusCode.OK);
        (await UsersAsync(true, "password", "claire", "--password", "choisi-par-l-admin")).ShouldNotContain("Mot de passe tiré");
        await SignInAsync(app, "claire", "choisi-par-l-admin");

        (await UsersAsync(false, "password", "claire", "--password", "court")).ShouldContain("le mot de passe doit compter au moins 10 caractères");
        foreach (var action in new[] { "disable", "enable", "password" })
            (await UsersAsync(false, action, "personne")).ShouldContain("aucun compte « personne »");

        session = await SignInAsync(app, "claire", "choisi-par-l-admin");
        (await UsersAsync(true, "role", "claire", "--role", "analyst")).ShouldContain("Compte « claire » a le rôle Analyste ; ses sessions sont fermées.");
        (await GetAsync(app, session)).ShouldBe(HttpStatusCode.Unauthorized, "the cookie carried the old role");
        (await UsersAsync(false, "role", "claire")).ShouldContain("--role est obligatoire : staff, analyst ou admin");
        await JournalHoldsTheCommandsAsync(app);

        // Production: the session cookie is Secure; HSTS goes with what a trusted proxy (here on loopback) got over HTTPS.
        using var http = app.Client();
        using var overHttps = new HttpRequestMessage(HttpMethod.Get, "/connexion");
        overHttps.Headers.Host = "ect.example.org";
        overHttps.Headers.Add("X-Forwarded-Proto", "https");
        (await http.SendAsync(overHttps)).Headers.GetValues("Strict-Transport-Security").Single().ShouldContain("max-age=");
        (await http.GetAsync("/connexion")).Headers.Contains("Strict-Transport-Security").ShouldBeFalse("never over plain HTTP");
        // deploy/run's case: http://localhost browsed from the machine itself signs in with a cookie that is not Secure.
        (await GetAsync(app, await SignInAsync(app, "admin-du-pole", "mot-de-passe-admin", localhost: true))).ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>Each change made from the command line is in the journal, signed « ligne de commande », in the order it was made.</summary>
    private async Task JournalHoldsTheCommandsAsync(AppProcess app)
    {
        await UsersAsync(true, "add", "admin-du-pole", "--role", "admin", "--password", "mot-de-passe-admin");
        var token = (await UsersAsync(true, "token", "admin-du-pole")).Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("ect_"));
        var exported = Path.Combine(Path.GetTempPath(), $"ect-journal-{Guid.NewGuid():N}.xlsx");
        try { (await AppProcess.RunCommandAsync(_connection, _schema, ["export", exported])).ExitCode.ShouldBe(0); }
        finally { File.Delete(exported); }
        using var http = app.Client(token);
        var answer = await http.GetAsync("/api/audit?who=ligne%20de%20commande");
        answer.StatusCode.ShouldBe(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        var entries = System.Text.Json.Nodes.JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["entries"]!.AsArray().Reverse().ToList();
        entries.Select(e => (e!["kind"]!.GetValue<string>(), e["login"]?.GetValue<string>())).ShouldBe(
        [
            ("accountCreated", "claire"), ("accountDisabled", "claire"), ("accountEnabled", "claire"),
            ("passwordChanged", "claire"), ("passwordChanged", "claire"), ("accountChanged", "claire"),
            ("accountCreated", "admin-du-pole"), ("tokenIssued", "admin-du-pole"), ("export", null),
        ]);
        entries.ShouldAllBe(e => e!["details"]!["systemUser"]!.GetValue<string>() == Environment.UserName, "the system account that ran the command");
        entries[^1]!["summary"]!.GetValue<string>().ShouldStartWith($"Export du portefeuille « {Path.GetFileName(exported)} » : 0 projet(s)");
        (await http.GetStringAsync("/api/audit?kind=signIn&who=claire")).ShouldContain("Connexion réussie.");
    }

    /// <summary>Runs `users ARGS…` and returns what it printed, after checking that it succeeded (exit code 0) or not.</summary>
    private async Task<string> UsersAsync(bool succeeds, params string[] args)
    {
        var run = await AppProcess.RunCommandAsync(_connection, _schema, ["users", .. args]);
        output.WriteLine($"$ users {string.Join(' ', args)}\n{run}");
        if (succeeds) run.ExitCode.ShouldBe(0, run.ToString());
        else run.ExitCode.ShouldNotBe(0, run.ToString());
        return run.Stdout + run.Stderr;
    }

    /// <summary>
    /// Signs in through the sign-in page as a browser does; returns the session cookie, checked Secure. The requests name
    /// the app by a host name, as through a proxy; with <paramref name="localhost"/>, by 127.0.0.1 as deploy/run's
    /// browser does, and then the cookie is not Secure.
    /// </summary>
    private static async Task<string> SignInAsync(AppProcess app, string login, string password, bool localhost = false)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.BaseUrl };
        if (!localhost) http.DefaultRequestHeaders.Host = "ect.example.org";
        using var form = await http.GetAsync("/connexion");
        var token = AntiForgeryToken().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/connexion")
        {
            Content = new FormUrlEncodedContent([new("Login", login), new("Password", password), new("__RequestVerificationToken", WebUtility.HtmlDecode(token))]),
        };
        post.Headers.Add("Cookie", string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        using var answer = await http.SendAsync(post);
        answer.StatusCode.ShouldBe(HttpStatusCode.Redirect, await answer.Content.ReadAsStringAsync());
        var cookie = answer.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ect.session="));
        if (localhost) cookie.ShouldNotContain("; secure", Case.Insensitive, "plain HTTP to localhost from this machine (deploy/run)");
        else cookie.ShouldContain("; secure", Case.Insensitive, "production cookies are Secure");
        return cookie.Split(';')[0];
    }

    private static async Task<HttpStatusCode> GetAsync(AppProcess app, string cookie)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = app.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/projects");
        request.Headers.Add("Cookie", cookie);
        return (await http.SendAsync(request)).StatusCode;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiForgeryToken();
}
