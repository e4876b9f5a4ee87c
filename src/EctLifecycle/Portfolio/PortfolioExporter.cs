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
    public static async Task<PortfolioFile> ExportAsync(IQuerySession session, CancellationToken ct) =>
        ToFile(await session.LoadAllTimelinesAsync(ct));

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

    public static PortfolioFile ToFile(IEnumerable<ProjectTimeline> timelines)
    {
        var file = new PortfolioFile();
        foreach (var timeline in timelines.Where(t => t.Registration is not null)
                     .OrderBy(t => ProjectKey.Of((ProjectRegistered)t.Registration!.Event), StringComparer.Ordinal))
        {
            var registration = (ProjectRegistered)timeline.Registration!.Event;
            var key = ProjectKey.Of(registration);
            file.Projects.Add(PortfolioRows.ProjectRow(key, registration) with { Number = file.Projects.Count + 2 });
            foreach (var entry in timeline.Effective())
            {
                switch (entry.Event)
                {
                    case ProjectRegistered: break;
                    case CriteriaAssessed a:
                        foreach (var row in PortfolioRows.AssessmentRows(key, a))
                            file.Assessments.Add(row with { Number = file.Assessments.Count + 2 });
                        break;
                    default:
                        file.Milestones.Add(PortfolioRows.MilestoneRow(key, entry.Event) with { Number = file.Milestones.Count + 2 });
                        break;
                }
            }
        }
        return file;
    }
}
