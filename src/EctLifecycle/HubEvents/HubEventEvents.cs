namespace EctLifecycle.HubEvents;

/// <summary>The kinds of the hub's collective events: a small closed list, each with its French label.</summary>
public enum HubEventKind { StartUpDeTerritoire, Workshop, Forum, Other }

public static class HubEventKinds
{
    public static string Wire(HubEventKind kind) => kind switch
    {
        HubEventKind.StartUpDeTerritoire => "startUpDeTerritoire",
        HubEventKind.Workshop => "workshop",
        HubEventKind.Forum => "forum",
        _ => "other",
    };

    public static string Label(HubEventKind kind) => kind switch
    {
        HubEventKind.StartUpDeTerritoire => "Start Up de Territoire",
        HubEventKind.Workshop => "Atelier",
        HubEventKind.Forum => "Forum",
        _ => "Autre",
    };

    /// <summary>By its API name or its French label, case ignored.</summary>
    public static HubEventKind? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        foreach (var kind in Enum.GetValues<HubEventKind>())
            if (string.Equals(Wire(kind), text.Trim(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(Label(kind), text.Trim(), StringComparison.OrdinalIgnoreCase)) return kind;
        return null;
    }

    public static string Allowed => string.Join(", ", Enum.GetValues<HubEventKind>().Select(k => $"{Label(k)} ({Wire(k)})"));
}

/// <summary>
/// An event of a hub event's stream (its own stream, not a project's: the stream's id is the hub event's).
/// <c>By</c> is a login; the recording instant is the Marten event's timestamp, the business date is <c>OccurredOn</c>.
/// </summary>
public interface IHubEventEvent
{
    Guid HubEventId { get; }
    string By { get; }
}

/// <summary>The hub held a collective event: its name, kind, business date and commune (an INSEE code, when known).</summary>
public sealed record HubEventHeld(Guid HubEventId, string Name, HubEventKind Kind, DateOnly OccurredOn, string? CommuneCode, string By) : IHubEventEvent;

/// <summary>A correction of the event: what it says now (what was recorded first stays as it was).</summary>
public sealed record HubEventCorrected(Guid HubEventId, string Name, HubEventKind Kind, DateOnly OccurredOn, string? CommuneCode, string By) : IHubEventEvent;

/// <summary>The event was recorded by mistake: it no longer counts from the instant this is recorded.</summary>
public sealed record HubEventWithdrawn(Guid HubEventId, string Reason, string By) : IHubEventEvent;

/// <summary>A directory actor came to the event.</summary>
public sealed record HubEventAttendeeAdded(Guid HubEventId, Guid ActorId, string By) : IHubEventEvent;

/// <summary>The actor was recorded as having come by mistake: it no longer counts from the instant this is recorded.</summary>
public sealed record HubEventAttendeeRetracted(Guid HubEventId, Guid ActorId, string Reason, string By) : IHubEventEvent;

public static class HubEventEvents
{
    public static readonly Type[] All =
        [typeof(HubEventHeld), typeof(HubEventCorrected), typeof(HubEventWithdrawn), typeof(HubEventAttendeeAdded), typeof(HubEventAttendeeRetracted)];
}
