using EctLifecycle.Http;

namespace EctLifecycle.Projects;

public sealed record AccompanimentEnded(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy, bool ByHub, string? Structure) : ProjectFact, IProjectEvent;

public sealed class AccompanimentEndedKind : MilestoneKind<AccompanimentEnded>
{
    public override string Type => "accompanimentEnded";
    public override string Label => "Fin d'accompagnement";
    public override int Order => 110;
    public override string Help => "Un accompagnement se termine.";

    public override IReadOnlyList<MilestoneField> Fields => [AccompanimentStartedKind.ByHub, AccompanimentStartedKind.Structure];

    protected override AccompanimentEnded Read(FieldReader r, MilestoneHeader h) =>
        new(h.ProjectId, h.OccurredOn, h.LoggedBy, AccompanimentStartedKind.ByHub.Read(r), AccompanimentStartedKind.ReadStructure(r));

    protected override (string Code, string Message)? Violation(ProjectState state, AccompanimentEnded e) =>
        state.FindActiveAccompaniment(e.ByHub, e.Structure) is null
            ? ("accompanimentNotActive",
                $"aucun accompagnement par {AccompanimentStartedKind.Describe(e.ByHub, e.Structure)} n'est en cours à cette date")
            : null;

    protected override ProjectState Apply(ProjectState state, AccompanimentEnded e) =>
        state.FindActiveAccompaniment(e.ByHub, e.Structure) is { } ac
            ? state with { Accompaniments = state.Accompaniments.Replace(ac, ac with { EndedOn = e.OccurredOn }) }
            : state;

    protected override string Summary(AccompanimentEnded a) => $" : {(a.ByHub ? "par le pôle" : $"par {a.Structure}")}";

    public override IReadOnlyList<string> FreeText => ["Structure"];

    protected override AccompanimentEnded Rewrite(AccompanimentEnded e, ITextRewriter m) => e with { Structure = m.Optional(e.Structure) };
}
