using EctLifecycle.Http;

namespace EctLifecycle.Projects;

public sealed record NoteAdded(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy, string Text) : ProjectFact, IProjectEvent;

public sealed class NoteKind : MilestoneKind<NoteAdded>
{
    public override string Type => "note";
    public override string Label => "Note";
    public override int Order => 190;
    public override string Help => "Une note libre, datée.";
    public override bool AfterStop => true;

    private static readonly MilestoneField<string> Text = Field.LongText("text", "Texte", "texte");

    public override IReadOnlyList<MilestoneField> Fields => [Text];

    protected override NoteAdded Read(FieldReader r, MilestoneHeader h) => new(h.ProjectId, h.OccurredOn, h.LoggedBy, Text.Read(r));

    protected override string Summary(NoteAdded n) => $" : {n.Text}";

    public override IReadOnlyList<string> FreeText => ["Text"];

    protected override NoteAdded Rewrite(NoteAdded e, ITextRewriter m) => e with { Text = m.Text(e.Text) };
}
