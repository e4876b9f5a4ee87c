using EctLifecycle.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace EctLifecycle.Portfolio;

/// <summary>
/// An uploaded portfolio file, read the same way by the API and the web page: at most Import:MaxUploadMegabytes (a French
/// 413 beyond), buffered once by the form reader into a temporary file on disk, which the import then reads in place.
/// </summary>
public static class ImportUpload
{
    // The multipart envelope around the file: boundaries, part headers, the small fields (dryRun, encoding).
    private const long Envelope = 64 * 1024;

    public sealed record Upload(IFormFile? File, IFormCollection? Form, IResult? Problem);

    public static async Task<Upload> ReadAsync(HttpContext context, ImportLimits limits, CancellationToken ct)
    {
        if (!Allow(context, limits)) return new(null, null, TooLarge(limits));
        if (!context.Request.HasFormContentType)
            return new(null, null, Problems.Invalid("file", "envoyez le fichier en multipart/form-data, champ « file »"));
        try
        {
            var form = await context.Request.ReadFormAsync(FormOptions(limits), ct);
            return form.Files["file"] is { Length: > 0 } file
                ? new(file, form, null)
                : new(null, form, Problems.Invalid("file", "fichier manquant ou vide (champ « file »)"));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(null, null, TooLarge(limits));
        }
        catch (InvalidDataException)
        {
            return new(null, null, Problems.Invalid("file", "formulaire multipart illisible : renvoyez le fichier"));
        }
    }

    /// <summary>
    /// Lets this request's body be as large as an upload may be (Kestrel's limit is the JSON bodies' 1 MB); false when it
    /// says it is larger.
    /// </summary>
    public static bool Allow(HttpContext context, ImportLimits limits)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limits.MaxUploadBytes + Envelope;
        return !(context.Request.ContentLength > limits.MaxUploadBytes + Envelope);
    }

    // Files past 64 KB go to a temporary file (the reader's default), never all into memory.
    public static FormOptions FormOptions(ImportLimits limits) => new()
    {
        MultipartBodyLengthLimit = limits.MaxUploadBytes + Envelope,
        BufferBodyLengthLimit = limits.MaxUploadBytes + Envelope,
        ValueCountLimit = 16,
    };

    public static string TooLargeText(ImportLimits limits) =>
        $"le fichier dépasse {limits.MaxUploadMegabytes} Mo (limite Import:MaxUploadMegabytes) : rien n'a été importé";

    private static IResult TooLarge(ImportLimits limits) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Fichier trop volumineux", detail: TooLargeText(limits));
}

/// <summary>
/// The upload's limits on a web page, set before the anti-forgery check reads the form: a body announced as too large is
/// sent back to the page (<c>?refus=taille</c>), which says so.
/// </summary>
public sealed class ImportUploadLimitsAttribute : Attribute, IFilterFactory, IOrderedFilter
{
    public bool IsReusable => true;
    public int Order => int.MinValue;

    public IFilterMetadata CreateInstance(IServiceProvider services) => new Limits(services.GetRequiredService<ImportLimits>());

    private sealed class Limits(ImportLimits limits) : IAuthorizationFilter, IOrderedFilter
    {
        public int Order => int.MinValue;

        public void OnAuthorization(AuthorizationFilterContext context)
        {
            var http = context.HttpContext;
            if (!HttpMethods.IsPost(http.Request.Method)) return;
            if (!ImportUpload.Allow(http, limits))
            {
                context.Result = new RedirectResult($"{http.Request.Path}?refus=taille");
                return;
            }
            if (http.Features.Get<IFormFeature>() is not { Form: not null })
                http.Features.Set<IFormFeature>(new FormFeature(http.Request, ImportUpload.FormOptions(limits)));
        }
    }
}
