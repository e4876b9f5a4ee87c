namespace EctLifecycle.Actors;

/// <summary>
/// Who an actor named in a project's events is, across projects: the contract between the actor directory (which links
/// names to directory actors and merges entries) and what reads actors across projects (the network, the entrepreneurial
/// figure, the lineage). Until a name is linked to a directory actor, it is an actor of its project only: nothing is
/// linked silently, so two projects' « Mairie de Lons » are two actors until staff say they are one.
/// </summary>
public interface IActorIdentities
{
    /// <summary>The identities as known at the recording instant <paramref name="knownAt"/> (null: now).</summary>
    Task<ActorIdentityMap> ReadAsync(DateTimeOffset? knownAt, CancellationToken ct);
}

/// <summary>An actor across projects: the directory's id when linked (after merges, the entry kept), and the name to show.</summary>
public readonly record struct ActorKey(Guid? ActorId, Guid? OnlyInProject, string Name)
{
    public bool InDirectory => ActorId is not null;

    /// <summary>A stable text form (API, CSV): "a:{id}" for a directory actor, "p:{project}:{name}" otherwise.</summary>
    public override string ToString() => ActorId is { } id ? $"a:{id:N}" : $"p:{OnlyInProject:N}:{Name}";
}

/// <summary>The resolution at one recording instant.</summary>
public abstract class ActorIdentityMap
{
    /// <summary>
    /// The actor named <paramref name="name"/> in the events of project <paramref name="projectId"/>;
    /// <paramref name="actorId"/> is the directory id the event itself carries, if any.
    /// </summary>
    public abstract ActorKey Of(Guid projectId, string name, Guid? actorId = null);

    /// <summary>
    /// The projects in which a name is linked to a directory actor (besides the names whose event carries a directory id);
    /// in any other project, every name is that project's own actor. Null when the map cannot say: any name of any project
    /// may then be an actor of other projects too.
    /// </summary>
    public virtual IReadOnlySet<Guid>? ProjectsWithLinks => null;
}

/// <summary>The resolution without a directory: every name is its project's own actor (trimmed, case and spaces as typed).</summary>
public sealed class NamesOnlyIdentities : IActorIdentities
{
    public Task<ActorIdentityMap> ReadAsync(DateTimeOffset? knownAt, CancellationToken ct) =>
        Task.FromResult<ActorIdentityMap>(Map.Instance);

    private sealed class Map : ActorIdentityMap
    {
        public static readonly Map Instance = new();

        public override ActorKey Of(Guid projectId, string name, Guid? actorId = null) =>
            actorId is { } id ? new ActorKey(id, null, name.Trim()) : new ActorKey(null, projectId, name.Trim());

        public override IReadOnlySet<Guid> ProjectsWithLinks { get; } = new HashSet<Guid>();
    }
}
