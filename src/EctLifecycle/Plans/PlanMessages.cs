namespace EctLifecycle.Plans;

/// <summary>A plan fell due today and its reminder is to go out (published once per due day, after the plan was checked).</summary>
public sealed record PlanFellDue(Guid PlanId);

/// <summary>The weekly digest of the week starting on <c>Week</c> (a Monday) is to go out.</summary>
public sealed record WeeklyDigestDue(DateOnly Week);
