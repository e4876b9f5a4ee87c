namespace EctLifecycle.Plans;

/// <summary>Why a plan exists: made by one of the rules (each a setting) or by a person. Wire names are camelCase.</summary>
public enum PlanKind
{
    /// <summary>A follow-up of a stopped project (by default 1, 2 and 5 years after the stop).</summary>
    FollowUp,
    /// <summary>A re-assessment of the criteria (by default every 12 months while the project is not stopped).</summary>
    Reassessment,
    /// <summary>A funding's end (by default 60 days before its <c>periodEnd</c>).</summary>
    FundingEnd,
    /// <summary>A project with no milestone for a while (by default 6 months).</summary>
    Silence,
    /// <summary>A project that entered the watch list.</summary>
    Watch,
    /// <summary>Written by a person.</summary>
    Own,
}

/// <summary>Open until a milestone fulfils it, or someone cancels it (with a reason).</summary>
public enum PlanState { Open, Done, Cancelled }

/// <summary>
/// Something that should happen on a project by a date: a Marten document, apart from the event history (a plan is not a
/// fact; closing, cancelling or moving it never touches the events). <see cref="Due"/> is a Paris day.
/// </summary>
public sealed class Plan
{
    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public PlanKind Kind { get; set; }

    /// <summary>What is to be done, in French, as the team would write it (« Suivi à 1 an de l'arrêt »).</summary>
    public string Title { get; set; } = "";

    /// <summary>The Paris day by which it is due.</summary>
    public DateOnly Due { get; set; }

    /// <summary>The login of the person in charge; null: the team.</summary>
    public string? InCharge { get; set; }

    public PlanState State { get; set; }

    /// <summary>For a plan made by a rule: the rule and what it was made from (e.g. <c>followUp:1y:{stopEventId}</c>), so that a rule never makes the same plan twice.</summary>
    public string? RuleKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";

    /// <summary>When it was done or cancelled, and by whom (a login).</summary>
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }

    /// <summary>The milestone (event id) that fulfilled it, when done.</summary>
    public Guid? FulfilledBy { get; set; }

    /// <summary>Why it was cancelled.</summary>
    public string? CancelReason { get; set; }

    /// <summary>The business day from which a milestone may fulfil it (the day of the fact a rule made it from; an own plan's day of writing).</summary>
    public DateOnly Since { get; set; }

    /// <summary>For a plan made by a rule: the event it was made from (a retraction of that event cancels it).</summary>
    public Guid? MadeFrom { get; set; }

    /// <summary>An own plan: the milestone type (wire name, <c>note</c>, <c>criteriaAssessed</c>…) that fulfils it; null: any milestone.</summary>
    public string? MilestoneType { get; set; }

    /// <summary>A funding's end: the funding (its <c>fundingId</c>), whose end or renewal fulfils it.</summary>
    public string? FundingId { get; set; }

    /// <summary>When done: the business date of the milestone that fulfilled it.</summary>
    public DateOnly? DoneOn { get; set; }

    /// <summary>Each move of its due date, oldest first.</summary>
    public List<PlanMove> Moves { get; set; } = [];
}

public sealed record PlanMove(DateOnly From, DateOnly To, string By, DateTimeOffset At, string? Reason);
