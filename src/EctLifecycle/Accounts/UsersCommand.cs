using EctLifecycle.Journal;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EctLifecycle.Accounts;

public sealed class UsersInput : NetCoreInput
{
    [Description("add (ajoute un compte), token (émet un jeton personnel pour un compte), disable / enable (désactive / réactive un compte), password (change le mot de passe d'un compte), role (change le rôle d'un compte), email (change l'adresse électronique d'un compte), list (liste les comptes) ou demo (comptes de démonstration)")]
    public string Action { get; set; } = "";

    [Description("Identifiant de connexion du compte")]
    public string Login { get; set; } = "";

    [FlagAlias("role"), Description("staff, analyst ou admin (pour add et role)")]
    public string? RoleFlag { get; set; }

    [FlagAlias("name"), Description("Nom affiché (par défaut l'identifiant) ; pour token, le nom du jeton")]
    public string? NameFlag { get; set; }

    [FlagAlias("email"), Description("Adresse électronique (pour email) ; vide, elle est retirée")]
    public string? EmailFlag { get; set; }

    [FlagAlias("password"), Description("Mot de passe (10 caractères au moins) ; sans lui, un mot de passe est tiré et affiché")]
    public string? PasswordFlag { get; set; }
}

[Description("Gère les comptes : users add LOGIN --role admin, users token LOGIN, users disable LOGIN, users enable LOGIN, users password LOGIN, users role LOGIN --role analyst, users email LOGIN --email nom@domaine.fr, users list, users demo", Name = "users")]
public sealed class UsersCommand : JasperFxAsyncCommand<UsersInput>
{
    public UsersCommand()
    {
        Usage("Liste les comptes, ou crée les comptes de démonstration").Arguments(x => x.Action);
        Usage("Ajoute, désactive ou réactive un compte, change son mot de passe ou son rôle, ou émet un jeton pour lui").Arguments(x => x.Action, x => x.Login);
    }

    public override async Task<bool> Execute(UsersInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var time = host.Services.GetRequiredService<TimeProvider>();
        switch (input.Action.Trim().ToLowerInvariant())
        {
            case "add": return await AddAsync(store, time, input);
            case "token": return await IssueTokenAsync(store, time, input);
            case "disable" or "enable" or "password" or "role": return await ChangeAccountAsync(store, time, input);
            case "email": return await ChangeEmailAsync(store, time, input);
            case "list": await ListAsync(store); return true;
            case "demo": await DemoAccounts.EnsureAsync(store, time, print: true); return true;
            default:
                AnsiConsole.MarkupLineInterpolated($"[red]Action inconnue « {input.Action} » : add, token, disable, enable, password, role, email, list ou demo[/]");
                return false;
        }
    }

    private static async Task<bool> AddAsync(IDocumentStore store, TimeProvider time, UsersInput input)
    {
        var problems = new List<string>();
        var login = UserAccount.NormalizeLogin(input.Login);
        if (UserAccount.LoginProblem(login) is { } badLogin) problems.Add(badLogin);
        var role = ReadRole(input.RoleFlag);
        if (role is null) problems.Add("--role est obligatoire : staff, analyst ou admin");
        var password = input.PasswordFlag ?? UserAccount.NewPassword();
        if (UserAccount.PasswordProblem(password) is { } weak) problems.Add(weak);

        await using var session = store.LightweightSession();
        if (problems.Count == 0 && await session.LoadAsync<UserAccount>(login) is not null) problems.Add($"le compte « {login} » existe déjà");
        if (problems.Count > 0)
        {
            foreach (var p in problems) AnsiConsole.MarkupLineInterpolated($"[red]{p}[/]");
            return false;
        }
        session.Insert(UserAccount.Create(login, input.NameFlag ?? login, role!.Value, password, time.GetUtcNow()));
        Audit.Record(session, time, AuditKind.AccountCreated, Audit.CommandLine, $"Compte « {login} » créé, rôle {role.Value.InFrench()}.", login,
            Audit.OnTheServer(new() { ["role"] = role.Value.ToString().ToLowerInvariant() }));
        await session.SaveChangesAsync();
        AnsiConsole.MarkupLineInterpolated($"[green]Compte créé[/] : {login} ({role})");
        if (input.PasswordFlag is null) PrintDrawn(password, "à changer ou à transmettre de façon sûre");
        return true;
    }

    /// <summary>A personal token for scripts (the benchmark harness among them), as the account page issues one: shown once.</summary>
    private static async Task<bool> IssueTokenAsync(IDocumentStore store, TimeProvider time, UsersInput input)
    {
        var login = UserAccount.NormalizeLogin(input.Login);
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<UserAccount>(login) is not { Disabled: false })
        {
            AnsiConsole.MarkupLineInterpolated($"[red]aucun compte actif « {login} »[/]");
            return false;
        }
        var (secret, token) = ApiToken.Issue(login, input.NameFlag ?? "ligne de commande", time.GetUtcNow());
        session.Insert(token);
        Audit.Record(session, time, AuditKind.TokenIssued, Audit.CommandLine, $"Jeton personnel {token.Hint} émis pour « {login} ».", login,
            Audit.OnTheServer(new() { ["tokenHint"] = token.Hint }));
        await session.SaveChangesAsync();
        AnsiConsole.MarkupLineInterpolated($"[green]Jeton émis[/] pour {login} (affiché une seule fois) :");
        Console.Out.WriteLine(secret); // alone on standard output: TOKEN=$(… users token LOGIN)
        return true;
    }

    /// <summary>
    /// disable, enable, password, role: as the users page does. Disabling, a new password and a new role end the
    /// account's sessions at once; enabling and a new password lift a sign-in lockout.
    /// </summary>
    private static async Task<bool> ChangeAccountAsync(IDocumentStore store, TimeProvider time, UsersInput input)
    {
        var action = input.Action.Trim().ToLowerInvariant();
        var login = UserAccount.NormalizeLogin(input.Login);
        var password = action == "password" ? input.PasswordFlag ?? UserAccount.NewPassword() : null;
        if (password is not null && UserAccount.PasswordProblem(password) is { } weak)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{weak}[/]");
            return false;
        }
        var role = ReadRole(input.RoleFlag);
        if (action == "role" && role is null)
        {
            AnsiConsole.MarkupLine("[red]--role est obligatoire : staff, analyst ou admin[/]");
            return false;
        }
        await using var session = store.LightweightSession();
        if (login.Length == 0 || await session.LoadAsync<UserAccount>(login) is not { } user)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]aucun compte « {login} »[/]");
            return false;
        }
        string done;
        switch (action)
        {
            case "disable":
                user.Disable();
                done = "désactivé ; ses sessions sont fermées";
                Audit.Record(session, time, AuditKind.AccountDisabled, Audit.CommandLine, $"Compte « {login} » {done}.", login, Audit.OnTheServer());
                break;
            case "enable":
                user.Enable();
                session.Delete<SignInFailures>(SignInFailures.IdOf(login));
                done = "réactivé";
                Audit.Record(session, time, AuditKind.AccountEnabled, Audit.CommandLine, $"Compte « {login} » {done}.", login, Audit.OnTheServer());
                break;
            case "role":
                var before = user.Role;
                user.ChangeRole(role!.Value);
                done = $"a le rôle {role.Value.InFrench()} ; ses sessions sont fermées";
                Audit.Record(session, time, AuditKind.AccountChanged, Audit.CommandLine,
                    $"Rôle de « {login} » changé : {before.InFrench()} → {role.Value.InFrench()} ; ses sessions sont fermées.", login,
                    Audit.OnTheServer(new() { ["role"] = role.Value.ToString().ToLowerInvariant(), ["previousRole"] = before.ToString().ToLowerInvariant() }));
                break;
            default:
                user.SetPassword(password!);
                session.Delete<SignInFailures>(SignInFailures.IdOf(login));
                done = "a un nouveau mot de passe ; ses sessions sont fermées";
                Audit.Record(session, time, AuditKind.PasswordChanged, Audit.CommandLine,
                    $"Mot de passe de « {login} » changé en ligne de commande ; ses sessions sont fermées.", login, Audit.OnTheServer());
                break;
        }
        session.Store(user);
        await session.SaveChangesAsync();
        AnsiConsole.MarkupLineInterpolated($"[green]Compte « {login} »[/] {done}.");
        if (password is not null && input.PasswordFlag is null) PrintDrawn(password, "affiché une seule fois, à transmettre de façon sûre");
        return true;
    }

    /// <summary>An account's address, as the users page sets it; the person chooses on « Mon compte » what it receives.</summary>
    private static async Task<bool> ChangeEmailAsync(IDocumentStore store, TimeProvider time, UsersInput input)
    {
        var login = UserAccount.NormalizeLogin(input.Login);
        if (input.EmailFlag is null)
        {
            AnsiConsole.MarkupLine("[red]--email est obligatoire : --email nom@domaine.fr, ou --email \"\" pour retirer l'adresse[/]");
            return false;
        }
        var address = UserAccount.NormalizeEmail(input.EmailFlag);
        if (UserAccount.EmailProblem(address) is { } bad)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{bad}[/]");
            return false;
        }
        await using var session = store.LightweightSession();
        if (login.Length == 0 || await session.LoadAsync<UserAccount>(login) is not { } user)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]aucun compte « {login} »[/]");
            return false;
        }
        user.Email = address;
        session.Store(user);
        Audit.Record(session, time, AuditKind.AccountChanged, Audit.CommandLine,
            $"Adresse électronique de « {login} » {(address is null ? "retirée" : "changée")} en ligne de commande.", login, Audit.OnTheServer());
        await session.SaveChangesAsync();
        AnsiConsole.MarkupLineInterpolated($"[green]Compte « {login} »[/] : adresse électronique {(address is null ? "retirée" : "enregistrée")} ({user.MailChoiceInFrench}).");
        return true;
    }

    /// <summary>A drawn password is the command's result: alone on standard output (PASSWORD=$(… users add …)); the message on standard error.</summary>
    private static void PrintDrawn(string password, string advice)
    {
        AnsiConsole.MarkupLineInterpolated($"Mot de passe tiré ({advice}) :");
        Console.Out.WriteLine(password);
    }

    private static Role? ReadRole(string? text) => Enum.TryParse<Role>(text, ignoreCase: true, out var r) && Enum.IsDefined(r) ? r : null;

    private static async Task ListAsync(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        var table = new Table().AddColumns("Identifiant", "Nom", "Rôle", "Créé le", "Actif");
        foreach (var u in (await session.Query<UserAccount>().ToListAsync()).OrderBy(u => u.Id))
            table.AddRow(Markup.Escape(u.Id), Markup.Escape(u.DisplayName), u.Role.InFrench(), BusinessCalendar.DayOf(u.CreatedAt).ToString("dd/MM/yyyy"), u.Disabled ? "non" : "oui");
        Cli.Consoles.Payload.Write(table);
    }
}

/// <summary>
/// Ready-made accounts for the demo only: created next to the demo portfolio in an empty database, printed by
/// deploy/run. Their passwords are public (README); never run the demo against a real database.
/// </summary>
public static class DemoAccounts
{
    public static readonly IReadOnlyList<(string Login, string Name, Role Role, string Password)> All =
    [
        ("admin", "Administratrice (démo)", Role.Admin, "demo-admin-2024"),
        ("equipe", "Chargée de mission (démo)", Role.Staff, "demo-equipe-2024"),
        ("analyste", "Analyste (démo)", Role.Analyst, "demo-analyste-2024"),
    ];

    public static async Task EnsureAsync(IDocumentStore store, TimeProvider time, bool print)
    {
        await using var session = store.LightweightSession();
        foreach (var (login, name, role, password) in All)
            if (await session.LoadAsync<UserAccount>(login) is null)
            {
                session.Insert(UserAccount.Create(login, name, role, password, time.GetUtcNow()));
                Audit.Record(session, time, AuditKind.AccountCreated, Audit.CommandLine,
                    $"Compte de démonstration « {login} » créé, rôle {role.InFrench()}.", login,
                    Audit.OnTheServer(new() { ["role"] = role.ToString().ToLowerInvariant() }));
            }
        await session.SaveChangesAsync();
        if (!print) return;
        AnsiConsole.MarkupLine("[bold]Comptes de démonstration[/] (démo seulement) :");
        foreach (var (login, _, role, password) in All)
            AnsiConsole.MarkupLineInterpolated($"  {role.InFrench(),-15} identifiant [bold]{login}[/]  mot de passe [bold]{password}[/]");
    }
}
