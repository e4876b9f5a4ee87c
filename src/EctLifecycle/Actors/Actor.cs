using JasperFx.Events;
using Marten.Events.Aggregation;

namespace EctLifecycle.Actors;

/// <summary>A name as typed in a project's events, linked to an entry (or refused for it).</summary>
public sealed record ActorLink(Guid ProjectId, string Name, DateTimeOffset At);

/// <summary>
/// A directory entry as it reads now (the read model of its stream, projected inline): its name and the key it is
/// searched by (<see cref="ActorNames.Key"/>), kind, commune, whether local, the names linked to it and those refused.
/// </summary>
public sealed class Actor
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string NameKey { get; set; } = "";
    public DirectoryKind Kind { get; set; }
    public string? CommuneCode { get; set; }
    public bool IsLocal { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
    public string RegisteredBy { get; set; } = "";
    public List<ActorLink> Links { get; set; } = [];
    public List<ActorLink> Rejected { get; set; } = [];
}

public sealed partial class ActorProjection : SingleStreamProjection<Actor, Guid>
{
    public static Actor Create(IEvent<ActorRegistered> e) => new()
    {
        Id = e.Data.ActorId, Name = e.Data.Name, NameKey = ActorNames.Key(e.Data.Name), Kind = e.Data.Kind,
        CommuneCode = e.Data.CommuneCode, IsLocal = e.Data.IsLocal, RegisteredAt = e.Timestamp, RegisteredBy = e.Data.By,
    };

    public static void Apply(ActorCorrected e, Actor a)
    {
        (a.Name, a.NameKey, a.Kind, a.CommuneCode, a.IsLocal) = (e.Name, ActorNames.Key(e.Name), e.Kind, e.CommuneCode, e.IsLocal);
    }

    public static void Apply(IEvent<ActorNameLinked> e, Actor a) => a.Links.Add(new ActorLink(e.Data.ProjectId, e.Data.Name, e.Timestamp));

    public static void Apply(IEvent<ActorLinkRejected> e, Actor a) => a.Rejected.Add(new ActorLink(e.Data.ProjectId, e.Data.Name, e.Timestamp));
}

/// <summary>A merge as it reads now: which entry was kept, which absorbed, when recorded, when undone.</summary>
public sealed class ActorMerge
{
    public Guid Id { get; set; }
    public Guid Kept { get; set; }
    public Guid Absorbed { get; set; }
    public DateTimeOffset At { get; set; }
    public string By { get; set; } = "";
    public DateTimeOffset? UndoneAt { get; set; }
    public string? UndoneBy { get; set; }
}

public sealed partial class ActorMergeProjection : SingleStreamProjection<ActorMerge, Guid>
{
    public static ActorMerge Create(IEvent<ActorsMerged> e) => new()
    {
        Id = e.Data.MergeId, Kept = e.Data.Kept, Absorbed = e.Data.Absorbed, At = e.Timestamp, By = e.Data.By,
    };

    public static void Apply(IEvent<ActorMergeUndone> e, ActorMerge m) => (m.UndoneAt, m.UndoneBy) = (e.Timestamp, e.Data.By);
}
