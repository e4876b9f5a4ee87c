using System.Net;
using System.Security.Claims;
using EctLifecycle.Accounts;
using EctLifecycle.Tests.Support;
using Marten;
using Marten.Patching;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EctLifecycle.Tests.Accounts;

/// <summary>
/// Disabling an account, a new password and signing out end the account's sessions at the very next request, whatever
/// browser holds them: each cookie carries the account's security stamp, checked against the stored account.
/// </summary>
public class EndingSessions(AppFixture app) : ApiTest(app)
{
    private static readonly string Staff = AppFixture.LoginOf(Role.Staff), Admin = AppFixture.LoginOf(Role.Admin);

    [Fact]
    public async Task a_disabled_accounts_cookie_is_refused_at_the_next_request_and_works_again_once_enabled_and_signed_in()
    {
        using var staff = await new Browser(App).SignedInAsync(Staff);
        (await staff.GetAsync("/api/projects")).Status.ShouldBe(HttpStatusCode.OK);
        using var admin = await new Browser(App).SignedInAsync(Admin);

        var disabled = await admin.PostFormAsync("/utilisateurs", "/utilisateurs?handler=Basculer", ("id", Staff));
        disabled.Text.ShouldContain($"Compte « {Staff} » désactivé.");

        var refused = await staff.GetAsync("/api/projects");
        refused.Status.ShouldBe(HttpStatusCode.Unauthorized, refused.ToString());
        refused.SetCookies.ShouldContain(c => c.StartsWith(Authentication.CookieName + "=;"), "the refused cookie is deleted");
        (await staff.GetAsync("/")).Headers.Location!.ToString().ShouldContain("/connexion");
        (await new Browser(App).SignInAsync(Staff)).Status.ShouldBe(HttpStatusCode.OK, "a disabled account cannot sign in");

        (await admin.PostFormAsync("/utilisateurs", "/utilisateurs?handler=Basculer", ("id", Staff))).Text.ShouldContain("réactivé");
        using var again = await new Browser(App).SignedInAsync(Staff);
        (await again.GetAsync("/api/projects")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task signing_out_refuses_that_cookie_and_the_same_accounts_cookie_signed_in_elsewhere()
    {
        using var office = await new Browser(App).SignedInAsync(Staff);
        using var home = await new Browser(App).SignedInAsync(Staff);
        using var copied = office.CopyInto(new Browser(App)); // the office cookie, copied before signing out
        using var colleague = await new Browser(App).SignedInAsync(Admin);

        var signedOut = await office.PostFormAsync("/compte", "/deconnexion");
        signedOut.Status.ShouldBe(HttpStatusCode.Redirect);
        signedOut.Headers.Location!.ToString().ShouldBe("/connexion?deconnecte");
        (await office.GetAsync("/connexion?deconnecte")).Text.ShouldContain("Vous êtes déconnecté, sur tous vos appareils");

        (await copied.GetAsync("/api/projects")).Status.ShouldBe(HttpStatusCode.Unauthorized, "the cookie as it was before signing out");
        (await home.GetAsync("/api/projects")).Status.ShouldBe(HttpStatusCode.Unauthorized, "the same account signed in elsewhere");
        (await home.GetAsync("/compte")).Status.ShouldBe(HttpStatusCode.Redirect);
        (await colleague.GetAsync("/api/projects")).Status.ShouldBe(HttpStatusCode.OK, "another account's session goes on");
        (await App.ClientAs(Role.Staff).GetAsync("/api/projects")).StatusCode.ShouldBe(HttpStatusCode.OK, "personal tokens are not sessions");
    }

    [Fact]
    public async Task a_password_change_ends_the_other_sessions_and_keeps_this_one()
    {
        using var here = await new Browser(App).SignedInAsync(Staff);
        using var elsewhere = await new Browser(App).SignedInAsync(Staff);

        var changed = await here.PostFormAsync("/compte", "/compte?handler=MotDePasse", ("current", "mot-de-passe-de-test"), ("password", "un-nouveau-mot-de-passe"));
        changed.Text.ShouldContain("Mot de passe changé. Vos autres sessions sont fermées.");

        (await here.GetAsync("/api/projects")).Status.ShouldBe(HttpStatusCode.OK, "the browser that changed it goes on");
        (await elsewhere.GetAsync("/api/projects")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await new Browser(App).SignInAsync(Staff)).Status.ShouldBe(HttpStatusCode.OK, "the old password is refused");
        await new Browser(App).SignedInAsync(Staff, "un-nouveau-mot-de-passe");
    }

    [Fact]
    public async Task an_admins_reset_ends_the_sessions_and_shows_a_new_password_once()
    {
        using var staff = await new Browser(App).SignedInAsync(Staff);
        using var admin = await new Browser(App).SignedInAsync(Admin);

        var reset = await admin.PostFormAsync("/utilisateurs", "/utilisateurs?handler=Reinitialiser", ("id", Staff));
        var password = System.Text.RegularExpressions.Regex.Match(reset.Text, "data-testid=\"new-password\">([^<]+)<").Groups[1].Value;
        password.Length.ShouldBeGreaterThanOrEqualTo(10, reset.Text);
        reset.Text.ShouldContain($"Nouveau mot de passe de « {Staff} »");
        (await admin.GetAsync("/utilisateurs")).Text.ShouldNotContain(password, Case.Sensitive, "shown once");

        (await staff.GetAsync("/api/projects")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        await new Browser(App).SignedInAsync(Staff, password);
        (await admin.PostFormAsync("/utilisateurs", "/utilisateurs?handler=Reinitialiser", ("id", Admin))).Text
            .ShouldContain("changez votre propre mot de passe sur « Mon compte »");
    }

    [Fact]
    public async Task an_account_and_a_cookie_from_before_the_stamps_keep_working_until_the_account_signs_out()
    {
        // As stored and issued by the previous version: no securityStamp in the account's JSON, no stamp in the cookie.
        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            session.Patch<UserAccount>(Staff).Delete("securityStamp");
            await session.SaveChangesAsync();
        }
        await using (var session = store.QuerySession())
            (await session.LoadAsync<UserAccount>(Staff))!.SecurityStamp.ShouldBe("");
        var cookies = App.Host.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var oldTicket = new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, Staff), new Claim(ClaimTypes.Role, nameof(Role.Staff))], CookieAuthenticationDefaults.AuthenticationScheme)),
            new AuthenticationProperties { ExpiresUtc = App.Host.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddHours(1) },
            CookieAuthenticationDefaults.AuthenticationScheme);
        var oldCookie = $"{Authentication.CookieName}={cookies.TicketDataFormat.Protect(oldTicket)}";
        Task<Browser.Answer> WithOldCookieAsync() => new Browser(App).GetAsync("/api/projects", r => r.Headers.Add("Cookie", oldCookie));

        (await WithOldCookieAsync()).Status.ShouldBe(HttpStatusCode.OK, "a cookie issued before the stamps");
        using var signedIn = await new Browser(App).SignedInAsync(Staff);
        (await signedIn.GetAsync("/api/projects")).Status.ShouldBe(HttpStatusCode.OK, "an account stored before the stamps");

        await signedIn.PostFormAsync("/compte", "/deconnexion");
        (await WithOldCookieAsync()).Status.ShouldBe(HttpStatusCode.Unauthorized, "signing out gave the account a stamp");
    }
}
