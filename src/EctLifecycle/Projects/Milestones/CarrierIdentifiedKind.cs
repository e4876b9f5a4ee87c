using System.Text.Json.Serialization;
using EctLifecycle.Http;

namespace EctLifecycle.Projects;

/// <summary><c>NaturalPerson</c>: whether the carrier is a natural person, null when not said (see <see cref="ActorJoinedCollective"/>).</summary>
public sealed record CarrierIdentified(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy, string CarrierName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? NaturalPerson = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? ActorId = null) : ProjectFact, IProjectEvent;

public sealed class CarrierIdentifiedKind : MilestoneKind<CarrierIdentified>
{
    public override string Type => "carrierIdentified";
    public override string Label => "Porteur identifié";
    public override int Order => 30;
    public override string Help => "Une figure entrepreneuriale (porteur) est identifiée.";

    private static readonly MilestoneField<string> CarrierName = Field.Text("carrierName", "Nom du porteur", "porteur");
    private static readonly MilestoneField<bool?> NaturalPerson = Field.Check("naturalPerson", "personne physique", "personne physique", NaturalPersons.FormHelp);

    public override IReadOnlyList<MilestoneField> Fields => [CarrierName, NaturalPerson];

    protected override CarrierIdentified Read(FieldReader r, MilestoneHeader h) =>
        new(h.ProjectId, h.OccurredOn, h.LoggedBy, CarrierName.Read(r), NaturalPerson.Read(r), ActorReference.Read(r));

    protected override ProjectState Apply(ProjectState state, CarrierIdentified e) =>
        state with { Carrier = new Carrier(e.CarrierName.Trim(), e.OccurredOn, e.ActorId) };

    protected override string Summary(CarrierIdentified c) => $" : {c.CarrierName}{NaturalPersons.Said(c.NaturalPerson)}";
}
