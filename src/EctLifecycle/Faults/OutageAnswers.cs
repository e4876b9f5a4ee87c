using Microsoft.AspNetCore.Diagnostics;

namespace EctLifecycle.Faults;

/// <summary>
/// While PostgreSQL is down or restarting, any request that needed it is answered 503 with <c>Retry-After</c>: the API
/// with a French ProblemDetails, the web pages with a French page saying the same. Nothing is half-written in that case
/// (a write's events and its Idempotency-Key record share one transaction), so repeating the request as is, with the
/// same key, is safe; no restart of the app is needed when the database is back. Other exceptions go on to the default
/// handler (a 500).
/// </summary>
public sealed class OutageAnswers(ILogger<OutageAnswers> log) : IExceptionHandler
{
    public const string Title = "Base de données indisponible";
    public const string Message = "Base de données indisponible, réessayez dans quelques secondes";
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (!DatabaseFaults.IsOutage(exception) || context.Response.HasStarted) return false;
        // One line per request, no stack trace: the cause is the database's state, not the app's code.
        log.LogWarning("Base de données indisponible pendant {Method} {Path} : {Error}", context.Request.Method,
            context.Request.Path, exception.GetBaseException().Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (WantsPage(context.Request))
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(Page, ct);
        }
        else
        {
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: Title, detail: Message,
                extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = RetryAfterSeconds }).ExecuteAsync(context);
        }
        return true;
    }

    /// <summary>A browser asking for a page, as opposed to the API, the health check or a script.</summary>
    private static bool WantsPage(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/health") && !request.Path.StartsWithSegments("/openapi");

    // Written without the layout: rendering it must not need anything that may be down. The stylesheet is a static file,
    // and the texts are constants (nothing to encode).
    private static readonly string Page = $$"""
        <!DOCTYPE html>
        <html lang="fr">
        <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>{{Title}} · EctLifecycle</title>
            <link rel="stylesheet" href="/css/site.css" />
        </head>
        <body>
        <header class="top"><a class="brand" href="/">EctLifecycle <span>suivi des projets du pôle</span></a></header>
        <main id="contenu">
            <h1>{{Title}}</h1>
            <p class="alert">{{Message}}.</p>
            <p>Rechargez la page dans un moment. Un formulaire renvoyé ainsi n'est enregistré qu'une fois : chaque formulaire
            porte sa clé d'idempotence.</p>
        </main>
        </body>
        </html>
        """;
}
