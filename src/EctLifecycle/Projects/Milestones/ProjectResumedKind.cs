using EctLifecycle.Http;

namespace EctLifecycle.Projects;

public sealed record ProjectResumed(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy, string? Note) : ProjectFact, IProjectEvent;

public sealed class ProjectResumedKind : MilestoneKind<ProjectResumed>
{
    public override string Type => "projectResumed";
    public override string Label => "Reprise";
    public override int Order => 150;
    public override string Help => "Le projet reprend après une pause.";

    private static readonly MilestoneField<string?> Note = Field.OptionalLongText("note", "Note", "note");

    public override IReadOnlyList<MilestoneField> Fields => [Note];

    protected override ProjectResumed Read(FieldReader r, MilestoneHeader h) => new(h.ProjectId, h.OccurredOn, h.LoggedBy, Note.Read(r));

    protected override (string Code, string Message)? Violation(ProjectState state, ProjectResumed e) =>
        state.PausedSince is null ? ("notPaused", "seul un projet en pause peut reprendre") : null;

    protected override ProjectState Apply(ProjectState state, ProjectResumed e) => state with { PausedSince = null };

    protected override string Summary(ProjectResumed r) => r.Note is { } n ? $" : {n}" : "";

    public override IReadOnlyList<string> FreeText => ["Note"];

    protected override ProjectResumed Rewrite(ProjectResumed e, ITextRewriter m) => e with { Note = m.Optional(e.Note) };
}
