using System.Text.Json.Serialization;
using EctLifecycle.Http;

namespace EctLifecycle.Projects;

/// <summary>
/// <c>ToNaturalPerson</c>: whether the new carrier (<c>To</c>) is a natural person, null when not said; <c>ActorId</c>: the
/// new carrier's directory entry, when given. <c>ToCarrierType</c> came later (issue 18): the new carrier's type, null when
/// not said (<see cref="CarrierTypes"/>).
/// </summary>
public sealed record CarryingHandedOver(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy,
    string From, string To, bool HubAsIntermediary,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? ToNaturalPerson = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? ActorId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CarrierType? ToCarrierType = null) : ProjectFact, IProjectEvent;

public sealed class CarryingHandedOverKind : MilestoneKind<CarryingHandedOver>
{
    public override string Type => "carryingHandedOver";
    public override string Label => "Passation du portage";
    public override int Order => 50;
    public override string Help => "Le portage passe d'un acteur à un autre.";

    private static readonly MilestoneField<string> From = Field.Text("from", "De", "de");
    private static readonly MilestoneField<string> To = Field.Text("to", "Vers", "vers");
    private static readonly MilestoneField<bool?> ToNaturalPerson =
        Field.Check("toNaturalPerson", "le nouveau porteur est une personne physique", "vers : personne physique", NaturalPersons.FormHelp);
    private static readonly MilestoneField<bool> HubAsIntermediary =
        Field.YesNo("hubAsIntermediary", "Le pôle a-t-il servi d'intermédiaire ?", "pôle intermédiaire");

    private static readonly MilestoneField<CarrierType?> ToType = CarrierTypes.Field("toCarrierType", "Type du nouveau porteur", "vers : type de porteur");

    public override IReadOnlyList<MilestoneField> Fields => [From, To, ActorReference.IdField, ToNaturalPerson, HubAsIntermediary, ToType];

    protected override CarryingHandedOver Read(FieldReader r, MilestoneHeader h)
    {
        var (from, to) = (From.Read(r), To.Read(r));
        var hub = HubAsIntermediary.Read(r);
        var person = ToNaturalPerson.Read(r);
        return new(h.ProjectId, h.OccurredOn, h.LoggedBy, from, to, hub, person, ActorReference.IdField.Read(r), CarrierTypes.Read(r, ToType, person));
    }

    protected override ProjectState Apply(ProjectState state, CarryingHandedOver e) =>
        state with { Carrier = new Carrier(e.To.Trim(), e.OccurredOn, e.ToCarrierType) { ActorId = e.ActorId } };

    protected override string Summary(CarryingHandedOver h) =>
        $" : de {h.From} à {h.To}{NaturalPersons.Said(h.ToNaturalPerson)}{CarrierTypes.Said(h.ToCarrierType)}{(h.HubAsIntermediary ? ", par l'intermédiaire du pôle" : "")}";

    public override IReadOnlyList<string> FreeText => ["From", "To"];

    protected override CarryingHandedOver Rewrite(CarryingHandedOver e, ITextRewriter m) => e with { From = m.Text(e.From), To = m.Text(e.To) };
}
