using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace EctLifecycle.Accounts;

/// <summary>
/// A session cookie lives only as long as its account's security stamp: every cookie-authenticated request reads the
/// account in PostgreSQL (one primary-key read) and refuses the cookie, and deletes it, when the account is gone,
/// disabled or its stamp has changed since sign-in (a password changed or reset, a sign-out on any device). Read on
/// each request, not cached, so that it holds at once on every instance of the app.
/// </summary>
public static class Sessions
{
    public const string StampClaim = "ect:stamp";

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var login = context.Principal?.Identity?.Name;
        // A cookie issued before stamps existed has no claim: "" like the account it was issued for.
        var stamp = context.Principal?.FindFirst(StampClaim)?.Value ?? "";
        if (login is not null)
        {
            await using var session = context.HttpContext.RequestServices.GetRequiredService<IDocumentStore>().QuerySession();
            if (await session.LoadAsync<UserAccount>(login, context.HttpContext.RequestAborted) is { Disabled: false } user
                && user.SecurityStamp == stamp) return;
        }
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
