namespace EctLifecycle.Plans;

/// <summary>A plan's due day came: scheduled by Wolverine for that day; handled in <c>Plans/Mail</c>.</summary>
public sealed record PlanFellDue(Guid PlanId);

/// <summary>The weekly digest of the week starting on <paramref name="Week"/> (a Monday, Paris day) is due.</summary>
public sealed record WeeklyDigestDue(DateOnly Week);
