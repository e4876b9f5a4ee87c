using System.Text.Json;
using EctLifecycle.Communes;
using EctLifecycle.Http;
using EctLifecycle.Projects;
using Marten;

namespace EctLifecycle.Actors;

/// <summary>
/// The milestones that name a directory actor (<see cref="IActorReferences"/>): their ids must be the directory's (else
/// a French 400 on the field), and a <c>newActor</c> registers the entry in the milestone's own transaction, the
/// milestone then carrying its id.
/// </summary>
public sealed class DirectoryReferences(IDocumentStore store, Territory territory, TimeProvider time) : IActorReferences
{
    public async Task<(IProjectEvent Milestone, Action<IDocumentSession>? Write)> ReadAsync(
        FieldReader reader, JsonElement root, IProjectEvent milestone, CancellationToken ct)
    {
        if (Named(milestone) is not { } named) return (milestone, null);
        var fresh = ActorInput.ReadObject(root, ActorReference.NewActor, reader, territory, Defaults(milestone, named.Name));
        if (fresh is not null && named.Id is not null)
        {
            reader.Error(ActorReference.NewActor, "un acteur de l'annuaire (actorId) ou un nouvel acteur (newActor), pas les deux");
            return (milestone, null);
        }
        var introducer = milestone is ActorJoinedCollective joined ? ActorReference.IntroducerId(joined.IntroducedBy) : null;
        var asked = new[] { named.Id, introducer }.OfType<Guid>().Distinct().ToArray();
        var known = new Dictionary<Guid, Actor>();
        if (asked.Length > 0)
        {
            await using var session = store.QuerySession();
            known = (await session.Query<Actor>().Where(a => a.Id.IsOneOf(asked)).ToListAsync(ct)).ToDictionary(a => a.Id);
            if (named.Id is { } id && !known.ContainsKey(id))
                reader.Error(ActorReference.Id, $"aucun acteur de l'annuaire n'a l'identifiant « {id} »");
            if (introducer is { } by && !known.ContainsKey(by))
                reader.Error(ActorReference.IntroducedBy, $"aucun acteur de l'annuaire n'a l'identifiant « {by} » (ou « pôle »)");
        }
        var project = milestone.ProjectId;
        var typed = named.Name.Trim();
        if (fresh is null)
        {
            if (named.Id is not { } carried || !known.TryGetValue(carried, out var actor) || LinkOf(milestone, actor) is not { } link)
                return (milestone, null);
            return (milestone, session => session.Events.Append(carried, link));
        }
        var newId = Guid.CreateVersion7(time.GetUtcNow());
        var registered = new ActorRegistered(newId, fresh.Name, fresh.Kind, fresh.CommuneCode, fresh.IsLocal, milestone.LoggedBy);
        var linked = new ActorNameLinked(newId, project, typed, milestone.LoggedBy);
        return (WithId(milestone, newId), session => session.Events.StartStream<Actor>(newId, registered, linked));
    }

    /// <summary>
    /// The link an id carried by a milestone adds to its entry: the name as typed in the project, so that the project's
    /// later milestones that name it without the id (a departure) read as the same actor; null when the entry already
    /// links that name in that project, or the milestone carries no id of this entry.
    /// </summary>
    public static ActorNameLinked? LinkOf(IProjectEvent milestone, Actor actor)
    {
        if (Named(milestone) is not { Id: { } carried } named || carried != actor.Id) return null;
        var typed = named.Name.Trim();
        return actor.Links.Any(l => l.ProjectId == milestone.ProjectId && ActorNames.AsInProject(l.Name) == ActorNames.AsInProject(typed))
            ? null : new ActorNameLinked(carried, milestone.ProjectId, typed, milestone.LoggedBy);
    }

    /// <summary>
    /// The links of milestones written without the API (an import), appended in <paramref name="session"/> as the API
    /// appends them (<see cref="LinkOf"/>), each name once per project; how many.
    /// </summary>
    public static async Task<int> LinkAllAsync(IDocumentSession session, IReadOnlyList<IProjectEvent> milestones, CancellationToken ct)
    {
        var ids = milestones.Select(m => Named(m)?.Id).OfType<Guid>().Distinct().ToArray();
        if (ids.Length == 0) return 0;
        var actors = (await session.Query<Actor>().Where(a => a.Id.IsOneOf(ids)).ToListAsync(ct)).ToDictionary(a => a.Id);
        var linked = 0;
        foreach (var milestone in milestones)
        {
            if (Named(milestone)?.Id is not { } id || !actors.TryGetValue(id, out var actor) || LinkOf(milestone, actor) is not { } link) continue;
            session.Events.Append(id, link);
            // Read by the next milestones of the file that name it alike (the stored entry gets it from its projection).
            actor.Links.Add(new ActorLink(link.ProjectId, link.Name, DateTimeOffset.MinValue));
            linked++;
        }
        return linked;
    }

    /// <summary>The actor a milestone names, and the directory id it carries, for the kinds that name one.</summary>
    public static (string Name, Guid? Id)? Named(IProjectEvent e) => e switch
    {
        ActorJoinedCollective a => (a.ActorName, a.ActorId),
        ActorLeftCollective a => (a.ActorName, a.ActorId),
        CarrierIdentified c => (c.CarrierName, c.ActorId),
        CarryingHandedOver h => (h.To, h.ActorId),
        FundingSecured f => (f.Funder, f.ActorId),
        _ => null,
    };

    private static IProjectEvent WithId(IProjectEvent e, Guid id) => e switch
    {
        ActorJoinedCollective a => a with { ActorId = id },
        ActorLeftCollective a => a with { ActorId = id },
        CarrierIdentified c => c with { ActorId = id },
        CarryingHandedOver h => h with { ActorId = id },
        FundingSecured f => f with { ActorId = id },
        _ => e,
    };

    /// <summary>What a <c>newActor</c> given as <c>true</c> or without some fields is: as the milestone describes it.</summary>
    private static ActorDefaults Defaults(IProjectEvent e, string name) => e switch
    {
        ActorJoinedCollective a => new ActorDefaults(name.Trim(),
            a.NaturalPerson == true ? DirectoryKind.NaturalPerson : DirectoryKinds.Of(a.Kind), a.IsLocal),
        CarrierIdentified { NaturalPerson: true } or CarryingHandedOver { ToNaturalPerson: true } =>
            new ActorDefaults(name.Trim(), DirectoryKind.NaturalPerson, false),
        _ => new ActorDefaults(name.Trim(), null, false),
    };
}
