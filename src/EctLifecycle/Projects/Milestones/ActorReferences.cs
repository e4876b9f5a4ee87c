using System.Text.Json;
using EctLifecycle.Http;
using Marten;

namespace EctLifecycle.Projects;

/// <summary>
/// The directory actor a milestone names (issue 18): <c>actorId</c>, an optional id in the body of the milestones that
/// name an actor (joining, leaving, carrying, funding), read here as a plain Guid, since Projects/ does not read the
/// directory (Actors/). <c>newActor</c> (an entry to register in the same transaction) and <c>introducedBy</c> are
/// read and checked by the directory through <see cref="IActorReferences"/>.
/// </summary>
public static class ActorReference
{
    public const string Id = "actorId", NewActor = "newActor", IntroducedBy = "introducedBy";

    /// <summary>The id given in <paramref name="field"/>, null when not given; <c>newActor</c> is left to the directory.</summary>
    public static Guid? Read(FieldReader r, string field = Id)
    {
        r.Ignore(NewActor);
        if (!r.Has(field))
        {
            r.Ignore(field);
            return null;
        }
        return r.Guid(field);
    }

    /// <summary><c>introducedBy</c>: « hub » (the hub itself), a directory actor's id, or not given (null, false).</summary>
    public static Guid? Introducer(FieldReader r, out bool? byHub)
    {
        byHub = null;
        if (!r.Has(IntroducedBy))
        {
            r.Ignore(IntroducedBy);
            return null;
        }
        var text = r.String(IntroducedBy, false, 60);
        if (text is null) return null;
        if (text is "hub" or "pôle")
        {
            byHub = true;
            return null;
        }
        if (Guid.TryParse(text, out var id)) return id;
        r.Error(IntroducedBy, "attendu : « hub » (le pôle) ou l'identifiant d'un acteur de l'annuaire");
        return null;
    }
}

/// <summary>What the directory does with a milestone that names an actor, before it is written and in its write.</summary>
public interface IActorReferences
{
    /// <summary>
    /// Checks the ids the milestone carries (an unknown one is an error on its field, in French) and reads a
    /// <c>newActor</c>; returns the milestone carrying the ids, and what to write in the milestone's own session.
    /// </summary>
    Task<(IProjectEvent Milestone, Action<IDocumentSession>? Write)> ReadAsync(
        FieldReader reader, JsonElement root, IProjectEvent milestone, CancellationToken ct);
}
