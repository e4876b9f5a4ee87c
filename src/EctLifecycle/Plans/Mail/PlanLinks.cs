using EctLifecycle.Timelines;
using System.Globalization;
using EctLifecycle.Projects;
using Marten;

namespace EctLifecycle.Plans.Mail;

/// <summary>A plan as a mail or the calendar names it: its project's key and name, the links to the card and to the form that closes it.</summary>
public sealed record PlanLine(Plan Plan, string ProjectKey, string ProjectName, string CardUrl, string CloseUrl)
{
    public string Project => $"{ProjectKey} {ProjectName}";
}

public static class PlanLinks
{
    /// <summary>
    /// The kind of milestone that fulfils a plan of each kind: the form the mail links to. The plans' own rules decide
    /// which milestone closes a plan; this only picks the form. Null: no one kind, the link opens the list of forms.
    /// </summary>
    public static readonly IReadOnlyDictionary<PlanKind, string?> ClosingMilestone = new Dictionary<PlanKind, string?>
    {
        [PlanKind.FollowUp] = "followUpObserved",
        [PlanKind.Reassessment] = "criteriaAssessed",
        [PlanKind.FundingEnd] = "fundingEnded",
        [PlanKind.Silence] = null,
        [PlanKind.Watch] = "criteriaAssessed",
        [PlanKind.Own] = null,
    };

    public static string CardPath(Guid projectId) => $"/projets/{projectId}";

    /// <summary>The form of the plan's own milestone type when it names one (a staff plan may), else its kind's.</summary>
    public static string ClosePath(Plan plan) =>
        (plan.MilestoneType ?? ClosingMilestone.GetValueOrDefault(plan.Kind)) is { } type ? $"/projets/{plan.ProjectId}/jalon/{type}" : $"/projets/{plan.ProjectId}/jalon";

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>« lundi 1 juin 2026 ».</summary>
    public static string InFrench(DateOnly day) => day.ToString("dddd d MMMM yyyy", French);

    /// <summary>Each plan with its project's key and name (read from the project's registration); a plan whose project is gone is left out.</summary>
    public static async Task<IReadOnlyList<PlanLine>> LinesAsync(IQuerySession session, IEnumerable<Plan> plans, AppLinks links, CancellationToken ct)
    {
        var lines = new List<PlanLine>();
        var projects = new Dictionary<Guid, ProjectRegistered?>();
        foreach (var plan in plans)
        {
            if (!projects.TryGetValue(plan.ProjectId, out var registration))
                projects[plan.ProjectId] = registration = (await session.LoadTimelineAsync(plan.ProjectId, ct))?.Registration?.Event as ProjectRegistered;
            if (registration is null) continue;
            lines.Add(new PlanLine(plan, ProjectKey.Readable(ProjectKey.Of(registration)), registration.Name,
                links.To(CardPath(plan.ProjectId)), links.To(ClosePath(plan))));
        }
        return lines;
    }
}
