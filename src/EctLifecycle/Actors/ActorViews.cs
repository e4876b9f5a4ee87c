using EctLifecycle.Communes;
using Marten;

namespace EctLifecycle.Actors;

public sealed record ActorProjectView(Guid ProjectId, string Key, string Name);

/// <summary>An entry as the API and the pages show it: its projects (those its milestones name, after the merges).</summary>
public sealed record ActorView(
    Guid Id, string Name, string Kind, string KindLabel, string? CommuneCode, string? CommuneName, bool IsLocal,
    Guid? MergedInto, IReadOnlyList<ActorProjectView> Projects);

/// <summary>The directory as read now: the entries, the merges in force, the identities and who is named where.</summary>
public sealed record DirectoryNow(
    IReadOnlyList<Actor> Actors, IReadOnlyList<ActorMerge> Merges, ActorIdentityMap Map, IReadOnlyList<ActorInvolvement> Involvements)
{
    public IReadOnlyDictionary<Guid, Guid> AbsorbedBy { get; } = Merges.Where(m => m.UndoneAt is null).OrderBy(m => m.At)
        .GroupBy(m => m.Absorbed).ToDictionary(g => g.Key, g => g.Last().Kept);

    public Guid? MergedInto(Guid id) => DirectoryIdentities.Kept(id, AbsorbedBy) is var kept && kept != id ? kept : null;

    public static async Task<DirectoryNow> ReadAsync(IQuerySession session, CancellationToken ct)
    {
        var actors = await session.Query<Actor>().ToListAsync(ct);
        var merges = await session.Query<ActorMerge>().ToListAsync(ct);
        var map = DirectoryIdentities.Of(actors, merges, null);
        return new DirectoryNow(actors, merges, map, await ActorProjects.ReadAsync(session, map, ct));
    }

    public ActorView View(Actor a, Territory territory) => new(
        a.Id, a.Name, DirectoryKinds.Wire(a.Kind), DirectoryKinds.Label(a.Kind), a.CommuneCode,
        a.CommuneCode is { } code ? territory.Catalog.Find(code)?.Label : null, a.IsLocal, MergedInto(a.Id),
        Involvements.Where(i => i.ActorId == a.Id).DistinctBy(i => i.ProjectId)
            .Select(i => new ActorProjectView(i.ProjectId, i.ProjectKey, i.ProjectName)).ToList());
}
