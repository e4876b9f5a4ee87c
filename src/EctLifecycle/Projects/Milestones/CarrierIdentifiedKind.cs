using System.Text.Json.Serialization;
using EctLifecycle.Http;

namespace EctLifecycle.Projects;

/// <summary>
/// <c>NaturalPerson</c>: whether the carrier is a natural person, null when not said (see <see cref="ActorJoinedCollective"/>).
/// <c>CarrierType</c> came later (issue 18): a person, a structure, or the hub waiting for a carrier; null when not said,
/// as every carrier logged before it: such a carrier counts as a carrier, as it always did (<see cref="CarrierTypes"/>).
/// </summary>
public sealed record CarrierIdentified(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy, string CarrierName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? NaturalPerson = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? ActorId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CarrierType? CarrierType = null) : ProjectFact, IProjectEvent;

public sealed class CarrierIdentifiedKind : MilestoneKind<CarrierIdentified>
{
    public override string Type => "carrierIdentified";
    public override string Label => "Porteur identifié";
    public override int Order => 30;
    public override string Help => "Une figure entrepreneuriale (porteur) est identifiée.";

    private static readonly MilestoneField<string> CarrierName = Field.Text("carrierName", "Nom du porteur", "porteur");
    private static readonly MilestoneField<bool?> NaturalPerson = Field.Check("naturalPerson", "personne physique", "personne physique", NaturalPersons.FormHelp);

    private static readonly MilestoneField<CarrierType?> Type_ = CarrierTypes.Field("carrierType", "Type de porteur", "type de porteur");

    public override IReadOnlyList<MilestoneField> Fields => [CarrierName, ActorReference.IdField, NaturalPerson, Type_];

    protected override CarrierIdentified Read(FieldReader r, MilestoneHeader h)
    {
        var name = CarrierName.Read(r);
        var person = NaturalPerson.Read(r);
        return new(h.ProjectId, h.OccurredOn, h.LoggedBy, name, person, ActorReference.IdField.Read(r), CarrierTypes.Read(r, Type_, person));
    }

    protected override ProjectState Apply(ProjectState state, CarrierIdentified e) =>
        state with { Carrier = new Carrier(e.CarrierName.Trim(), e.OccurredOn, e.CarrierType) { ActorId = e.ActorId } };

    protected override string Summary(CarrierIdentified c) => $" : {c.CarrierName}{NaturalPersons.Said(c.NaturalPerson)}{CarrierTypes.Said(c.CarrierType)}";

    public override IReadOnlyList<string> FreeText => ["CarrierName"];

    protected override CarrierIdentified Rewrite(CarrierIdentified e, ITextRewriter m) => e with { CarrierName = m.Text(e.CarrierName) };
}
