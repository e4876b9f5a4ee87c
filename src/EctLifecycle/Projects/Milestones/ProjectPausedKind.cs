using EctLifecycle.Http;

namespace EctLifecycle.Projects;

public sealed record ProjectPaused(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy, string Reason) : ProjectFact, IProjectEvent;

public sealed class ProjectPausedKind : MilestoneKind<ProjectPaused>
{
    public override string Type => "projectPaused";
    public override string Label => "Mise en pause";
    public override int Order => 140;
    public override string Help => "Le projet se met en pause.";

    private static readonly MilestoneField<string> Reason = Field.LongText("reason", "Raison", "raison");

    public override IReadOnlyList<MilestoneField> Fields => [Reason];

    protected override ProjectPaused Read(FieldReader r, MilestoneHeader h) => new(h.ProjectId, h.OccurredOn, h.LoggedBy, Reason.Read(r));

    protected override (string Code, string Message)? Violation(ProjectState state, ProjectPaused e) =>
        state.PausedSince is not null ? ("alreadyPaused", $"le projet est déjà en pause depuis le {state.PausedSince:dd/MM/yyyy}") : null;

    protected override ProjectState Apply(ProjectState state, ProjectPaused e) => state with { PausedSince = e.OccurredOn };

    protected override string Summary(ProjectPaused p) => $" : {p.Reason}";

    public override IReadOnlyList<string> FreeText => ["Reason"];

    protected override ProjectPaused Rewrite(ProjectPaused e, ITextRewriter m) => e with { Reason = m.Text(e.Reason) };
}
