using System.Globalization;
using EctLifecycle.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace EctLifecycle.Pages;

[EnableRateLimiting(SignInThrottling.AddressPolicy)]
public sealed class ConnexionModel(SigningIn signingIn) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string? Login { get; set; }
    [BindProperty] public string? Password { get; set; }

    /// <summary>Set when the login is locked after too many failures: how long to wait, in French.</summary>
    public string? Wait { get; private set; }

    public async Task<IActionResult> OnPostAsync()
    {
        var outcome = await signingIn.TryAsync(Login, Password, HttpContext.RequestAborted);
        if (outcome.User is not { } user)
        {
            ModelState.AddModelError("", "identifiant ou mot de passe incorrect");
            if (outcome.Wait is { } wait)
            {
                Wait = SignInFailures.InFrench(wait);
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }
            return Page();
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            Authentication.PrincipalOf(user, CookieAuthenticationDefaults.AuthenticationScheme));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
