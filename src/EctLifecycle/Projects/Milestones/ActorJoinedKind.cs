using System.Text.Json.Serialization;
using EctLifecycle.Http;

namespace EctLifecycle.Projects;

/// <summary>
/// <c>NaturalPerson</c> came later: whether staff said the actor is a natural person (its name is personal data, which a
/// person may ask to erase). <c>ActorId</c> (its directory entry) and <c>IntroducedBy</c> (who brought it: « hub », or a
/// directory actor's id) came with the directory of actors (issue 18), written only when set., null when they did not say; written only when said, so older bodies stay the same. Who counts
/// as a person when it is not said is <see cref="NaturalPersons"/>' rule. It never changes the state or a score.
/// </summary>
public sealed record ActorJoinedCollective(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy,
    string ActorName, ActorKind Kind, bool IsLocal, ActorRole Role,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? NaturalPerson = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? ActorId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IntroducedBy = null) : ProjectFact, IProjectEvent;

public sealed class ActorJoinedKind : MilestoneKind<ActorJoinedCollective>
{
    public override string Type => "actorJoined";
    public override string Label => "Arrivée d'un acteur";
    public override int Order => 10;
    public override string Help => "Un acteur rejoint le collectif qui porte le projet.";

    private static readonly MilestoneField<string> ActorName = Field.Text("actorName", "Nom de l'acteur", "acteur");
    private static readonly MilestoneField<ActorKind> Kind = Field.Choice<ActorKind>("kind", "Type d'acteur", "type d'acteur");
    private static readonly MilestoneField<bool?> NaturalPerson = Field.Check("naturalPerson", "personne physique", "personne physique",
        NaturalPersons.FormHelp + " Cochée d'office pour un habitant.") with
    {
        CheckedFor = ("kind", NaturalPersons.KindsCountedWhenNotSaid.Select(k => k.Wire()).ToList()),
    };
    private static readonly MilestoneField<bool> IsLocal = Field.YesNo("isLocal", "Acteur du territoire ?", "local",
        "Oui s'il est implanté sur le territoire du pôle.");
    private static readonly MilestoneField<ActorRole> Role = Field.Choice<ActorRole>("role", "Rôle dans le projet", "rôle");

    private static readonly MilestoneField<string?> IntroducedBy = new(ActorReference.IntroducedBy, "Introduit par", "introduit par",
        Entry.Text, false, null, "« pôle » si le pôle l'a fait venir, ou l'identifiant d'un acteur de l'annuaire ; vide sinon.", ActorReference.Introducer);

    public override IReadOnlyList<MilestoneField> Fields => [ActorName, ActorReference.IdField, Kind, NaturalPerson, IsLocal, Role, IntroducedBy];

    protected override ActorJoinedCollective Read(FieldReader r, MilestoneHeader h) =>
        new(h.ProjectId, h.OccurredOn, h.LoggedBy, ActorName.Read(r), Kind.Read(r), IsLocal.Read(r), Role.Read(r), NaturalPerson.Read(r), ActorReference.IdField.Read(r), IntroducedBy.Read(r));

    protected override (string Code, string Message)? Violation(ProjectState state, ActorJoinedCollective e) =>
        state.FindActor(e.ActorName) is not null
            ? ("actorAlreadyInCollective", $"l'acteur « {e.ActorName} » fait déjà partie du collectif")
            : null;

    protected override ProjectState Apply(ProjectState state, ActorJoinedCollective e) => state with
    {
        Actors = state.Actors.Add(new Membership(e.ActorName.Trim(), e.Kind, e.IsLocal, e.Role, e.OccurredOn) { ActorId = e.ActorId }),
    };

    protected override string Summary(ActorJoinedCollective a) =>
        $" : {a.ActorName} ({FrenchLabels.Of(a.Kind)}, {(a.IsLocal ? "local" : "extérieur")}, {FrenchLabels.Of(a.Role).ToLowerInvariant()}" +
        $"{(a.NaturalPerson == true ? ", personne physique" : a.NaturalPerson is null && NaturalPersons.IsPerson(a) ? ", personne physique par défaut" : "")}" +
        $"{(a.IntroducedBy == ActorReference.Hub ? ", introduit par le pôle" : "")})";

    public override IReadOnlyList<string> FreeText => ["ActorName"];
    public override IReadOnlyList<string> Codes => ["IntroducedBy"];

    protected override ActorJoinedCollective Rewrite(ActorJoinedCollective e, ITextRewriter m) => e with { ActorName = m.Text(e.ActorName) };
}
