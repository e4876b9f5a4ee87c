using EctLifecycle.Accounts;
using EctLifecycle.Communes;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EctLifecycle.Actors;

public sealed record MergeView(Guid Id, Guid Kept, string KeptName, Guid Absorbed, string AbsorbedName, DateTimeOffset At, string By,
    DateTimeOffset? UndoneAt, string? UndoneBy);

public sealed record LinkView(Guid ProjectId, string Name, DateTimeOffset At);

/// <summary>
/// An entry whole: itself, the entries merged into it, its merges (undone ones too), its projects over time (each
/// milestone that names it, in business order), who introduced it where, whom it introduced, the names linked to it.
/// </summary>
public sealed record ActorDetail(
    ActorView Actor, IReadOnlyList<ActorView> MergedEntries, IReadOnlyList<MergeView> Merges,
    IReadOnlyList<ActorInvolvement> OverTime, IReadOnlyList<ActorInvolvement> IntroducedBy, IReadOnlyList<ActorInvolvement> Introduced,
    IReadOnlyList<LinkView> Links);

/// <summary><c>GET /api/actors/{id}</c>: an entry, its projects over time and who introduced it; 404 for an unknown id.</summary>
public static class GetActorEndpoint
{
    [WolverineGet("/api/actors/{id}"), Authorize(Policy = Authentication.CanRead)]
    [Tags("Acteurs"), EndpointSummary("Un acteur de l'annuaire : ses projets dans le temps (arrivées, départs, portage, financements), qui l'a introduit")]
    [ProducesResponseType<ActorDetail>(200), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, Territory territory, CancellationToken ct) =>
        await ReadAsync(session, territory, id, ct) is { } detail ? Results.Ok(detail) : ActorProblems.NotFound(id);

    public static async Task<ActorDetail?> ReadAsync(IQuerySession session, Territory territory, Guid id, CancellationToken ct)
    {
        var directory = await DirectoryNow.ReadAsync(session, ct);
        if (directory.Actors.FirstOrDefault(a => a.Id == id) is not { } actor) return null;
        var names = directory.Actors.ToDictionary(a => a.Id, a => a.Name);
        var kept = directory.MergedInto(id) ?? id;
        var mergedEntries = directory.Actors.Where(a => a.Id != kept && directory.MergedInto(a.Id) == kept).Select(a => directory.View(a, territory)).ToList();
        var group = mergedEntries.Select(m => m.Id).Append(kept).Append(id).ToHashSet();
        var merges = directory.Merges.Where(m => group.Contains(m.Kept) || group.Contains(m.Absorbed)).OrderBy(m => m.At)
            .Select(m => new MergeView(m.Id, m.Kept, names.GetValueOrDefault(m.Kept, ""), m.Absorbed, names.GetValueOrDefault(m.Absorbed, ""),
                m.At, m.By, m.UndoneAt, m.UndoneBy)).ToList();
        var overTime = directory.Involvements.Where(i => i.ActorId == kept).OrderBy(i => i.On).ThenBy(i => i.ProjectKey).ToList();
        var links = directory.Actors.Where(a => group.Contains(a.Id)).SelectMany(a => a.Links)
            .Select(l => new LinkView(l.ProjectId, l.Name, l.At)).OrderBy(l => l.At).ToList();
        return new ActorDetail(directory.View(actor, territory), mergedEntries, merges, overTime,
            overTime.Where(i => i.What == Involvement.Joined && (i.IntroducedByHub || i.IntroducedBy is not null)).ToList(),
            directory.Involvements.Where(i => i.IntroducedBy == kept).OrderBy(i => i.On).ToList(), links);
    }
}
