using System.Net;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;

namespace EctLifecycle.Web;

/// <summary>
/// A posted form ASP.NET Core cannot read (a field holding a NUL, %00, which its form reader refuses) or whose
/// anti-forgery token has expired is refused before the page runs, with a bare 400 in English. The staff get this
/// French page instead: nothing was saved, and how to start again. Always-run, so that it sees the anti-forgery
/// filter's refusal.
/// </summary>
public sealed class UnreadableForm : IAlwaysRunResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is not IAntiforgeryValidationFailedResult) return;
        var back = WebUtility.HtmlEncode(context.HttpContext.Request.Path + context.HttpContext.Request.QueryString);
        context.Result = new ContentResult
        {
            StatusCode = StatusCodes.Status400BadRequest,
            ContentType = "text/html; charset=utf-8",
            Content = $"""
                <!doctype html>
                <html lang="fr"><head><meta charset="utf-8"><title>Formulaire illisible</title>
                <link rel="stylesheet" href="/css/site.css"></head>
                <body><main class="card" role="alert">
                <h1>Formulaire illisible</h1>
                <p><strong>Rien n'a été enregistré.</strong> Le formulaire n'a pas pu être lu : un champ contenait un caractère
                interdit (un caractère nul, souvent collé depuis un autre logiciel), ou la page était restée ouverte trop longtemps.</p>
                <p><a href="{back}">Revenir au formulaire</a>, retaper le champ en cause et enregistrer à nouveau.</p>
                </main></body></html>
                """,
        };
    }

    public void OnResultExecuted(ResultExecutedContext context) { }
}
