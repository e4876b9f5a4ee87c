using Marten;

namespace EctLifecycle.Actors;

/// <summary>
/// <see cref="IActorIdentities"/> from the directory: a name is a directory actor when the event carries its id or
/// when staff linked the name as typed in that project to it; merges send the absorbed entry to the kept one. As known
/// at a recording instant: only the links and merges recorded by then count, and a merge undone by then does not.
/// </summary>
public sealed class DirectoryIdentities(IDocumentStore store) : IActorIdentities
{
    public async Task<ActorIdentityMap> ReadAsync(DateTimeOffset? knownAt, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var actors = await session.Query<Actor>().ToListAsync(ct);
        var merges = await session.Query<ActorMerge>().ToListAsync(ct);
        return Of(actors, merges, knownAt);
    }

    public static ActorIdentityMap Of(IReadOnlyList<Actor> actors, IReadOnlyList<ActorMerge> merges, DateTimeOffset? knownAt)
    {
        bool Known(DateTimeOffset at) => knownAt is not { } k || at <= k;
        var names = actors.Where(a => Known(a.RegisteredAt)).ToDictionary(a => a.Id, a => a.Name);
        var links = new Dictionary<(Guid, string), Guid>();
        foreach (var actor in actors)
            foreach (var link in actor.Links.Where(l => Known(l.At)).OrderBy(l => l.At))
                links[(link.ProjectId, ActorNames.AsInProject(link.Name))] = actor.Id;
        var absorbedBy = merges
            .Where(m => Known(m.At) && !(m.UndoneAt is { } undone && Known(undone)))
            .OrderBy(m => m.At)
            .GroupBy(m => m.Absorbed).ToDictionary(g => g.Key, g => g.Last().Kept);
        return new Map(names, links, absorbedBy);
    }

    /// <summary>The entry an id reads as after the merges (the kept one, following merges of merges).</summary>
    public static Guid Kept(Guid id, IReadOnlyDictionary<Guid, Guid> absorbedBy)
    {
        var seen = new HashSet<Guid> { id };
        while (absorbedBy.TryGetValue(id, out var kept) && seen.Add(kept)) id = kept;
        return id;
    }

    private sealed class Map(Dictionary<Guid, string> names, Dictionary<(Guid, string), Guid> links, Dictionary<Guid, Guid> absorbedBy)
        : ActorIdentityMap
    {
        public override ActorKey Of(Guid projectId, string name, Guid? actorId = null)
        {
            var id = actorId ?? (links.TryGetValue((projectId, ActorNames.AsInProject(name)), out var linked) ? linked : null);
            if (id is not { } known) return new ActorKey(null, projectId, name.Trim());
            var kept = Kept(known, absorbedBy);
            return new ActorKey(kept, null, names.GetValueOrDefault(kept) ?? name.Trim());
        }

        public override IReadOnlySet<Guid> ProjectsWithLinks { get; } = links.Keys.Select(k => k.Item1).ToHashSet();
    }
}
