using EctLifecycle.Accounts;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages;

public sealed class ConnexionModel(IDocumentStore store) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string? Login { get; set; }
    [BindProperty] public string? Password { get; set; }

    public async Task<IActionResult> OnPostAsync()
    {
        await using var session = store.QuerySession();
        // A login no account can have (a NUL, which PostgreSQL would refuse to compare) is not looked up.
        var login = UserAccount.NormalizeLogin(Login ?? "");
        var user = UserAccount.LoginProblem(login) is not null ? null : await session.LoadAsync<UserAccount>(login);
        if (user is null || Password is null || !user.Verify(Password))
        {
            ModelState.AddModelError("", "identifiant ou mot de passe incorrect");
            return Page();
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            Authentication.PrincipalOf(user, CookieAuthenticationDefaults.AuthenticationScheme));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
