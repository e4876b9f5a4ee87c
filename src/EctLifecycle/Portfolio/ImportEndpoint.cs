using System.Security.Claims;
using EctLifecycle.Accounts;
using EctLifecycle.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EctLifecycle.Portfolio;

/// <summary>
/// <c>POST /api/imports</c> (multipart, field <c>file</c>; <c>dryRun=true</c> to only check; <c>encoding</c> for CSV files
/// that are not UTF-8): the same import as the command line, within <see cref="ImportLimits"/>.
/// </summary>
public static class ImportEndpoint
{
    [WolverinePost("/api/imports"), Authorize(Policy = Authentication.CanWrite), Http.DescribedBody(Http.BodyKind.Import)]
    [Tags("Import / export"), EndpointSummary("Importer un classeur (XLSX) ou un zip de CSV : tout ou rien")]
    [ProducesResponseType<ImportSummary>(200), ProducesResponseType<ProblemDetails>(400), ProducesResponseType<ProblemDetails>(413)]
    public static async Task<IResult> Post(HttpContext context, ClaimsPrincipal user, PortfolioImporter importer, ImportLimits limits, CancellationToken ct)
    {
        var upload = await ImportUpload.ReadAsync(context, limits, ct);
        if (upload.Problem is { } problem) return problem;
        var request = context.Request;
        var encodingName = request.Query["encoding"].FirstOrDefault() ?? upload.Form!["encoding"].FirstOrDefault();
        if (!CsvEncodings.TryParse(encodingName, out var encoding))
            return Problems.Invalid("encoding", $"encodage inconnu « {encodingName} », attendu parmi : {CsvEncodings.Accepted}");

        var dryRun = IsTrue(request.Query["dryRun"]) || IsTrue(upload.Form!["dryRun"]);
        var reading = new PortfolioReading(limits, encoding);
        if (ImportProgressLines.IsAsked(request))
        {
            // The progress, then the answer as its last line: {"stage":"fin","status":200,"summary":…} or status 400 and "problem".
            await using var lines = ImportProgressLines.Start(context.Response, ct);
            var file = await Task.Run(() => Read(upload.File!, reading, lines), ct);
            var streamed = await importer.ImportAsync(file, dryRun, user.Login(), lines, ct);
            await lines.EndAsync(streamed.Ok
                ? new { stage = ImportProgressLines.End, status = 200, summary = streamed.Summary }
                : new { stage = ImportProgressLines.End, status = 400, problem = (object)Failure(streamed) });
            return Results.Empty;
        }
        // No local keeps the rows: the importer lets them go once it has planned the import.
        var result = await importer.ImportAsync(Read(upload.File!, reading, null), dryRun, user.Login(), null, ct);
        return result.Ok ? Results.Ok(result.Summary) : Results.Problem(Failure(result));
    }

    private static ProblemDetails Failure(ImportResult result) => new()
    {
        Status = 400,
        Title = "Le fichier contient des erreurs : rien n'a été importé",
        // A file refused as a whole says why in one sentence; otherwise, how many errors and where they are.
        Detail = result is { ErrorCount: 1, Errors: [{ Sheet: ImportError.WholeFile } whole] } ? whole.Message
            : $"{result.ErrorCountText}, par feuille, ligne et colonne",
        Extensions = { ["rows"] = result.Errors, ["errorCount"] = result.ErrorCount },
    };

    private static PortfolioFile Read(IFormFile upload, PortfolioReading reading, ImportProgressLines? progress)
    {
        using var stream = upload.OpenReadStream();
        if (progress is null) return PortfolioFormats.Read(stream, upload.FileName, reading);
        var followed = new ReadingProgressStream(stream, (done, total) => progress.Report(ImportProgressLines.Reading, done, total));
        var file = PortfolioFormats.Read(followed, upload.FileName, reading);
        followed.Done();
        return file;
    }

    private static bool IsTrue(Microsoft.Extensions.Primitives.StringValues v) =>
        v.Count > 0 && (PortfolioRows.ParseBool(v.ToString()) ?? false);
}

/// <summary><c>GET /api/exports/portfolio.xlsx</c> and <c>.zip</c>: the whole portfolio in the import format, in the journal.</summary>
public static class ExportXlsxEndpoint
{
    [WolverineGet("/api/exports/portfolio.xlsx"), Authorize(Policy = Authentication.CanAnalyse)]
    [Tags("Import / export"), EndpointSummary("Tout le portefeuille en classeur XLSX, au format de l'import")]
    public static Task<IResult> Get(
        ClaimsPrincipal user, HttpRequest request, Marten.IQuerySession session, BusinessCalendar calendar, Analytics.PortfolioComputations turns, CancellationToken ct) =>
        Export(user, request, session, calendar, turns, PortfolioFormat.Xlsx, ct);

    /// <summary>What the page of the exports shows after a workbook was refused (<c>/exports?classeur=trop-grand</c>).</summary>
    public const string RefusedQuery = "trop-grand";

    /// <summary>
    /// The file written in its turn among the instance's portfolio-wide computations (<see cref="Analytics.PortfolioComputations"/>):
    /// at L it reads every project's events a chunk at a time and held about 600 MB.
    /// </summary>
    internal static async Task<IResult> Export(
        ClaimsPrincipal user, HttpRequest request, Marten.IQuerySession session, BusinessCalendar calendar, Analytics.PortfolioComputations turns,
        PortfolioFormat format, CancellationToken ct)
    {
        // Written to a temporary file, sent from there: at L the zip is about 100 MB. The file has no name on the disk once
        // open (PortfolioExporter.TemporaryFile), so that nothing of it stays, even if the app is killed.
        var output = PortfolioExporter.TemporaryFile();
        try
        {
            var counts = await turns.RunAsync(() => PortfolioExporter.WriteAsync(session, output, format, ct), ct);
            output.Position = 0;
            var name = $"portefeuille-{calendar.Today:yyyy-MM-dd}.{(format == PortfolioFormat.Xlsx ? "xlsx" : "zip")}";
            await PortfolioExporter.JournalAsync(session.DocumentStore, calendar.Time, user.Login(), counts, name, null, ct);
            return Results.File(output, format == PortfolioFormat.Xlsx
                ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "application/zip", name);
        }
        catch (Exception e)
        {
            await output.DisposeAsync();
            if (e is not TooManyRowsForXlsxException tooMany) throw;
            // From the page of the exports (a browser's link), back to it, which says why in French.
            if (request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
                return Results.Redirect($"/exports?classeur={RefusedQuery}");
            return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Portefeuille trop grand pour un classeur",
                detail: tooMany.Message);
        }
    }
}

public static class ExportZipEndpoint
{
    [WolverineGet("/api/exports/portfolio.zip"), Authorize(Policy = Authentication.CanAnalyse)]
    [Tags("Import / export"), EndpointSummary("Tout le portefeuille en zip de fichiers CSV, au format de l'import")]
    public static Task<IResult> Get(
        ClaimsPrincipal user, HttpRequest request, Marten.IQuerySession session, BusinessCalendar calendar, Analytics.PortfolioComputations turns, CancellationToken ct) =>
        ExportXlsxEndpoint.Export(user, request, session, calendar, turns, PortfolioFormat.CsvZip, ct);
}
