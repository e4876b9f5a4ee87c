using EctLifecycle.Accounts;
using EctLifecycle.Durability;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using Marten;

namespace EctLifecycle.Plans;

/// <summary>What a reconciliation changed: plans made by the rules, and plans closed, cancelled or reopened.</summary>
public sealed record PlanChanges(IReadOnlyList<Plan> Made, IReadOnlyList<Plan> Changed)
{
    public static readonly PlanChanges None = new([], []);
    public bool Any => Made.Count > 0 || Changed.Count > 0;
}

/// <summary>
/// Keeps a project's plans in line with its history, in the session of the write that changed it (so that the card shows
/// a plan done right after its milestone): the rules make their plans (each once, by its key), the milestones close the
/// plans they fulfil, a retraction cancels the plans made from the retracted fact (« jalon retiré ») and reopens the plan
/// it had fulfilled, a stop cancels the plans only a live project has (« projet arrêté ») and a retraction of the stop reopens them. It never touches the events.
/// </summary>
public sealed class PlanBook(PlanSettings settings, BusinessCalendar calendar, GridCatalog grids)
{
    public const string Retracted = "jalon retiré", Stopped = "projet arrêté";

    public PlanSettings Settings => settings;

    /// <summary>Reconciles one project's plans into <paramref name="session"/> (saved by the caller). The watch list is read only when <paramref name="watch"/>.</summary>
    public async Task<PlanChanges> SyncAsync(IDocumentSession session, ProjectTimeline timeline, bool watch, CancellationToken ct)
    {
        if (timeline.Registration?.Event is not { } registered) return PlanChanges.None;
        var existing = await session.Query<Plan>().Where(p => p.ProjectId == registered.ProjectId).ToListAsync(ct);
        var changes = Reconcile(existing.ToList(), timeline, calendar.Today, calendar.RecordingNow(), settings, logins: null, watch ? grids.Default : null);
        await LeaveToTheTeamAsync(session, changes.Made, ct);
        foreach (var plan in changes.Made) session.Insert(plan);
        foreach (var plan in changes.Changed) session.Store(plan);
        return changes;
    }

    /// <summary>Reconciles many projects' plans (the day's job, an import): every plan read in one query.</summary>
    public Task<PlanChanges> SyncManyAsync(IDocumentSession session, IEnumerable<ProjectTimeline> timelines, bool watch, CancellationToken ct, Guid[]? onlyOf = null) =>
        SyncManyAsync(session, timelines.ToAsyncEnumerable(), watch, ct, onlyOf);

    /// <summary>The same for timelines read one after the other (every project, chunk by chunk): none is kept.</summary>
    /// <param name="onlyOf">The projects of <paramref name="timelines"/>, when they are few of those stored: only their plans are read.</param>
    public async Task<PlanChanges> SyncManyAsync(
        IDocumentSession session, IAsyncEnumerable<ProjectTimeline> timelines, bool watch, CancellationToken ct, Guid[]? onlyOf = null)
    {
        var byProject = (onlyOf is null
            ? await session.Query<Plan>().ToListAsync(ct)
            : await session.Query<Plan>().Where(p => p.ProjectId.IsOneOf(onlyOf)).ToListAsync(ct)).ToLookup(p => p.ProjectId);
        var (today, now) = (calendar.Today, calendar.RecordingNow());
        List<Plan> made = [], changed = [];
        await foreach (var timeline in timelines.WithCancellation(ct))
        {
            if (timeline.Registration?.Event is not { } registered) continue;
            var changes = Reconcile(byProject[registered.ProjectId].ToList(), timeline, today, now, settings, logins: null, watch ? grids.Default : null);
            made.AddRange(changes.Made);
            changed.AddRange(changes.Changed);
        }
        await LeaveToTheTeamAsync(session, made, ct);
        foreach (var plan in made) session.Insert(plan);
        foreach (var plan in changed) session.Store(plan);
        return new PlanChanges(made, changed);
    }

    /// <summary>
    /// The plans made with whoever logged their fact in charge (<see cref="Reconcile"/> without logins) go to the team
    /// when that login is no active account: the accounts are asked only when a plan is made (most writes make none).
    /// </summary>
    private static async Task LeaveToTheTeamAsync(IQuerySession session, IReadOnlyList<Plan> made, CancellationToken ct)
    {
        if (made.Select(p => p.InCharge).OfType<string>().Distinct().ToArray() is not { Length: > 0 } named) return;
        var active = (await session.Query<UserAccount>().Where(u => !u.Disabled && u.Id.IsOneOf(named)).Select(u => u.Id).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var plan in made.Where(p => p.InCharge is { } who && !active.Contains(who))) plan.InCharge = null;
    }

    /// <summary>The pure part: what the rules and the milestones change in <paramref name="plans"/> (the project's, changed in place).</summary>
    public static PlanChanges Reconcile(
        List<Plan> plans, ProjectTimeline timeline, DateOnly today, DateTimeOffset now, PlanSettings settings,
        IReadOnlySet<string>? logins, Grid? watchGrid)
    {
        var projectId = timeline.Registration!.Event.ProjectId;
        var changed = new HashSet<Plan>();
        var state = timeline.Current;
        foreach (var plan in plans)
        {
            // A plan made from a fact that never happened has no object, done or not: a done one no longer reads « fait ».
            if (plan.State is PlanState.Open or PlanState.Done && plan.MadeFrom is { } from && timeline.IsRetracted(from))
            {
                (plan.FulfilledBy, plan.DoneOn) = (null, null);
                Close(plan, PlanState.Cancelled, now, timeline.Retractions[from].Event.LoggedBy, Retracted);
                changed.Add(plan);
            }
            else if (plan.State == PlanState.Done && plan.FulfilledBy is { } by && timeline.IsRetracted(by))
            {
                (plan.State, plan.FulfilledBy, plan.DoneOn, plan.ClosedAt, plan.ClosedBy) = (PlanState.Open, null, null, null, null);
                changed.Add(plan);
            }
            else if (plan.State == PlanState.Cancelled && plan.CancelReason == Stopped && state is { Stopped: null }
                     && !(plan.MadeFrom is { } madeFrom && timeline.IsRetracted(madeFrom)))
            {
                // The stop was retracted: what it cancelled is open again (a stop logged anew cancels it again below).
                (plan.State, plan.CancelReason, plan.ClosedAt, plan.ClosedBy) = (PlanState.Open, null, null, null);
                changed.Add(plan);
            }
        }

        var keys = plans.Where(p => p.RuleKey is not null).Select(p => p.RuleKey!).ToHashSet(StringComparer.Ordinal);
        var made = new List<Plan>();
        foreach (var rule in PlanRules.Derive(timeline, today, settings).Where(r => !keys.Contains(r.Key)))
            made.Add(Make(projectId, rule, now, logins));
        if (watchGrid is not null && settings.WatchDays > 0 && state?.Stopped is null && WatchRules.Listed(timeline, today, watchGrid))
        {
            // Entering the list: no watch plan open, none made since the project's last milestone.
            var last = timeline.Effective().Max(e => e.Event.OccurredOn);
            if (!plans.Any(p => p.Kind == PlanKind.Watch && (p.State == PlanState.Open || p.Since >= last)))
                made.Add(Make(projectId, new RulePlan($"watch:{projectId}:{today:yyyy-MM-dd}", PlanKind.Watch, today.AddDays(settings.WatchDays), today,
                    "Faire le point : le projet est entré dans la liste de vigilance", null, null), now, logins));
        }
        plans.AddRange(made);

        if (state?.Stopped is not null)
            foreach (var plan in plans.Where(p => p.State == PlanState.Open && p.Kind is PlanKind.Reassessment or PlanKind.Silence or PlanKind.Watch))
            {
                Close(plan, PlanState.Cancelled, now, LoggedByOfStop(timeline), Stopped);
                changed.Add(plan);
            }

        // A milestone fulfils at most one plan of each kind, the one due first: an assessment is the re-assessment and news too.
        var used = plans.Where(p => p.FulfilledBy is not null).Select(p => (p.FulfilledBy!.Value, p.Kind)).ToHashSet();
        foreach (var entry in timeline.Effective())
        {
            var fulfilled = plans.Where(p => p.State == PlanState.Open && !used.Contains((entry.EventId, p.Kind)) && PlanRules.Fulfils(p, entry))
                .GroupBy(p => p.Kind).Select(g => g.OrderBy(p => p.Due).ThenBy(p => p.CreatedAt).First()).ToList();
            foreach (var plan in fulfilled)
            {
                Close(plan, PlanState.Done, now, entry.Event.LoggedBy, null);
                (plan.FulfilledBy, plan.DoneOn) = (entry.EventId, entry.Event.OccurredOn);
                used.Add((entry.EventId, plan.Kind));
                changed.Add(plan);
            }
        }
        changed.ExceptWith(made);
        return new PlanChanges(made, changed.ToList());
    }

    private static string LoggedByOfStop(ProjectTimeline timeline) =>
        timeline.Effective().LastOrDefault(e => e.Event is ProjectStopped)?.Event.LoggedBy ?? "";

    /// <param name="logins">The active accounts' logins; null: whoever logged the fact is named, and the caller checks them.</param>
    private static Plan Make(Guid projectId, RulePlan rule, DateTimeOffset now, IReadOnlySet<string>? logins) => new()
    {
        Id = Guid.CreateVersion7(now), ProjectId = projectId, Kind = rule.Kind, Title = rule.Title, Due = rule.Due, Since = rule.Since,
        // Whoever logged the fact is in charge of what follows from it, when they have an account; else the team.
        InCharge = rule.LoggedBy is { } by && (logins is null || logins.Contains(by)) ? by : null,
        State = PlanState.Open, RuleKey = rule.Key, MadeFrom = rule.MadeFrom, FundingId = rule.FundingId,
        CreatedAt = now, CreatedBy = "règle",
    };

    public static void Close(Plan plan, PlanState state, DateTimeOffset now, string by, string? reason)
    {
        (plan.State, plan.ClosedAt, plan.ClosedBy) = (state, now, by);
        if (state == PlanState.Cancelled) plan.CancelReason = reason;
    }
}
