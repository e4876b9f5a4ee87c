using EctLifecycle.Timelines;
using EctLifecycle.Projects;
using Marten;

namespace EctLifecycle.Actors;

/// <summary>How a proposal was found: the same name once compared (accents, case, punctuation aside), or a near one.</summary>
public enum LinkMatch { Exact, Near }

/// <summary>
/// A name typed in a project's milestones, not yet linked to the directory, and an entry it may be: how it matched, how
/// many letters apart, whether the entry's commune is the project's (a hint, not a proof), how many milestones name it.
/// </summary>
public sealed record LinkProposal(
    Guid ProjectId, string ProjectKey, string ProjectName, string Name, int Milestones,
    Guid ActorId, string ActorName, string ActorKindLabel, LinkMatch Match, string MatchLabel, int Distance, bool SameCommune);

/// <summary>
/// The linking step: the histories already stored and the files imported with names only are matched against the
/// directory, and the matches proposed for staff to confirm (<see cref="ActorNameLinked"/>) or refuse
/// (<see cref="ActorLinkRejected"/>, never proposed again); nothing is linked without them. A name is proposed an entry
/// whose key is the same (<see cref="ActorNames.Key"/>), or within <see cref="ActorSettings.NearNameDistance"/> letters
/// when both keys have <see cref="ActorSettings.NearNameMinLength"/> letters or more.
/// </summary>
public static class Linking
{
    public static async Task<IReadOnlyList<LinkProposal>> ProposeAsync(
        IQuerySession session, ActorSettings settings, Guid? projectId, CancellationToken ct)
    {
        var actors = await session.Query<Actor>().ToListAsync(ct);
        var merges = await session.Query<ActorMerge>().ToListAsync(ct);
        var map = DirectoryIdentities.Of(actors, merges, null);
        var absorbed = merges.Where(m => m.UndoneAt is null).Select(m => m.Absorbed).ToHashSet();
        var candidates = actors.Where(a => !absorbed.Contains(a.Id)).ToList();
        var refused = actors.SelectMany(a => a.Rejected.Select(r => (a.Id, r.ProjectId, ActorNames.AsInProject(r.Name)))).ToHashSet();
        var proposals = new List<LinkProposal>();
        if (projectId is { } one)
        {
            if (await session.LoadTimelineAsync(one, ct) is { } timeline) proposals.AddRange(Of(timeline, map, candidates, refused, settings));
        }
        else await foreach (var timeline in session.EachTimelineAsync(ct)) proposals.AddRange(Of(timeline, map, candidates, refused, settings));
        return proposals
            .OrderBy(p => p.ProjectKey, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.Match).ThenByDescending(p => p.SameCommune).ThenBy(p => p.Distance).ToList();
    }

    /// <summary>The names of one project's milestones (as the project compares them) that no entry is linked to, and their matches.</summary>
    public static IEnumerable<LinkProposal> Of(
        ProjectTimeline timeline, ActorIdentityMap map, IReadOnlyList<Actor> candidates,
        IReadOnlySet<(Guid, Guid, string)> refused, ActorSettings settings)
    {
        if (timeline.Registration?.Event is not ProjectRegistered registered) yield break;
        var project = registered.ProjectId;
        var commune = timeline.Current?.CommuneCode;
        var names = timeline.Effective()
            .Select(e => DirectoryReferences.Named(e.Event))
            .OfType<(string Name, Guid? Id)>()
            .Where(n => n.Id is null && !map.Of(project, n.Name).InDirectory)
            .GroupBy(n => ActorNames.AsInProject(n.Name));
        foreach (var name in names)
        {
            var typed = name.First().Name.Trim();
            var key = ActorNames.Key(typed);
            foreach (var actor in candidates)
            {
                if (refused.Contains((actor.Id, project, name.Key))) continue;
                var exact = actor.NameKey == key;
                var distance = exact ? 0
                    : key.Length >= settings.NearNameMinLength && actor.NameKey.Length >= settings.NearNameMinLength
                        ? ActorNames.Distance(key, actor.NameKey, settings.NearNameDistance) : int.MaxValue;
                if (!exact && distance > settings.NearNameDistance) continue;
                yield return new LinkProposal(project, ProjectKey.Of(registered), registered.Name, typed, name.Count(),
                    actor.Id, actor.Name, DirectoryKinds.Label(actor.Kind), exact ? LinkMatch.Exact : LinkMatch.Near,
                    exact ? "même nom" : $"nom proche ({distance} lettre{(distance > 1 ? "s" : "")} d'écart)", distance,
                    commune is not null && actor.CommuneCode == commune);
            }
        }
    }

    /// <summary>Whether the project's effective milestones name <paramref name="name"/> (as the project compares names).</summary>
    public static bool Names(ProjectTimeline timeline, string name) =>
        timeline.Effective().Select(e => DirectoryReferences.Named(e.Event)).OfType<(string Name, Guid? Id)>()
            .Any(n => ActorNames.AsInProject(n.Name) == ActorNames.AsInProject(name));
}
