using System.Text;
using System.Text.Json;
using EctLifecycle.Analytics;

namespace EctLifecycle.Durability;

public enum ReportFormat { Json, Html, Pdf, Md, Csv }

public sealed record RenderedReport(byte[] Bytes, string ContentType, string FileName);

/// <summary>A durability report (portfolio or project) in each of its formats; the CLI and the HTTP routes share it.</summary>
public static class ReportRendering
{
    public static ReportFormat? FormatOfPath(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".html" or ".htm" => ReportFormat.Html,
        ".pdf" => ReportFormat.Pdf,
        ".md" => ReportFormat.Md,
        ".csv" => ReportFormat.Csv,
        ".json" => ReportFormat.Json,
        _ => null,
    };

    /// <summary><paramref name="network"/>: the portfolio's network picture, when drawn (HTML and PDF).</summary>
    public static ReportDocument Document(ITidy report, Network.Picture? network = null) => report switch
    {
        PortfolioReport p => PortfolioDocument.Of(p, network),
        ProjectReport r => ProjectDocument.Of(r),
        _ => throw new ArgumentOutOfRangeException(nameof(report), report.GetType().Name, "not a durability report"),
    };

    /// <summary>The page: the portfolio's network drawn by Graphviz first, when the report has it.</summary>
    private static async Task<string> HtmlAsync(ITidy report, DateTimeOffset now, CancellationToken ct) =>
        HtmlWriter.Write(Document(report, report is PortfolioReport { Network: { } n } ? await n.DrawAsync(ct) : null), now);

    /// <summary>The report as bytes; PDF throws <see cref="ChromiumMissingException"/> when Chromium is not installed.</summary>
    public static async Task<RenderedReport> RenderAsync(
        ITidy report, ReportFormat format, string name, TimeProvider time, JsonSerializerOptions json, TidyLabels labels, CancellationToken ct)
    {
        var now = BusinessCalendar.InParis(time.GetUtcNow());
        return format switch
        {
            ReportFormat.Html => new(Utf8(await HtmlAsync(report, now, ct)), $"{MediaType(ReportFormat.Html)}; charset=utf-8", $"{name}.html"),
            ReportFormat.Pdf => new(await ChromiumPdf.RenderAsync(await HtmlAsync(report, now, ct), ct), MediaType(ReportFormat.Pdf), $"{name}.pdf"),
            ReportFormat.Md => new(Utf8(MarkdownWriter.Write(Document(report), now)), $"{MediaType(ReportFormat.Md)}; charset=utf-8", $"{name}.md"),
            ReportFormat.Csv => new(TidyCsv.File(report.Tidy(), labels.With(SurvivalBy.SubjectLabel)), $"{MediaType(ReportFormat.Csv)}; charset=utf-8", $"{name}.csv"),
            _ => new(JsonSerializer.SerializeToUtf8Bytes(report, report.GetType(), json), $"{MediaType(ReportFormat.Json)}; charset=utf-8", $"{name}.json"),
        };
    }

    /// <summary>The media type of a format, without its charset.</summary>
    public static string MediaType(ReportFormat format) => format switch
    {
        ReportFormat.Html => "text/html",
        ReportFormat.Pdf => "application/pdf",
        ReportFormat.Md => "text/markdown",
        ReportFormat.Csv => "text/csv",
        _ => "application/json",
    };

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
