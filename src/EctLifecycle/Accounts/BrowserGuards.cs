using EctLifecycle.Http;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Net.Http.Headers;

namespace EctLifecycle.Accounts;

/// <summary>
/// What a browser is told and refused on every answer: a Content-Security-Policy with no inline script and no framing,
/// no content sniffing, no referrer beyond the app; and the API, when called with the session cookie rather than a
/// bearer token, takes only JSON bodies or a request carrying the anti-forgery header, so that a foreign page cannot
/// make a signed-in browser write with a plain form or a <c>text/plain</c> body. Bearer-token calls are unchanged.
/// </summary>
public static class BrowserGuards
{
    // Inline style attributes and the reports' inline CSS stay allowed; scripts come only from the app's own files.
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseBrowserGuards(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        if (await RefusedCookieWriteAsync(context) is { } refusal)
        {
            await refusal.ExecuteAsync(context);
            return;
        }
        await next();
    });

    /// <summary>
    /// A write to the API authenticated by the session cookie (not by a bearer token) must send JSON or the anti-forgery
    /// header; runs after authentication, so that the cookie's owner is known.
    /// </summary>
    private static async Task<IResult?> RefusedCookieWriteAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/api") || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            || HttpMethods.IsOptions(request.Method)) return null;
        if (request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        if (!request.Cookies.ContainsKey(Accounts.Authentication.CookieName)) return null; // not signed in: 401 follows
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))) return null;
        var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
        if (await antiforgery.IsRequestValidAsync(context)) return null;
        return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Corps de requête refusé",
            detail: "avec une session du navigateur, l'API n'accepte que des corps JSON (Content-Type: application/json) " +
                    "ou une requête portant le jeton anti-falsification ; les scripts utilisent un jeton personnel (Authorization: Bearer ect_…)");
    }
}
