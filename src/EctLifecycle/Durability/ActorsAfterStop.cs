using EctLifecycle.Timelines;
using EctLifecycle.Actors;
using EctLifecycle.Analytics;
using EctLifecycle.Projects;
using EctLifecycle.ScoreHistory;
using Marten;

namespace EctLifecycle.Durability;

/// <summary>An actor of a stopped project's collective (or its carrier) at the stop, and the other projects it was in after it.</summary>
public sealed record ActorWentOn(string StoppedKey, string StoppedName, DateOnly StoppedOn, string Actor, IReadOnlyList<string> Elsewhere);

/// <summary>
/// Which stopped projects' actors went on elsewhere: an actor of the collective or the carrier at the stop is in another
/// project's collective, or carries it, on some day after the stop (up to the as-of date). Who is the same actor across
/// projects is <see cref="IActorIdentities"/>' answer: without a directory linking them, nobody is.
/// </summary>
public static class ActorsAfterStop
{
    public const string WithoutDirectory = "Un acteur n'est le même d'un projet à l'autre que lorsque l'annuaire des acteurs les relie ; " +
        "sans lien, aucun acteur d'un projet arrêté ne se retrouve ailleurs.";

    /// <summary>
    /// From the projects' stints as the score history stores them (<see cref="ProjectStints"/>, one small document per
    /// project); as known at an earlier recording instant, from each timeline as known then (a fold of every project).
    /// </summary>
    public static async Task<IReadOnlyList<ActorWentOn>> OfAsync(IQuerySession session, AnalyticsParameters p, IActorIdentities identities, CancellationToken ct)
    {
        var map = await identities.ReadAsync(p.RecordedBy, ct);
        if (p.RecordedBy is not { } by) return Of(await ThatMayShareActorsAsync(session, map, ct), p.AsOf, map);
        var projects = new List<ProjectStints>();
        await foreach (var timeline in session.EachTimelineAsync(ct))
            if (ProjectStints.Of(timeline.KnownAt(by)) is { } stints) projects.Add(stints);
        return Of(projects, p.AsOf, map);
    }

    /// <summary>
    /// The stints of the projects that may share an actor with another: a name is an actor of other projects only when the
    /// directory knows it (its milestone carries a directory id, or staff linked the name in that project), so the other
    /// projects' stints change nothing in the answer and are not read. At L without a directory, all 100,000 documents were
    /// read for none (docs/benchmarks.md). Every project's, when the map cannot say which projects have links.
    /// </summary>
    private static async Task<IReadOnlyList<ProjectStints>> ThatMayShareActorsAsync(IQuerySession session, ActorIdentityMap map, CancellationToken ct)
    {
        if (map.ProjectsWithLinks is not { } linked) return await session.Query<ProjectStints>().ToListAsync(ct);
        // The JSON path as a parameter: its "?" would be read as one in the statement.
        return await session.QueryAsync<ProjectStints>(
            "where id = any(?) or jsonb_path_exists(data, ?::jsonpath)", ct, linked.ToArray(), "$.stints[*] ? (@.actorId != null)");
    }

    public static IReadOnlyList<ActorWentOn> Of(IReadOnlyList<ProjectStints> projects, DateOnly asOf, ActorIdentityMap map)
    {
        // Each project's stints as of the date, each name read as the actor the directory says it is.
        var stints = projects
            .Select(p => (Project: p, Stints: p.AsOf(asOf).Select(s => (Actor: map.Of(p.Id, s.Name, s.ActorId), s.Name, s.From, s.To)).ToList()))
            .Where(x => x.Stints.Count > 0).ToList();
        // Who is in which projects: only an actor in two projects or more can have gone on.
        var projectsOf = stints.SelectMany(x => x.Stints.Select(s => (s.Actor, x.Project.Id))).Distinct()
            .GroupBy(x => x.Actor).Where(g => g.Count() > 1).ToDictionary(g => g.Key, g => g.Select(x => x.Id).ToHashSet());
        var byId = stints.ToDictionary(x => x.Project.Id);
        var wentOn = new List<ActorWentOn>();
        foreach (var stopped in stints.Where(x => x.Project.StoppedAsOf(asOf) is not null)
                     .OrderBy(x => x.Project.StoppedOn).ThenBy(x => x.Project.Key, StringComparer.Ordinal))
        {
            var on = stopped.Project.StoppedOn!.Value;
            foreach (var (actor, name) in stopped.Stints.Where(s => s.From <= on && (s.To is null || s.To >= on)).Select(s => (s.Actor, s.Name)).Distinct())
            {
                if (!projectsOf.TryGetValue(actor, out var others)) continue;
                var elsewhere = others.Where(id => id != stopped.Project.Id).Select(id => byId[id])
                    .Where(o => o.Stints.Any(s => s.Actor == actor && (s.To is null || s.To > on)))
                    .OrderBy(o => o.Project.Key, StringComparer.Ordinal)
                    .Select(o => $"{o.Project.Key} {o.Project.Name}").ToList();
                if (elsewhere.Count > 0) wentOn.Add(new ActorWentOn(stopped.Project.Key, stopped.Project.Name, on, name, elsewhere));
            }
        }
        return wentOn;
    }
}
