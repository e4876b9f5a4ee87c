using System.Text.Json.Serialization;

namespace EctLifecycle.Projects;

/// <summary>
/// Every milestone of a project's journey. <c>OccurredOn</c> is the business date the thing happened;
/// the event store keeps when it was recorded. <c>LoggedBy</c> is who logged it: the signed-in user, or who ran the
/// import. <c>Source</c> is where an imported fact came from (a file's « source » or « saisi par » column), if it said.
/// </summary>
public interface IProjectEvent
{
    Guid ProjectId { get; }
    DateOnly OccurredOn { get; }
    string LoggedBy { get; }
    string? Source { get; }
}

/// <summary>
/// What every event shares beyond its own fields. <c>Source</c> came later and is optional: events stored without it
/// read as they were, and it is written only when there is one, so their bodies stay the same.
/// </summary>
public abstract record ProjectFact
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Source { get; init; }
}

/// <summary>The project and its idea's emergence. <c>Key</c> is the hub's own stable reference, if it gave one.</summary>
public sealed record ProjectRegistered(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy,
    string Name, string Sector, string Commune, string Summary,
    EmergenceContext EmergenceContext, HubRole HubRole, bool InspiredElsewhere, string? Key = null) : ProjectFact, IProjectEvent;

public static class ProjectEvents
{
    /// <summary>The event with where it came from; without a source it is the event itself.</summary>
    public static IProjectEvent WithSource(this IProjectEvent e, string? source) =>
        source is null ? e : (IProjectEvent)((ProjectFact)e with { Source = source });

    /// <summary>The registration and each kind's event (see <see cref="MilestoneKinds"/>): what the event store knows.</summary>
    public static readonly Type[] All = [typeof(ProjectRegistered), .. MilestoneKinds.All.Select(k => k.EventType)];
}
