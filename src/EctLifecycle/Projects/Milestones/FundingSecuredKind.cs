using System.Text.Json.Serialization;
using EctLifecycle.Http;

namespace EctLifecycle.Projects;

/// <summary><c>ActorId</c>: the funder's directory entry, when given (issue 18).</summary>
public sealed record FundingSecured(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy,
    string FundingId, FundingSourceKind SourceKind, string Funder, decimal AmountEuros,
    DateOnly? PeriodStart, DateOnly? PeriodEnd,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? ActorId = null) : ProjectFact, IProjectEvent;

public sealed class FundingSecuredKind : MilestoneKind<FundingSecured>
{
    public override string Type => "fundingSecured";
    public override string Label => "Financement obtenu";
    public override int Order => 80;
    public override string Help => "Une ressource est obtenue : subvention, ventes, adhésions, bénévolat valorisé…";

    private static readonly MilestoneField<string> FundingId = Field.Text("fundingId", "Référence du financement", "id financement",
        "Unique dans le projet, pour pouvoir en signaler la fin.", max: 100);
    private static readonly MilestoneField<FundingSourceKind> SourceKind = Field.Choice<FundingSourceKind>("sourceKind", "Type de ressource", "type de ressource");
    private static readonly MilestoneField<string> Funder = Field.Text("funder", "Financeur ou origine", "financeur");
    private static readonly MilestoneField<decimal> AmountEuros = Field.Amount("amountEuros", "Montant (€)", "montant (€)",
        "Par exemple 15000, 15 000 ou 15 000,50.");
    private static readonly MilestoneField<DateOnly?> PeriodStart = Field.OptionalDate("periodStart", "Début de la période", "début de période");
    private static readonly MilestoneField<DateOnly?> PeriodEnd = Field.OptionalDate("periodEnd", "Fin de la période", "fin de période");

    public override IReadOnlyList<MilestoneField> Fields => [FundingId, SourceKind, Funder, ActorReference.IdField, AmountEuros, PeriodStart, PeriodEnd];

    protected override FundingSecured Read(FieldReader r, MilestoneHeader h)
    {
        var id = FundingId.Read(r);
        var kind = SourceKind.Read(r);
        var funder = Funder.Read(r);
        var amount = AmountEuros.Read(r);
        var start = PeriodStart.Read(r);
        var end = PeriodEnd.Read(r);
        var funderId = ActorReference.IdField.Read(r);
        if (start is not null && end is not null && end < start)
            r.Error(PeriodEnd.Name, "la fin de la période précède son début");
        return new(h.ProjectId, h.OccurredOn, h.LoggedBy, id, kind, funder, amount, start, end, funderId);
    }

    protected override (string Code, string Message)? Violation(ProjectState state, FundingSecured e) =>
        state.Fundings.Any(x => ProjectState.Same(x.FundingId, e.FundingId))
            ? ("duplicateFundingId", $"un financement d'identifiant « {e.FundingId} » existe déjà")
            : null;

    protected override ProjectState Apply(ProjectState state, FundingSecured e) => state with
    {
        Fundings = state.Fundings.Add(new Funding(e.FundingId, e.SourceKind, e.Funder, e.AmountEuros, e.OccurredOn, e.PeriodStart, e.PeriodEnd)),
    };

    protected override string Summary(FundingSecured f) =>
        $" : {f.Funder}, {AmountText.Euros(f.AmountEuros)} ({FrenchLabels.Of(f.SourceKind)}, réf. {f.FundingId})";

    public override IReadOnlyList<string> FreeText => ["Funder"];
    public override IReadOnlyList<string> Codes => ["FundingId"];

    protected override FundingSecured Rewrite(FundingSecured e, ITextRewriter m) => e with { Funder = m.Text(e.Funder) };
}
