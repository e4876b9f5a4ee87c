using EctLifecycle.Projects;

namespace EctLifecycle.Actors;

/// <summary>What a directory entry is: the kinds of the collective's actors (<see cref="ActorKind"/>), and a natural person.</summary>
public enum DirectoryKind { PublicBody, Association, Company, Farmer, Inhabitant, Hub, SupportStructure, ResearchBody, Other, NaturalPerson }

/// <summary>An event of a directory entry's stream (the stream's id is the actor's id); <c>By</c> is a login.</summary>
public interface IActorEvent
{
    Guid ActorId { get; }
    string By { get; }
}

/// <summary>
/// An actor entered in the directory: its name, kind, commune (an INSEE code of the catalog, when known) and whether it
/// is of the territory. For a natural person nothing more is kept: the name is personal data (docs/personal-data.md).
/// </summary>
public sealed record ActorRegistered(Guid ActorId, string Name, DirectoryKind Kind, string? CommuneCode, bool IsLocal, string By) : IActorEvent;

/// <summary>A correction of the entry: what it says now (the registration stays as it was recorded).</summary>
public sealed record ActorCorrected(Guid ActorId, string Name, DirectoryKind Kind, string? CommuneCode, bool IsLocal, string By) : IActorEvent;

/// <summary>
/// Staff confirmed that the name as typed in a project's events (« Mairie de Lons ») is this actor. It is kept on the
/// actor's stream, not the project's: it is what the directory knows, and it changes nothing of the project's life.
/// </summary>
public sealed record ActorNameLinked(Guid ActorId, Guid ProjectId, string Name, string By) : IActorEvent;

/// <summary>Staff said the name as typed in a project is not this actor: the linking step does not propose it again.</summary>
public sealed record ActorLinkRejected(Guid ActorId, Guid ProjectId, string Name, string By) : IActorEvent;

/// <summary>
/// Two entries found to be the same actor: <c>Absorbed</c> now reads as <c>Kept</c>. A stream of its own (its id is
/// the merge's), so that its undo is one more event there and both entries' histories stay untouched.
/// </summary>
public sealed record ActorsMerged(Guid MergeId, Guid Kept, Guid Absorbed, string By);

/// <summary>The merge is undone: each entry is itself again from the instant it was recorded.</summary>
public sealed record ActorMergeUndone(Guid MergeId, string By);

public static class ActorEvents
{
    public static readonly IReadOnlyList<Type> All =
        [typeof(ActorRegistered), typeof(ActorCorrected), typeof(ActorNameLinked), typeof(ActorLinkRejected), typeof(ActorsMerged), typeof(ActorMergeUndone)];
}
