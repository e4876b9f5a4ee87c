using EctLifecycle.Analytics;
using EctLifecycle.Journal;
using Marten;

namespace EctLifecycle.Durability;

/// <summary>A durability report taken away as a file (a page, a PDF, Markdown, CSV) is in the journal: which one, at which date.</summary>
public static class ReportJournal
{
    public static Task RecordAsync(
        IDocumentStore store, TimeProvider time, string who, ITidy report, ReportFormat format, Dictionary<string, string>? details, CancellationToken ct)
    {
        var (what, asOf, grid) = report switch
        {
            ProjectReport p => ($"du projet {p.Project.Key}", p.AsOf, p.GridVersion),
            PortfolioReport p => ("du portefeuille", p.AsOf, p.GridVersion),
            _ => throw new ArgumentException($"not a durability report: {report.GetType().Name}", nameof(report)),
        };
        var all = details ?? [];
        all["format"] = format.ToString().ToLowerInvariant();
        all["asOf"] = $"{asOf:yyyy-MM-dd}";
        all["grid"] = grid;
        if (report is ProjectReport project) all["project"] = project.Project.Key;
        return Audit.RecordAsync(store, time, AuditKind.ReportDownloaded, who,
            $"Rapport de durabilité {what} au {asOf:dd/MM/yyyy} (grille {grid}) téléchargé en {all["format"].ToUpperInvariant()}.",
            details: all, ct: ct);
    }
}
