using System.Security.Claims;
using System.Text.Encodings.Web;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace EctLifecycle.Accounts;

/// <summary>
/// Cookie sign-in for people, bearer tokens for scripts, one policy per kind of right. Every route needs a signed-in
/// user or a token (the fallback policy) unless it says otherwise; API routes answer 401/403, pages redirect to sign-in.
/// </summary>
public static class Authentication
{
    public const string Smart = "ect", Token = "token";
    public const string CanRead = "read", CanWrite = "write", CanAnalyse = "analyse", CanAdminister = "admin";
    public const string DisplayNameClaim = "ect:name";
    public const string CookieName = "ect.session";

    public static IServiceCollection AddEctAuthentication(this IServiceCollection services, IHostEnvironment environment)
    {
        // The session cookie is Secure whenever the request came over HTTPS (also through a trusted proxy: see
        // ReverseProxy), and always in production, which is served over HTTPS, but for the one plain-HTTP case production
        // meets on purpose: deploy/run's http://localhost, browsed from the machine itself (see SessionCookie). The
        // anti-forgery cookie, no credential, follows the request only: with Always, ASP.NET refuses to render a form
        // over plain HTTP at all.
        var secure = environment.IsProduction() ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddAuthentication(Smart)
            .AddPolicyScheme(Smart, "cookie or bearer token", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? Token : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/connexion";
                o.LogoutPath = "/deconnexion";
                o.AccessDeniedPath = "/acces-refuse";
                o.Cookie = new SessionCookie
                {
                    Name = CookieName, HttpOnly = true, IsEssential = true, SameSite = SameSiteMode.Lax, SecurePolicy = secure,
                };
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(10);
                o.Events.OnRedirectToLogin = c => ApiOr(c, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = c => ApiOr(c, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = Sessions.ValidateAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, TokenHandler>(Token, null);

        services.AddAuthorization(o =>
        {
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            o.AddPolicy(CanRead, p => p.RequireAuthenticatedUser());
            o.AddPolicy(CanWrite, p => p.RequireRole(nameof(Role.Staff), nameof(Role.Admin)));
            o.AddPolicy(CanAnalyse, p => p.RequireRole(nameof(Role.Analyst), nameof(Role.Admin)));
            o.AddPolicy(CanAdminister, p => p.RequireRole(nameof(Role.Admin)));
        });
        return services;
    }

    public static ClaimsPrincipal PrincipalOf(UserAccount user, string scheme) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.Name, user.Id),
        new Claim(DisplayNameClaim, user.DisplayName),
        new Claim(ClaimTypes.Role, user.Role.ToString()),
        new Claim(Sessions.StampClaim, user.SecurityStamp),
    ], scheme));

    /// <summary>Who is logging: the signed-in user's login, stored on every event they log.</summary>
    public static string Login(this ClaimsPrincipal user) => user.Identity?.Name ?? "anonyme";

    public static string DisplayName(this ClaimsPrincipal user) => user.FindFirst(DisplayNameClaim)?.Value ?? user.Login();

    public static bool MayWrite(this ClaimsPrincipal user) => user.IsInRole(nameof(Role.Staff)) || user.IsInRole(nameof(Role.Admin));

    public static bool MayAnalyse(this ClaimsPrincipal user) => user.IsInRole(nameof(Role.Analyst)) || user.IsInRole(nameof(Role.Admin));

    /// <summary>
    /// The owner of a token that is not revoked, if that account is not disabled: the token and its account read with one
    /// SQL join, on every request, so that a revocation or a disabled account is refused at once by every instance of the
    /// app. (Marten's Include would also be one round trip, but creates and drops a temporary table each time.)
    /// </summary>
    internal static async Task<UserAccount?> ActiveOwnerOfTokenAsync(this IQuerySession session, string tokenHash, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.Schema;
        var owners = await session.QueryAsync<UserAccount>(
            $"select u.data from {schema.For<UserAccount>()} as u join {schema.For<ApiToken>()} as t on u.id = t.data ->> 'userId' " +
            "where t.id = ? and t.data ->> 'revokedAt' is null", ct, tokenHash);
        return owners is [{ Disabled: false } owner] ? owner : null;
    }

    /// <summary>
    /// The session cookie. With <see cref="CookieSecurePolicy.Always"/> (production), it is still sent without Secure to a
    /// plain-HTTP request addressed to this machine (localhost, 127.0.0.1, [::1]) by a client on this machine: the app
    /// served by deploy/run at http://localhost:5080. Browsers differ on keeping a Secure cookie from http://localhost
    /// (Chromium does, Safari and scripts' cookie jars may not); nothing crosses a network there. A request through a
    /// proxy or from another machine always gets Secure.
    /// </summary>
    private sealed class SessionCookie : RequestPathBaseCookieBuilder
    {
        public override CookieOptions Build(HttpContext context, DateTimeOffset expiresFrom)
        {
            var options = base.Build(context, expiresFrom);
            if (options.Secure && IsLocalPlainHttp(context.Request)) options.Secure = false;
            return options;
        }
    }

    /// <summary>A plain-HTTP request to localhost from this very machine (as the sign-in page's warning also reads it).</summary>
    public static bool IsLocalPlainHttp(HttpRequest request) =>
        !request.IsHttps && request.Host.Host is "localhost" or "127.0.0.1" or "[::1]"
        && request.HttpContext.Connection.RemoteIpAddress is { } client && System.Net.IPAddress.IsLoopback(client);

    private static Task ApiOr(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (!context.Request.Path.StartsWithSegments("/api")) { context.Response.Redirect(context.RedirectUri); return Task.CompletedTask; }
        context.Response.StatusCode = status;
        return Results.Problem(statusCode: status,
            title: status == 401 ? "Authentification requise" : "Droits insuffisants",
            detail: status == 401
                ? "connectez-vous, ou envoyez un jeton personnel : Authorization: Bearer ect_…"
                : "votre rôle ne permet pas cette action").ExecuteAsync(context.HttpContext);
    }

    /// <summary>Reads a personal API token (Authorization: Bearer ect_…) and signs its owner in for the request.</summary>
    private sealed class TokenHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IDocumentStore store)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
            // A route anyone may call needs no caller: not reading the token there lets /health answer for itself (503,
            // "database": "down") while the database is away, instead of failing on the token's read.
            if (Context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null) return AuthenticateResult.NoResult();
            await using var session = store.QuerySession();
            return await session.ActiveOwnerOfTokenAsync(ApiToken.HashOf(header["Bearer ".Length..]), Context.RequestAborted) is { } owner
                ? AuthenticateResult.Success(new AuthenticationTicket(PrincipalOf(owner, Token), Token))
                : AuthenticateResult.Fail("jeton inconnu ou révoqué, ou compte désactivé");
        }

        protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            await Results.Problem(statusCode: 401, title: "Authentification requise",
                detail: "jeton inconnu ou révoqué : créez-en un sur votre page « Mon compte »").ExecuteAsync(Context);
        }

        protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            if (Web.ErrorPages.ForBrowser(Context)) return; // the French page « Accès refusé »
            await Results.Problem(statusCode: 403, title: "Droits insuffisants", detail: "votre rôle ne permet pas cette action")
                .ExecuteAsync(Context);
        }
    }
}
