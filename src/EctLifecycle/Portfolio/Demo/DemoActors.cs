using EctLifecycle.Timelines;
using EctLifecycle.Actors;
using EctLifecycle.Projects;
using Marten;

namespace EctLifecycle.Portfolio.Demo;

/// <summary>
/// The demo's directory of actors, after its import: the names its projects' milestones share (the hub, the
/// intercommunality, communes, associations, funders, support structures, carriers who carry a second project) are
/// entered in the directory and linked in each project that types them, as staff would confirm them on /acteurs/liens.
/// A name typed in one project only stays that project's own actor. The projects' events are not touched, so the
/// study's figures stay as they are.
/// </summary>
internal static class DemoActors
{
    public const string By = "démo";

    public static async Task<int> LinkAsync(IDocumentStore store, TimeProvider time, CancellationToken ct)
    {
        var named = new List<(Guid Project, string Name, IProjectEvent Event)>();
        await using (var query = store.QuerySession())
            await foreach (var timeline in query.EachTimelineAsync(ct))
                foreach (var entry in timeline.Effective())
                    if (DirectoryReferences.Named(entry.Event) is { } n) named.Add((entry.Event.ProjectId, n.Name.Trim(), entry.Event));

        await using var session = store.LightweightSession();
        var entries = 0;
        foreach (var shared in named.GroupBy(n => ActorNames.Key(n.Name)).Where(g => g.Select(n => n.Project).Distinct().Count() >= 2))
        {
            var first = shared.First();
            var id = Guid.CreateVersion7(time.GetUtcNow());
            var kind = KindOf(shared.Select(n => n.Event));
            var local = shared.Select(n => n.Event).OfType<ActorJoinedCollective>().Select(j => (bool?)j.IsLocal).FirstOrDefault() ?? true;
            var links = shared.DistinctBy(n => (n.Project, ActorNames.AsInProject(n.Name)))
                .Select(n => (object)new ActorNameLinked(id, n.Project, n.Name, By));
            session.Events.StartStream<Actor>(id, [new ActorRegistered(id, first.Name, kind, null, local, By), .. links]);
            entries++;
        }
        await session.SaveChangesAsync(ct);
        return entries;
    }

    private static DirectoryKind KindOf(IEnumerable<IProjectEvent> events)
    {
        var list = events.ToList();
        if (list.OfType<ActorJoinedCollective>().FirstOrDefault() is { } joined)
            return joined.NaturalPerson == true ? DirectoryKind.NaturalPerson : DirectoryKinds.Of(joined.Kind);
        if (list.Any(e => e is CarrierIdentified { NaturalPerson: true } or CarryingHandedOver { ToNaturalPerson: true })) return DirectoryKind.NaturalPerson;
        return list.All(e => e is FundingSecured) ? DirectoryKind.PublicBody : DirectoryKind.Other;
    }
}
