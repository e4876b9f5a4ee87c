using EctLifecycle.Http;

namespace EctLifecycle.Projects;

public sealed record FundingEnded(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy, string FundingId, string? Reason) : ProjectFact, IProjectEvent;

public sealed class FundingEndedKind : MilestoneKind<FundingEnded>
{
    public override string Type => "fundingEnded";
    public override string Label => "Fin d'un financement";
    public override int Order => 90;
    public override string Help => "Un financement prend fin.";

    private static readonly MilestoneField<string> FundingId = Field.Text("fundingId", "Référence du financement", "id financement");
    private static readonly MilestoneField<string?> Reason = Field.OptionalLongText("reason", "Raison", "raison");

    public override IReadOnlyList<MilestoneField> Fields => [FundingId, Reason];

    protected override FundingEnded Read(FieldReader r, MilestoneHeader h) =>
        new(h.ProjectId, h.OccurredOn, h.LoggedBy, FundingId.Read(r), Reason.Read(r));

    protected override (string Code, string Message)? Violation(ProjectState state, FundingEnded e) =>
        state.FindActiveFunding(e.FundingId) is null
            ? ("fundingNotActive", $"aucun financement actif d'identifiant « {e.FundingId} » à cette date")
            : null;

    protected override ProjectState Apply(ProjectState state, FundingEnded e) => state.FindActiveFunding(e.FundingId) is { } fu
        ? state with { Fundings = state.Fundings.Replace(fu, fu with { EndedOn = e.OccurredOn }) }
        : state;

    protected override string Summary(FundingEnded f) => $" : réf. {f.FundingId}{(f.Reason is { } r ? $" — {r}" : "")}";

    public override IReadOnlyList<string> FreeText => ["Reason"];
    public override IReadOnlyList<string> Codes => ["FundingId"];

    protected override FundingEnded Rewrite(FundingEnded e, ITextRewriter m) => e with { Reason = m.Optional(e.Reason) };
}
