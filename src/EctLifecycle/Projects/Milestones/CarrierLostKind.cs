using EctLifecycle.Http;

namespace EctLifecycle.Projects;

public sealed record CarrierLost(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy, string Reason) : ProjectFact, IProjectEvent;

public sealed class CarrierLostKind : MilestoneKind<CarrierLost>
{
    public override string Type => "carrierLost";
    public override string Label => "Porteur perdu";
    public override int Order => 40;
    public override string Help => "Le projet perd son porteur.";

    private static readonly MilestoneField<string> Reason = Field.LongText("reason", "Raison", "raison");

    public override IReadOnlyList<MilestoneField> Fields => [Reason];

    protected override CarrierLost Read(FieldReader r, MilestoneHeader h) => new(h.ProjectId, h.OccurredOn, h.LoggedBy, Reason.Read(r));

    protected override (string Code, string Message)? Violation(ProjectState state, CarrierLost e) =>
        state.Carrier is null ? ("noCarrier", "aucune figure entrepreneuriale n'est identifiée à cette date") : null;

    protected override ProjectState Apply(ProjectState state, CarrierLost e) => state with { Carrier = null };

    protected override string Summary(CarrierLost c) => $" : {c.Reason}";

    public override IReadOnlyList<string> FreeText => ["Reason"];

    protected override CarrierLost Rewrite(CarrierLost e, ITextRewriter m) => e with { Reason = m.Text(e.Reason) };
}
