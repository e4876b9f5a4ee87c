using System.Text.Json.Serialization;
using EctLifecycle.Http;

namespace EctLifecycle.Projects;

public sealed record ActorLeftCollective(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy, string ActorName, string Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? ActorId = null) : ProjectFact, IProjectEvent;

public sealed class ActorLeftKind : MilestoneKind<ActorLeftCollective>
{
    public override string Type => "actorLeft";
    public override string Label => "Départ d'un acteur";
    public override int Order => 20;
    public override string Help => "Un acteur quitte le collectif.";

    private static readonly MilestoneField<string> ActorName = Field.Text("actorName", "Nom de l'acteur", "acteur", "Tel qu'il a été saisi à son arrivée.");
    private static readonly MilestoneField<string> Reason = Field.LongText("reason", "Raison du départ", "raison");

    public override IReadOnlyList<MilestoneField> Fields => [ActorName, ActorReference.IdField, Reason];

    protected override ActorLeftCollective Read(FieldReader r, MilestoneHeader h) =>
        new(h.ProjectId, h.OccurredOn, h.LoggedBy, ActorName.Read(r), Reason.Read(r), ActorReference.IdField.Read(r));

    protected override (string Code, string Message)? Violation(ProjectState state, ActorLeftCollective e) =>
        state.FindActor(e.ActorName) is null
            ? ("actorNotInCollective", $"l'acteur « {e.ActorName} » ne fait pas partie du collectif à cette date")
            : null;

    protected override ProjectState Apply(ProjectState state, ActorLeftCollective e) => state.FindActor(e.ActorName) is { } m
        ? state with { Actors = state.Actors.Replace(m, m with { LeftOn = e.OccurredOn, LeftReason = e.Reason }) }
        : state;

    protected override string Summary(ActorLeftCollective a) => $" : {a.ActorName} — {a.Reason}";

    public override IReadOnlyList<string> FreeText => ["ActorName", "Reason"];

    protected override ActorLeftCollective Rewrite(ActorLeftCollective e, ITextRewriter m) => e with { ActorName = m.Text(e.ActorName), Reason = m.Text(e.Reason) };
}
