using EctLifecycle.Accounts;
using EctLifecycle.Analytics;
using EctLifecycle.Http;
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
    private const string Formats = "format: json (default), html (printable page), pdf, md or csv (tidy rows)";

    [Authorize(Policy = Authentication.CanRead)]
    [WolverineGet("/api/reports/durability"), Tags("Rapports")]
    [EndpointSummary("Durability of the portfolio at a date: stopped projects, survival curves, reasons, what remains, projects to watch")]
    [EndpointDescription(Formats)]
    [ProducesResponseType<PortfolioReport>(200), ProducesResponseType<HttpValidationProblemDetails>(400), ProducesResponseType<ProblemDetails>(503)]
    public static async Task<IResult> Portfolio(
        HttpRequest request, System.Security.Claims.ClaimsPrincipal user, IQuerySession session, GridCatalog grids, BusinessCalendar calendar, TimeProvider time,
        IOptions<JsonOptions> json, CancellationToken ct)
    {
        var q = new AnalyticsRequest(request, grids, calendar);
        var p = q.Parameters();
        var format = ReadFormat(q);
        if (q.Problem() is { } bad) return bad;
        var report = PortfolioReport.Of(await PortfolioHistory.LoadAsync(session, p, ct), p);
        return await AnswerAsync(report, format, $"durabilite-{p.AsOf:yyyy-MM-dd}", session.DocumentStore, user.Login(), time, json.Value.SerializerOptions, ct);
    }

    [Authorize(Policy = Authentication.CanRead)]
    [WolverineGet("/api/reports/durability/{id}"), Tags("Rapports")]
    [EndpointSummary("Durability of one stopped project: its life to the stop, pillar drift, collective, resources, support, what remains")]
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
        return await AnswerAsync(report, format, $"durabilite-{report.Project.Key}", session.DocumentStore, user.Login(), time, json.Value.SerializerOptions, ct);
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
        System.Text.Json.JsonSerializerOptions json, CancellationToken ct)
    {
        if (format == ReportFormat.Json) return Results.Ok(report);
        try
        {
            var rendered = await ReportRendering.RenderAsync(report, format, name, time, json, ct);
            await ReportJournal.RecordAsync(store, time, who, report, format, null, ct);
            // The page and the PDF open in the browser; Markdown and CSV are files to keep.
            return format is ReportFormat.Html or ReportFormat.Pdf
                ? Results.Bytes(rendered.Bytes, rendered.ContentType)
                : Results.File(rendered.Bytes, rendered.ContentType, rendered.FileName);
        }
        catch (Exception e) when (e is ChromiumMissingException or PdfRenderingException)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "PDF indisponible", detail: e.Message);
        }
    }
}
