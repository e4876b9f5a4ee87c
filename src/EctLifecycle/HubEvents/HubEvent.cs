using JasperFx.Events;
using Marten.Events.Aggregation;

namespace EctLifecycle.HubEvents;

/// <summary>An actor who came, when recorded and by whom, and when retracted (null: counts).</summary>
public sealed class HubEventAttendee
{
    public Guid ActorId { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTimeOffset? RetractedAt { get; set; }
    public string? RetractionReason { get; set; }
}

/// <summary>
/// A hub event as it reads (the read model of its stream, projected inline, or folded in memory as known at an instant by
/// <see cref="HubEventFold"/>): name, kind, business date, commune, when recorded, when withdrawn, its attendees.
/// </summary>
public sealed class HubEvent
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public HubEventKind Kind { get; set; }
    public DateOnly OccurredOn { get; set; }
    public string? CommuneCode { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTimeOffset? CorrectedAt { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
    public string? WithdrawalReason { get; set; }
    public List<HubEventAttendee> Attendees { get; set; } = [];

    public IEnumerable<HubEventAttendee> Present => Attendees.Where(a => a.RetractedAt is null);

    /// <summary>One event of the stream, recorded at <paramref name="at"/>, applied.</summary>
    public void Apply(object data, DateTimeOffset at)
    {
        switch (data)
        {
            case HubEventHeld e:
                (Id, Name, Kind, OccurredOn, CommuneCode, RecordedAt, RecordedBy) = (e.HubEventId, e.Name, e.Kind, e.OccurredOn, e.CommuneCode, at, e.By);
                break;
            case HubEventCorrected e:
                (Name, Kind, OccurredOn, CommuneCode, CorrectedAt) = (e.Name, e.Kind, e.OccurredOn, e.CommuneCode, at);
                break;
            case HubEventWithdrawn e:
                (WithdrawnAt, WithdrawalReason) = (at, e.Reason);
                break;
            case HubEventAttendeeAdded e when !Present.Any(a => a.ActorId == e.ActorId):
                Attendees.Add(new HubEventAttendee { ActorId = e.ActorId, RecordedAt = at, RecordedBy = e.By });
                break;
            case HubEventAttendeeRetracted e:
                foreach (var a in Present.Where(a => a.ActorId == e.ActorId).ToList()) (a.RetractedAt, a.RetractionReason) = (at, e.Reason);
                break;
        }
    }
}

public sealed partial class HubEventProjection : SingleStreamProjection<HubEvent, Guid>
{
    public static HubEvent Create(IEvent<HubEventHeld> e)
    {
        var h = new HubEvent();
        h.Apply(e.Data, e.Timestamp);
        return h;
    }

    public static void Apply(IEvent<HubEventCorrected> e, HubEvent h) => h.Apply(e.Data, e.Timestamp);
    public static void Apply(IEvent<HubEventWithdrawn> e, HubEvent h) => h.Apply(e.Data, e.Timestamp);
    public static void Apply(IEvent<HubEventAttendeeAdded> e, HubEvent h) => h.Apply(e.Data, e.Timestamp);
    public static void Apply(IEvent<HubEventAttendeeRetracted> e, HubEvent h) => h.Apply(e.Data, e.Timestamp);
}

/// <summary>The hub events as known at a recording instant: their streams folded in memory up to it.</summary>
public static class HubEventFold
{
    public static IReadOnlyList<HubEvent> Of(IEnumerable<(Guid Stream, object Data, DateTimeOffset At)> events, DateTimeOffset? knownAt)
    {
        var byStream = new Dictionary<Guid, HubEvent>();
        foreach (var (stream, data, at) in events.OrderBy(e => e.At))
        {
            if (knownAt is { } k && at > k) continue;
            if (data is HubEventHeld) byStream[stream] = new HubEvent();
            if (byStream.TryGetValue(stream, out var h)) h.Apply(data, at);
        }
        return byStream.Values.ToList();
    }
}
