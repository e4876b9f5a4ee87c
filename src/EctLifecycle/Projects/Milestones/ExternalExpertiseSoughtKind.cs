using EctLifecycle.Http;

namespace EctLifecycle.Projects;

public sealed record ExternalExpertiseSought(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy,
    string What, string FromWhom, bool OutsideTerritory) : ProjectFact, IProjectEvent;

public sealed class ExternalExpertiseSoughtKind : MilestoneKind<ExternalExpertiseSought>
{
    public override string Type => "externalExpertiseSought";
    public override string Label => "Expertise extérieure sollicitée";
    public override int Order => 120;
    public override string Help => "Le projet sollicite une expertise.";

    private static readonly MilestoneField<string> What = Field.LongText("what", "Expertise", "expertise");
    private static readonly MilestoneField<string> FromWhom = Field.Text("fromWhom", "Auprès de", "auprès de");
    private static readonly MilestoneField<bool> OutsideTerritory = Field.YesNo("outsideTerritory", "Hors du territoire ?", "hors territoire");

    public override IReadOnlyList<MilestoneField> Fields => [What, FromWhom, OutsideTerritory];

    protected override ExternalExpertiseSought Read(FieldReader r, MilestoneHeader h) =>
        new(h.ProjectId, h.OccurredOn, h.LoggedBy, What.Read(r), FromWhom.Read(r), OutsideTerritory.Read(r));

    protected override ProjectState Apply(ProjectState state, ExternalExpertiseSought e) => state with
    {
        ExpertiseSought = state.ExpertiseSought.Add(new Expertise(e.What, e.FromWhom, e.OutsideTerritory, e.OccurredOn)),
    };

    protected override string Summary(ExternalExpertiseSought x) =>
        $" : {x.What} auprès de {x.FromWhom}{(x.OutsideTerritory ? " (hors territoire)" : "")}";

    public override IReadOnlyList<string> FreeText => ["What", "FromWhom"];

    protected override ExternalExpertiseSought Rewrite(ExternalExpertiseSought e, ITextRewriter m) => e with { What = m.Text(e.What), FromWhom = m.Text(e.FromWhom) };
}
