using EctLifecycle.Accounts;
using EctLifecycle.Journal;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages;

/// <summary>Signing out ends every session of the account, on every device and instance: its security stamp is renewed.</summary>
public sealed class DeconnexionModel(IDocumentStore store, TimeProvider time) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<UserAccount>(User.Login(), HttpContext.RequestAborted) is { } user)
        {
            user.EndSessions();
            session.Store(user);
            Audit.Record(session, time, AuditKind.SignOut, user.Id, "Déconnexion : toutes les sessions du compte sont fermées.", user.Id);
            await session.SaveChangesAsync(HttpContext.RequestAborted);
        }
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/connexion?deconnecte");
    }
}
