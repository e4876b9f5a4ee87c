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

    /// <summary>
    /// <c>actorId</c> as a field of the kinds that name an actor: a column of the milestone sheet, so that an export and
    /// its import keep the directory's id; not in the form, which posts the actor chosen among its suggestions.
    /// </summary>
    public static readonly MilestoneField<Guid?> IdField = new(Id, "Acteur de l'annuaire", "identifiant annuaire", Entry.Text, false, null,
        "L'identifiant de l'acteur dans l'annuaire ; vide si l'acteur n'y est pas.", (r, f) => Read(r, f)) { InForm = false };

    /// <summary>What <c>introducedBy</c> says of who brought an actor in.</summary>
    public const string Hub = "hub";

    /// <summary><c>introducedBy</c>: « hub » (« pôle » in the forms and files), a directory actor's id, or null when not said.</summary>
    public static string? Introducer(FieldReader r, string field)
    {
        var text = r.String(field, false, 60);
        if (string.IsNullOrEmpty(text)) return null;
        if (text.ToLowerInvariant() is Hub or "pôle" or "pole" or "le pôle") return Hub;
        if (Guid.TryParse(text, out var id)) return id.ToString();
        r.Error(field, "attendu : « pôle » (le pôle l'a fait venir) ou l'identifiant d'un acteur de l'annuaire");
        return null;
    }

    /// <summary>The directory actor an <c>introducedBy</c> names, if it names one (not the hub).</summary>
    public static Guid? IntroducerId(string? introducedBy) => Guid.TryParse(introducedBy, out var id) ? id : null;
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
