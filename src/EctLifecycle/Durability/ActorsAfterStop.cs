using EctLifecycle.Actors;
using EctLifecycle.Analytics;
using EctLifecycle.Projects;
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

    public static async Task<IReadOnlyList<ActorWentOn>> OfAsync(IQuerySession session, AnalyticsParameters p, IActorIdentities identities, CancellationToken ct)
    {
        var map = await identities.ReadAsync(p.RecordedBy, ct);
        var projects = new List<(string Key, ProjectState State)>();
        await foreach (var timeline in session.EachTimelineAsync(ct))
        {
            var known = p.RecordedBy is { } by ? timeline.KnownAt(by) : timeline;
            if (known.Registration?.Event is ProjectRegistered r && known.StateAsOf(p.AsOf) is { } state) projects.Add((ProjectKey.Of(r), state));
        }
        return Of(projects, map);
    }

    public static IReadOnlyList<ActorWentOn> Of(IReadOnlyList<(string Key, ProjectState State)> projects, ActorIdentityMap map)
    {
        // Each project's stints: who was in its collective (or carried it) from when to when (null: still, or until its stop).
        var stints = projects.Select(p => (p.Key, p.State, Stints: Stints(p.State, map).ToList())).ToList();
        var wentOn = new List<ActorWentOn>();
        foreach (var stopped in stints.Where(x => x.State.Stopped is not null).OrderBy(x => x.State.Stopped!.On).ThenBy(x => x.Key, StringComparer.Ordinal))
        {
            var on = stopped.State.Stopped!.On;
            foreach (var (actor, name) in stopped.Stints.Where(s => s.From <= on && (s.To is null || s.To >= on)).Select(s => (s.Actor, s.Name)).Distinct())
            {
                var elsewhere = stints.Where(o => o.State.Id != stopped.State.Id && o.Stints.Any(s => s.Actor == actor && (s.To is null || s.To > on)))
                    .Select(o => $"{o.Key} {o.State.Name}").ToList();
                if (elsewhere.Count > 0) wentOn.Add(new ActorWentOn(stopped.Key, stopped.State.Name, on, name, elsewhere));
            }
        }
        return wentOn;
    }

    private static IEnumerable<(ActorKey Actor, string Name, DateOnly From, DateOnly? To)> Stints(ProjectState state, ActorIdentityMap map)
    {
        var end = state.Stopped?.On;
        foreach (var m in state.Actors)
            yield return (map.Of(state.Id, m.ActorName), m.ActorName, m.JoinedOn, m.LeftOn ?? end);
        if (state.Carrier is { } c) yield return (map.Of(state.Id, c.Name), c.Name, c.Since, end);
    }
}
