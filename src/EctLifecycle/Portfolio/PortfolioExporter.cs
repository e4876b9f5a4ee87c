using EctLifecycle.Timelines;
using EctLifecycle.Journal;
using EctLifecycle.Projects;
using Marten;

namespace EctLifecycle.Portfolio;

/// <summary>
/// Writes every project as the import format: the registration, then the effective milestones in business order
/// (retracted ones and retractions left out), so importing the export rebuilds the same state at every date.
/// </summary>
public static class PortfolioExporter
{
    /// <summary>
    /// Every project read a chunk at a time (<see cref="EventStoreReads.EachTimelineAsync"/>): only the file's rows are held,
    /// not every timeline besides them.
    /// </summary>
    public static async Task<PortfolioFile> ExportAsync(IQuerySession session, CancellationToken ct)
    {
        var projects = new List<(string Key, ProjectRows Rows)>();
        await foreach (var timeline in session.EachTimelineAsync(ct))
            if (RowsOf(timeline) is { } rows) projects.Add(rows);
        return ToFile(projects);
    }

    /// <summary>An export in the journal: who took the whole portfolio, under which name, and how much of it.</summary>
    public static Task JournalAsync(
        IDocumentStore store, TimeProvider time, string who, PortfolioFile file, string name, Dictionary<string, string>? details, CancellationToken ct)
    {
        var all = details ?? [];
        all["file"] = name;
        all["projects"] = $"{file.Projects.Count}";
        all["milestones"] = $"{file.Milestones.Count}";
        all["assessments"] = $"{file.Assessments.Count}";
        return Audit.RecordAsync(store, time, AuditKind.Export, who,
            $"Export du portefeuille « {name} » : {file.Projects.Count} projet(s), {file.Milestones.Count} jalon(s), {file.Assessments.Count} évaluation(s).",
            details: all, ct: ct);
    }

    public static PortfolioFile ToFile(IEnumerable<ProjectTimeline> timelines) =>
        ToFile(timelines.Select(RowsOf).OfType<(string, ProjectRows)>().ToList());

    // A project's rows, numbered when the file is put together.
    private sealed record ProjectRows(PortfolioRow Project, List<PortfolioRow> Milestones, List<PortfolioRow> Assessments);

    private static (string Key, ProjectRows Rows)? RowsOf(ProjectTimeline timeline)
    {
        if (timeline.Registration?.Event is not ProjectRegistered registration) return null;
        var key = ProjectKey.Of(registration);
        var rows = new ProjectRows(PortfolioRows.ProjectRow(key, registration), [], []);
        foreach (var entry in timeline.Effective())
        {
            switch (entry.Event)
            {
                case ProjectRegistered: break;
                case CriteriaAssessed a:
                    rows.Assessments.AddRange(PortfolioRows.AssessmentRows(key, a));
                    break;
                default:
                    rows.Milestones.Add(PortfolioRows.MilestoneRow(key, entry.Event));
                    break;
            }
        }
        return (key, rows);
    }

    // The projects in the order of their keys, each row numbered as its sheet's line (the header is line 1).
    private static PortfolioFile ToFile(List<(string Key, ProjectRows Rows)> projects)
    {
        var file = new PortfolioFile();
        foreach (var (_, rows) in projects.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            file.Projects.Add(rows.Project with { Number = file.Projects.Count + 2 });
            foreach (var row in rows.Milestones) file.Milestones.Add(row with { Number = file.Milestones.Count + 2 });
            foreach (var row in rows.Assessments) file.Assessments.Add(row with { Number = file.Assessments.Count + 2 });
        }
        return file;
    }
}
