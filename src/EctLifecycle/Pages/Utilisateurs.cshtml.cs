using EctLifecycle.Accounts;
using EctLifecycle.Http;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages;

/// <summary>Users (admin): add an account with its role, disable or enable it, reset its password, and see everyone's tokens.</summary>
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
        else if (UserAccount.PasswordProblem(password) is { } weak) Problem = weak;
        else if (await session.LoadAsync<UserAccount>(id) is not null) Problem = $"le compte « {id} » existe déjà";
        else
        {
            session.Insert(UserAccount.Create(id, string.IsNullOrEmpty(displayName) ? id : displayName, role, password!, time.GetUtcNow()));
            await session.SaveChangesAsync();
            Message = $"Compte « {id} » créé.";
        }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostBasculerAsync(string id)
    {
        await using var session = store.LightweightSession();
        if (id == User.Login()) Problem = "vous ne pouvez pas désactiver votre propre compte";
        else if (await session.LoadAsync<UserAccount>(id) is { } user)
        {
            if (user.Disabled)
            {
                user.Enable();
                session.Delete<SignInFailures>(SignInFailures.IdOf(user.Id));
            }
            else user.Disable(); // ends the account's sessions at once
            session.Store(user);
            await session.SaveChangesAsync();
            Message = $"Compte « {id} » {(user.Disabled ? "désactivé" : "réactivé")}.";
        }
        await LoadAsync();
        return Page();
    }

    /// <summary>A new password, drawn and shown once to the admin: the account's sessions end and its lockout is lifted.</summary>
    public async Task<IActionResult> OnPostReinitialiserAsync(string id)
    {
        await using var session = store.LightweightSession();
        if (id == User.Login()) Problem = "changez votre propre mot de passe sur « Mon compte »";
        else if (await session.LoadAsync<UserAccount>(id) is { } user)
        {
            var password = UserAccount.NewPassword();
            user.SetPassword(password);
            session.Store(user);
            session.Delete<SignInFailures>(SignInFailures.IdOf(user.Id));
            await session.SaveChangesAsync();
            (ResetLogin, NewPassword) = (id, password);
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        await using var session = store.QuerySession();
        Users = (await session.Query<UserAccount>().ToListAsync()).OrderBy(u => u.Id).ToList();
        Tokens = (await session.Query<ApiToken>().ToListAsync()).ToLookup(t => t.UserId);
    }
}
