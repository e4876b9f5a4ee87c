using EctLifecycle.Projects;

namespace EctLifecycle.Plans;

/// <summary>A plan a rule makes from a project's history: made once, under its <see cref="Key"/>.</summary>
public sealed record RulePlan(string Key, PlanKind Kind, DateOnly Due, DateOnly Since, string Title, Guid? MadeFrom, string? LoggedBy, string? FundingId = null);

/// <summary>
/// The rules, as pure functions of a project's history, today and the settings (no I/O). Which milestone fulfils which
/// plan is one table, <see cref="Fulfils"/>:
/// <list type="table">
/// <item><term>follow-up</term><description><c>followUpObserved</c>: a visit after the stop is the follow-up, the earliest one open first</description></item>
/// <item><term>re-assessment</term><description><c>criteriaAssessed</c>: the criteria were assessed again</description></item>
/// <item><term>funding's end</term><description><c>fundingEnded</c> of that funding (it ended, as planned or not), or a <c>fundingSecured</c> dated on or after the plan's first due day (<c>FundingEndDaysBefore</c> before the end: a new funding, or that one renewed, secured when the end is near, so what comes after it is known); a funding secured earlier says nothing of what follows this one</description></item>
/// <item><term>silence</term><description>any milestone: there is news</description></item>
/// <item><term>watch list</term><description><c>criteriaAssessed</c>, <c>note</c> or <c>accompanimentStarted</c>: the team looked at the project, wrote what it found or started to support it</description></item>
/// <item><term>own</term><description>the milestone type its writer chose, or any milestone when none</description></item>
/// </list>
/// A milestone fulfils a rule's plan when it happened on or after the plan's <see cref="Plan.Since"/> day (whenever it is logged),
/// an own plan when it is logged after the plan was written; never the fact the plan was made from.
/// </summary>
public static class PlanRules
{
    public static IReadOnlyList<RulePlan> Derive(ProjectTimeline timeline, DateOnly today, PlanSettings settings)
    {
        var effective = timeline.Effective().ToList();
        if (effective.Count == 0) return [];
        var state = ProjectTimeline.Fold(effective);
        var plans = new List<RulePlan>();
        foreach (var entry in effective)
        {
            if (entry.Event is ProjectStopped stop)
            {
                foreach (var years in settings.FollowUpYears.Distinct().Order())
                    plans.Add(new RulePlan($"followUp:{years}y:{entry.EventId}", PlanKind.FollowUp, stop.OccurredOn.AddYears(years),
                        stop.OccurredOn, $"Suivi à {years} an{(years > 1 ? "s" : "")} de l'arrêt du {stop.OccurredOn:dd/MM/yyyy}", entry.EventId, stop.LoggedBy));
            }
            else if (entry.Event is FundingSecured { PeriodEnd: { } end } funding && settings.FundingEndDaysBefore > 0 && state?.Stopped is null)
            {
                plans.Add(new RulePlan($"fundingEnd:{entry.EventId}", PlanKind.FundingEnd, end.AddDays(-settings.FundingEndDaysBefore),
                    funding.OccurredOn, $"Fin du financement « {funding.FundingId} » ({funding.Funder}) le {end:dd/MM/yyyy} : préparer la suite",
                    entry.EventId, funding.LoggedBy, funding.FundingId));
            }
        }
        if (state is null || state.Stopped is not null) return plans;

        if (settings.ReassessmentMonths > 0)
        {
            var basis = effective.LastOrDefault(e => e.Event is CriteriaAssessed) ?? effective.First(e => e.Event is ProjectRegistered);
            var what = basis.Event is CriteriaAssessed ? "la dernière évaluation" : "l'enregistrement";
            plans.Add(new RulePlan($"reassessment:{basis.EventId}", PlanKind.Reassessment, basis.Event.OccurredOn.AddMonths(settings.ReassessmentMonths),
                basis.Event.OccurredOn, $"Réévaluer les critères ({what} date du {basis.Event.OccurredOn:dd/MM/yyyy})", basis.EventId, basis.Event.LoggedBy));
        }
        if (settings.SilenceMonths > 0)
        {
            var last = effective.MaxBy(e => e.Event.OccurredOn)!;
            var due = last.Event.OccurredOn.AddMonths(settings.SilenceMonths);
            if (due <= today)
                plans.Add(new RulePlan($"silence:{last.EventId}", PlanKind.Silence, due, last.Event.OccurredOn,
                    $"Prendre des nouvelles : aucun jalon depuis le {last.Event.OccurredOn:dd/MM/yyyy}", last.EventId, null));
        }
        return plans;
    }

    /// <summary>Whether the milestone <paramref name="entry"/> fulfils the open plan <paramref name="plan"/> (the table above).</summary>
    public static bool Fulfils(Plan plan, TimelineEntry entry)
    {
        var e = entry.Event;
        if (e is MilestoneRetracted or ProjectRegistered || entry.EventId == plan.MadeFrom) return false;
        // A rule's plan looks at what happened after its fact, whenever it is logged; a person's plan at what is logged after it.
        if (plan.Kind == PlanKind.Own ? entry.RecordedAt <= plan.CreatedAt : e.OccurredOn < plan.Since) return false;
        return plan.Kind switch
        {
            PlanKind.FollowUp => e is FollowUpObserved,
            PlanKind.Reassessment => e is CriteriaAssessed,
            PlanKind.FundingEnd => (e is FundingSecured && e.OccurredOn >= FirstDue(plan)) || (e is FundingEnded ended && ended.FundingId == plan.FundingId),
            PlanKind.Silence => true,
            PlanKind.Watch => e is CriteriaAssessed or NoteAdded or AccompanimentStarted,
            PlanKind.Own => plan.MilestoneType is null || MilestoneKinds.TypeOf(e) == plan.MilestoneType,
            _ => false,
        };
    }

    /// <summary>The day a plan was first due, before any move (a funding's end: <c>FundingEndDaysBefore</c> before its end).</summary>
    public static DateOnly FirstDue(Plan plan) => plan.Moves.Count > 0 ? plan.Moves[0].From : plan.Due;
}
