using EctLifecycle.Timelines;
using EctLifecycle.Accounts;
using EctLifecycle.Analytics;
using EctLifecycle.Http;
using EctLifecycle.Http.OpenApi;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Wolverine.Http;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace EctLifecycle.Durability;

/// <summary>
/// <c>GET /api/reports/durability</c> and <c>/api/reports/durability/{id}</c>: the durability reports, with
/// <c>asOf</c>, <c>grid</c>, <c>knownAt</c> and <c>format</c> (json, html, pdf, md, csv). A project that is not stopped at
/// the date has no durability report: 409 with rule <c>projectNotStopped</c>, as a state the request conflicts with.
/// </summary>
public static class DurabilityReportEndpoints
{
    private const string Formats = "Formats : json (par défaut), html (page imprimable), pdf (503 sans Chromium sur le serveur), md (Markdown) ou csv (lignes longues).";

    [Authorize(Policy = Authentication.CanRead), AnalyticsQuery(jsonOrCsv: false)]
    [Query(AnalyticsRequest.Format, "json (par défaut), html (page imprimable), pdf, md (Markdown) ou csv (lignes longues).", Choice = typeof(ReportFormat))]
    [WolverineGet("/api/reports/durability"), Tags("Rapports")]
    [EndpointSummary("Durabilité du portefeuille à une date : projets arrêtés, courbes de survie, raisons, ce qui reste, projets à surveiller, réseau, territoire et typologie")]
    [EndpointDescription(Formats)]
    [ProducesResponseType<PortfolioReport>(200), ProducesResponseType<HttpValidationProblemDetails>(400), ProducesResponseType<ProblemDetails>(503)]
    public static async Task<IResult> Portfolio(
        HttpRequest request, System.Security.Claims.ClaimsPrincipal user, IQuerySession session, GridCatalog grids, BusinessCalendar calendar, TimeProvider time,
        IOptions<JsonOptions> json, PortfolioReading reading, CancellationToken ct)
    {
        var q = new AnalyticsRequest(request, grids, calendar);
        var p = q.Parameters();
        var format = ReadFormat(q);
        if (q.Problem() is { } bad) return bad;
        var report = await reading.ReadAsync(session, p, ct);
        return await AnswerAsync(report, format, $"Durabilité du portefeuille au {p.AsOf:yyyy-MM-dd}", session.DocumentStore, user.Login(), time, json.Value.SerializerOptions, grids, ct);
    }

    [Authorize(Policy = Authentication.CanRead), AnalyticsQuery(jsonOrCsv: false)]
    [Query(AnalyticsRequest.Format, "json (par défaut), html (page imprimable), pdf, md (Markdown) ou csv (lignes longues).", Choice = typeof(ReportFormat))]
    [WolverineGet("/api/reports/durability/{id}"), Tags("Rapports")]
    [EndpointSummary("Durabilité d'un projet arrêté : sa vie jusqu'à l'arrêt, dérive des piliers, collectif, ressources, accompagnement, ce qui reste")]
    [EndpointDescription(Formats)]
    [ProducesResponseType<ProjectReport>(200), ProducesResponseType<HttpValidationProblemDetails>(400),
     ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409), ProducesResponseType<ProblemDetails>(503)]
    public static async Task<IResult> Project(
        Guid id, HttpRequest request, System.Security.Claims.ClaimsPrincipal user, IQuerySession session, GridCatalog grids, BusinessCalendar calendar, TimeProvider time,
        IOptions<JsonOptions> json, CancellationToken ct)
    {
        var q = new AnalyticsRequest(request, grids, calendar);
        var p = q.Parameters();
        var format = ReadFormat(q);
        if (q.Problem() is { } bad) return bad;
        var timeline = await session.LoadTimelineAsync(id, ct);
        if (p.RecordedBy is { } by) timeline = timeline?.KnownAt(by);
        if (timeline?.Registration is null) return Problems.ProjectNotFound(id);
        if (ProjectReport.Of(timeline, p.AsOf, p.Grid) is not { } report) return NotStopped(timeline, p.AsOf);
        return await AnswerAsync(report, format, $"Durabilité {report.Project.Key} {report.Project.Name}", session.DocumentStore, user.Login(), time, json.Value.SerializerOptions, grids, ct);
    }

    public static string NotStoppedMessage(string name, DateOnly asOf) =>
        $"le projet « {name} » n'est pas arrêté au {asOf:dd/MM/yyyy} : le rapport de durabilité porte sur un projet arrêté " +
        "(le rapport du portefeuille liste les projets en vie à surveiller)";

    private static IResult NotStopped(ProjectTimeline timeline, DateOnly asOf) =>
        Problems.Conflict("projectNotStopped", NotStoppedMessage(((ProjectRegistered)timeline.Registration!.Event).Name, asOf));

    private static ReportFormat ReadFormat(AnalyticsRequest q) =>
        AnalyticsParameters.ReadEnum<ReportFormat>("format", q.Query("format"), ReportFormat.Json, q.Errors) ?? ReportFormat.Json;

    /// <summary>The report in JSON, or rendered as a file, which is then in the journal (JSON is what scripts and pages read).</summary>
    private static async Task<IResult> AnswerAsync(
        ITidy report, ReportFormat format, string name, IDocumentStore store, string who, TimeProvider time,
        System.Text.Json.JsonSerializerOptions json, GridCatalog grids, CancellationToken ct)
    {
        if (format == ReportFormat.Json) return Results.Ok(report);
        try
        {
            var rendered = await ReportRendering.RenderAsync(report, format, name, time, json, new TidyLabels(grids), ct);
            await ReportJournal.RecordAsync(store, time, who, report, format, null, ct);
            // The page and the PDF open in the browser; Markdown and CSV are files to keep. Either way, a file saved is
            // named by what it reports on (the project's key and name), in ASCII for old clients and in UTF-8 (filename*).
            var file = DownloadName.Header(format is ReportFormat.Html or ReportFormat.Pdf, rendered.FileName);
            return new ReportFile(Results.Bytes(rendered.Bytes, rendered.ContentType), file);
        }
        catch (Exception e) when (e is ChromiumMissingException or PdfRenderingException)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "PDF indisponible", detail: e.Message);
        }
    }
}

/// <summary>A rendered report with its Content-Disposition.</summary>
internal sealed class ReportFile(IResult bytes, string contentDisposition) : IResult
{
    public Task ExecuteAsync(HttpContext context)
    {
        context.Response.Headers.ContentDisposition = contentDisposition;
        return bytes.ExecuteAsync(context);
    }
}

/// <summary>A downloaded file's name as a person reads it, with an ASCII fallback for the clients that need one.</summary>
public static class DownloadName
{
    /// <summary>« Durabilité P045 Les Paniers.pdf » as filename*, « Durabilite-P045-Les-Paniers.pdf » as filename.</summary>
    public static string Header(bool inline, string fileName)
    {
        var full = new string(fileName.Select(c => char.IsControl(c) || "/\\:*?\"<>|".Contains(c) ? '-' : c).ToArray());
        var header = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue(inline ? "inline" : "attachment")
        {
            FileName = Ascii(full),
            FileNameStar = full,
        };
        return header.ToString();
    }

    /// <summary>Letters without their accents, digits, dots and dashes; anything else a dash.</summary>
    public static string Ascii(string name)
    {
        var plain = new System.Text.StringBuilder();
        foreach (var c in name.Normalize(System.Text.NormalizationForm.FormD))
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark) continue;
            var keep = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.';
            if (keep) plain.Append(c);
            else if (plain.Length > 0 && plain[^1] != '-') plain.Append('-');
        }
        var text = plain.ToString().Replace("-.", ".").Trim('-');
        return text.Length == 0 ? "rapport" : text;
    }
}
