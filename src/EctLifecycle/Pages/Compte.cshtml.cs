using EctLifecycle.Accounts;
using EctLifecycle.Http;
using EctLifecycle.Journal;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages;

/// <summary>My account: personal API tokens for scripts (shown once, stored hashed, revocable) and my password.</summary>
public sealed class CompteModel(IDocumentStore store, TimeProvider time) : PageModel
{
    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];
    public string? NewSecret { get; private set; }
    public string? Message { get; private set; }
    public string? Problem { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreerAsync(string? name)
    {
        var typed = TypedText.Read(name ?? "", multiline: false, out var bad);
        if (bad is not null) Problem = $"le nom du jeton {bad}";
        else if (string.IsNullOrEmpty(typed) || typed.Length > 80) Problem = "donnez un nom au jeton (80 caractères au plus), par exemple « script d'import »";
        else
        {
            var (secret, token) = ApiToken.Issue(User.Login(), typed, time.GetUtcNow());
            await using var session = store.LightweightSession();
            session.Insert(token);
            Audit.Record(session, time, AuditKind.TokenIssued, User.Login(), $"Jeton personnel {token.Hint} émis pour « {User.Login()} ».",
                User.Login(), new Dictionary<string, string> { ["tokenHint"] = token.Hint });
            await session.SaveChangesAsync();
            NewSecret = secret;
        }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevoquerAsync(string id)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<ApiToken>(id) is { } token && token.UserId == User.Login() && token.RevokedAt is null)
        {
            token.RevokedAt = time.GetUtcNow();
            session.Store(token);
            Audit.Record(session, time, AuditKind.TokenRevoked, User.Login(), $"Jeton personnel {token.Hint} de « {token.UserId} » révoqué.",
                token.UserId, new Dictionary<string, string> { ["tokenHint"] = token.Hint });
            await session.SaveChangesAsync();
            Message = $"Jeton « {token.Name} » révoqué.";
        }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostMotDePasseAsync(string? current, string? password)
    {
        await using var session = store.LightweightSession();
        var user = await session.LoadAsync<UserAccount>(User.Login());
        if (user is null || current is null || !user.Verify(current)) Problem = "mot de passe actuel incorrect";
        else if (UserAccount.PasswordProblem(password) is { } weak) Problem = weak;
        else
        {
            user.SetPassword(password!);
            session.Store(user);
            Audit.Record(session, time, AuditKind.PasswordChanged, User.Login(),
                $"Mot de passe de « {user.Id} » changé par son titulaire ; ses autres sessions sont fermées.", user.Id);
            await session.SaveChangesAsync();
            // The new stamp ended every session of the account; this browser's goes on with a new cookie.
            if (User.Identity?.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme)
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                    Authentication.PrincipalOf(user, CookieAuthenticationDefaults.AuthenticationScheme));
            Message = "Mot de passe changé. Vos autres sessions sont fermées.";
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        await using var session = store.QuerySession();
        Tokens = (await session.Query<ApiToken>().Where(t => t.UserId == User.Login()).ToListAsync()).OrderByDescending(t => t.CreatedAt).ToList();
    }
}
