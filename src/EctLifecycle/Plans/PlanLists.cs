using EctLifecycle.Timelines;
using EctLifecycle.Projects;
using Marten;

namespace EctLifecycle.Plans;

/// <summary>A plan as the pages show it: with its project's key and name.</summary>
public sealed record PlanRow(Plan Plan, string ProjectKey, string ProjectName);

/// <summary>The plans of a person or of the team, as <c>/a-faire</c> groups them (Paris days; a week ends on Sunday).</summary>
public sealed record PlanLists(IReadOnlyList<PlanRow> Overdue, IReadOnlyList<PlanRow> ThisWeek, IReadOnlyList<PlanRow> Later, IReadOnlyList<PlanRow> Done)
{
    public const int DoneDays = 30;

    public static DateOnly EndOfWeek(DateOnly today) => today.AddDays((7 - (int)today.DayOfWeek) % 7);

    /// <summary>Open plans and those done in the last <see cref="DoneDays"/> days; of <paramref name="login"/> when given, else everyone's.</summary>
    public static async Task<PlanLists> LoadAsync(IQuerySession session, string? login, DateOnly today, CancellationToken ct)
    {
        var since = today.AddDays(-DoneDays);
        IQueryable<Plan> query = session.Query<Plan>().Where(p => p.State == PlanState.Open || (p.State == PlanState.Done && p.DoneOn >= since));
        if (login is not null) query = query.Where(p => p.InCharge == login);
        var plans = await query.OrderBy(p => p.Due).ToListAsync(ct);
        var rows = await RowsAsync(session, plans, ct);
        var week = EndOfWeek(today);
        return new PlanLists(
            rows.Where(r => r.Plan.State == PlanState.Open && r.Plan.Due < today).ToList(),
            rows.Where(r => r.Plan.State == PlanState.Open && r.Plan.Due >= today && r.Plan.Due <= week).ToList(),
            rows.Where(r => r.Plan.State == PlanState.Open && r.Plan.Due > week).ToList(),
            rows.Where(r => r.Plan.State == PlanState.Done).OrderByDescending(r => r.Plan.DoneOn).ToList());
    }

    public static async Task<IReadOnlyList<PlanRow>> RowsAsync(IQuerySession session, IReadOnlyList<Plan> plans, CancellationToken ct)
    {
        var ids = plans.Select(p => p.ProjectId).ToHashSet();
        // Only the registrations are kept: the plans' projects read a chunk of streams at a time, not every project.
        var registrations = new Dictionary<Guid, ProjectRegistered>();
        foreach (var t in await TimelineStore.Of(session.DocumentStore).ReadManyAsync(ids, ct))
            if (t.Registration?.Event is ProjectRegistered r) registrations[r.ProjectId] = r;
        return plans.Select(plan => registrations.GetValueOrDefault(plan.ProjectId) is { } r
            ? new PlanRow(plan, ProjectKey.Readable(ProjectKey.Of(r)), r.Name)
            : new PlanRow(plan, "?", "projet inconnu")).ToList();
    }

    /// <summary>How many of <paramref name="login"/>'s open plans are overdue or due this week: the menu's count.</summary>
    public static Task<int> CountAsync(IQuerySession session, string login, DateOnly today, CancellationToken ct)
    {
        var week = EndOfWeek(today);
        return session.Query<Plan>().CountAsync(p => p.State == PlanState.Open && p.InCharge == login && p.Due <= week, ct);
    }

    public static string KindLabel(PlanKind kind) => kind switch
    {
        PlanKind.FollowUp => "Suivi après l'arrêt",
        PlanKind.Reassessment => "Réévaluation",
        PlanKind.FundingEnd => "Fin de financement",
        PlanKind.Silence => "Sans nouvelles",
        PlanKind.Watch => "Vigilance",
        _ => "Action ajoutée",
    };

    public static string StateLabel(Plan p) => p.State switch
    {
        PlanState.Done => $"fait le {p.DoneOn:dd/MM/yyyy}",
        PlanState.Cancelled => $"annulé ({p.CancelReason})",
        _ => "à faire",
    };
}
