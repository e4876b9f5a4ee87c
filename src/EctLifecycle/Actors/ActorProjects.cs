using EctLifecycle.Timelines;
using EctLifecycle.Projects;
using Marten;

namespace EctLifecycle.Actors;

/// <summary>What an actor did in a project, on a business date: joined, left, carried, took over the carrying, funded.</summary>
public enum Involvement { Joined, Left, Carrier, TookOverCarrying, Funder }

/// <summary>
/// One milestone that names a directory actor: the project, the date, what, the name as typed there; for a joining, who
/// introduced it (the hub, or an actor's id). <c>ActorId</c> is the entry after the merges.
/// </summary>
public sealed record ActorInvolvement(
    Guid ActorId, Guid ProjectId, string ProjectKey, string ProjectName, DateOnly On, Involvement What, string WhatLabel,
    string NameAsTyped, bool IntroducedByHub, Guid? IntroducedBy);

/// <summary>The directory actors the projects' effective milestones name (retracted ones left out), read from the timelines.</summary>
public static class ActorProjects
{
    public static string Label(Involvement what) => what switch
    {
        Involvement.Joined => "Arrivée dans le collectif",
        Involvement.Left => "Départ du collectif",
        Involvement.Carrier => "Porteur",
        Involvement.TookOverCarrying => "Reprise du portage",
        _ => "Financeur",
    };

    public static async Task<IReadOnlyList<ActorInvolvement>> ReadAsync(IQuerySession session, ActorIdentityMap map, CancellationToken ct)
    {
        var found = new List<ActorInvolvement>();
        await foreach (var timeline in session.EachTimelineAsync(ct)) found.AddRange(Of(timeline, map));
        return found;
    }

    public static IEnumerable<ActorInvolvement> Of(ProjectTimeline timeline, ActorIdentityMap map)
    {
        if (timeline.Registration?.Event is not ProjectRegistered registered) yield break;
        var key = ProjectKey.Of(registered);
        foreach (var entry in timeline.Effective())
        {
            var (name, id, what) = entry.Event switch
            {
                ActorJoinedCollective a => (a.ActorName, a.ActorId, Involvement.Joined),
                ActorLeftCollective a => (a.ActorName, a.ActorId, Involvement.Left),
                CarrierIdentified c => (c.CarrierName, c.ActorId, Involvement.Carrier),
                CarryingHandedOver h => (h.To, h.ActorId, Involvement.TookOverCarrying),
                FundingSecured f => (f.Funder, f.ActorId, Involvement.Funder),
                _ => ((string?)null, (Guid?)null, Involvement.Joined),
            };
            if (name is null || map.Of(registered.ProjectId, name, id) is not { ActorId: { } actor }) continue;
            var joined = entry.Event as ActorJoinedCollective;
            Guid? introducer = ActorReference.IntroducerId(joined?.IntroducedBy) is { } by ? map.Of(registered.ProjectId, "", by).ActorId : null;
            yield return new ActorInvolvement(actor, registered.ProjectId, key, registered.Name, entry.Event.OccurredOn, what, Label(what),
                name.Trim(), joined?.IntroducedBy == ActorReference.Hub, introducer);
        }
    }
}
