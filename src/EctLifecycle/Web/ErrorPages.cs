using Microsoft.Net.Http.Headers;

namespace EctLifecycle.Web;

/// <summary>
/// An answer without a body (an unknown page, a refused one) is a French page for a browser, re-executed at
/// <c>/erreur/{code}</c>; the API, and any client that does not ask for HTML, keeps its ProblemDetails.
/// </summary>
public static class ErrorPages
{
    public const string Path = "/erreur/{0}";

    public static bool ForBrowser(HttpContext context) =>
        !context.Request.Path.StartsWithSegments("/api")
        && context.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    public static IApplicationBuilder UseErrorPages(this IApplicationBuilder app) => app
        .UseWhen(ForBrowser, browser => browser.UseStatusCodePagesWithReExecute(Path))
        .UseWhen(c => !ForBrowser(c), others => others.UseStatusCodePages());

    /// <summary>What a person reads for a status: a title and what to do.</summary>
    public static (string Title, string Text) Of(int status) => status switch
    {
        404 => ("Page introuvable", "Cette adresse ne mène à aucune page : le lien est peut-être ancien, ou l'adresse mal recopiée."),
        403 => ("Accès refusé", "Votre rôle ne permet pas d'ouvrir cette page. Demandez à un administrateur si vous en avez besoin."),
        401 => ("Connexion requise", "Connectez-vous pour ouvrir cette page."),
        405 => ("Action impossible", "Cette page ne permet pas cette action."),
        400 => ("Demande illisible", "La demande n'a pas pu être lue : rechargez la page et recommencez."),
        _ => ("Erreur", "La page n'a pas pu être affichée : rechargez-la dans un instant."),
    };
}
