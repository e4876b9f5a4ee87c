using EctLifecycle.Accounts;
using EctLifecycle.Http;
using EctLifecycle.Journal;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages;

/// <summary>
/// Users (admin): add an account with its role, change its role, disable or enable it, reset its password, and see
/// everyone's tokens. Each change is in the journal, signed by the admin.
/// </summary>
[Authorize(Policy = Authentication.CanAdminister)]
public sealed class UtilisateursModel(IDocumentStore store, TimeProvider time) : PageModel
{
    public IReadOnlyList<UserAccount> Users { get; private set; } = [];
    public ILookup<string, ApiToken> Tokens { get; private set; } = Array.Empty<ApiToken>().ToLookup(t => t.UserId);
    public string? Message { get; private set; }
    public string? Problem { get; private set; }
    public string? ResetLogin { get; private set; }
    public string? NewPassword { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAjouterAsync(string? login, string? name, Role role, string? password)
    {
        var id = UserAccount.NormalizeLogin(login ?? "");
        await using var session = store.LightweightSession();
        var displayName = TypedText.Read(name ?? "", multiline: false, out var badName);
        if (UserAccount.LoginProblem(id) is { } badLogin) Problem = badLogin;
        else if (badName is not null) Problem = $"le nom {badName}";
        // A value no role has binds to the first one (équipe) without a word: refused instead.
        else if (!ModelState.IsValid || !Enum.IsDefined(role)) Problem = "rôle inconnu : Équipe, Analyste ou Administrateur";
        else if (UserAccount.PasswordProblem(password) is { } weak) Problem = weak;
        else if (await session.LoadAsync<UserAccount>(id) is not null) Problem = $"le compte « {id} » existe déjà";
        else
        {
            session.Insert(UserAccount.Create(id, string.IsNullOrEmpty(displayName) ? id : displayName, role, password!, time.GetUtcNow()));
            Audit.Record(session, time, AuditKind.AccountCreated, User.Login(), $"Compte « {id} » créé, rôle {role.InFrench()}.", id,
                new Dictionary<string, string> { ["role"] = role.ToString().ToLowerInvariant() });
            await session.SaveChangesAsync();
            Message = $"Compte « {id} » créé.";
        }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostBasculerAsync(string? id)
    {
        await using var session = store.LightweightSession();
        if (id == User.Login()) Problem = "vous ne pouvez pas désactiver votre propre compte";
        else if (await AccountAsync(session, id) is { } user)
        {
            if (user.Disabled)
            {
                user.Enable();
                session.Delete<SignInFailures>(SignInFailures.IdOf(user.Id));
            }
            else user.Disable(); // ends the account's sessions at once
            session.Store(user);
            Audit.Record(session, time, user.Disabled ? AuditKind.AccountDisabled : AuditKind.AccountEnabled, User.Login(),
                user.Disabled ? $"Compte « {id} » désactivé ; ses sessions sont fermées." : $"Compte « {id} » réactivé.", id);
            await session.SaveChangesAsync();
            Message = $"Compte « {id} » {(user.Disabled ? "désactivé" : "réactivé")}.";
        }
        await LoadAsync();
        return Page();
    }

    /// <summary>A new password, drawn and shown once to the admin: the account's sessions end and its lockout is lifted.</summary>
    public async Task<IActionResult> OnPostReinitialiserAsync(string? id)
    {
        await using var session = store.LightweightSession();
        if (id == User.Login()) Problem = "changez votre propre mot de passe sur « Mon compte »";
        else if (await AccountAsync(session, id) is { } user)
        {
            var password = UserAccount.NewPassword();
            user.SetPassword(password);
            session.Store(user);
            session.Delete<SignInFailures>(SignInFailures.IdOf(user.Id));
            Audit.Record(session, time, AuditKind.PasswordChanged, User.Login(),
                $"Mot de passe de « {id} » réinitialisé par un administrateur ; ses sessions sont fermées.", id);
            await session.SaveChangesAsync();
            (ResetLogin, NewPassword) = (id, password);
        }
        await LoadAsync();
        return Page();
    }

    /// <summary>Another role for an account: its sessions end, so that it signs in again with the rights of the new one.</summary>
    public async Task<IActionResult> OnPostRoleAsync(string? id, Role role)
    {
        await using var session = store.LightweightSession();
        if (id == User.Login()) Problem = "vous ne pouvez pas changer votre propre rôle";
        else if (!ModelState.IsValid || !Enum.IsDefined(role)) Problem = "rôle inconnu : Équipe, Analyste ou Administrateur";
        else if (await AccountAsync(session, id) is { } user && user.Role != role)
        {
            var before = user.Role;
            user.ChangeRole(role);
            session.Store(user);
            Audit.Record(session, time, AuditKind.AccountChanged, User.Login(),
                $"Rôle de « {id} » changé : {before.InFrench()} → {role.InFrench()} ; ses sessions sont fermées.", id,
                new Dictionary<string, string> { ["role"] = role.ToString().ToLowerInvariant(), ["previousRole"] = before.ToString().ToLowerInvariant() });
            await session.SaveChangesAsync();
            Message = $"Compte « {id} » : rôle {role.InFrench()}. Ses sessions sont fermées.";
        }
        await LoadAsync();
        return Page();
    }

    /// <summary>An account's address (the person chooses on « Mon compte » what it receives); empty removes it.</summary>
    public async Task<IActionResult> OnPostCourrielAsync(string? id, string? email)
    {
        var address = UserAccount.NormalizeEmail(email);
        await using var session = store.LightweightSession();
        if (UserAccount.EmailProblem(address) is { } bad) Problem = $"« {id} » : {bad}";
        else if (await AccountAsync(session, id) is { } user && user.Email != address)
        {
            user.Email = address;
            session.Store(user);
            Audit.Record(session, time, AuditKind.AccountChanged, User.Login(),
                $"Adresse électronique de « {id} » {(address is null ? "retirée" : "changée")} par un administrateur.", id);
            await session.SaveChangesAsync();
            Message = $"Compte « {id} » : adresse électronique {(address is null ? "retirée" : "enregistrée")}.";
        }
        await LoadAsync();
        return Page();
    }

    /// <summary>The account a form names; else null, and the French reason on the page (a form without an id, or one no account has).</summary>
    private async Task<UserAccount?> AccountAsync(IQuerySession session, string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) Problem = "aucun compte n'est indiqué : choisissez-le dans la liste";
        else if (await session.LoadAsync<UserAccount>(id) is { } user) return user;
        else Problem = $"aucun compte n'a l'identifiant « {id} » : il n'existe pas (ou plus)";
        return null;
    }

    private async Task LoadAsync()
    {
        await using var session = store.QuerySession();
        Users = (await session.Query<UserAccount>().ToListAsync()).OrderBy(u => u.Id).ToList();
        Tokens = (await session.Query<ApiToken>().ToListAsync()).ToLookup(t => t.UserId);
    }
}
