using EctLifecycle.Http;

namespace EctLifecycle.Projects;

/// <summary>The only way to correct a mistake: the retracted event stays in the history and counts nowhere else.</summary>
public sealed record MilestoneRetracted(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy, Guid RetractedEventId, string Reason) : ProjectFact, IProjectEvent;

/// <summary>
/// A retraction is never folded (it takes its target out of the history) and its rules are the timeline's
/// (<see cref="ProjectTimeline.CheckAppend"/>); the card offers it on each milestone, and files do not carry it.
/// </summary>
public sealed class RetractionKind : MilestoneKind<MilestoneRetracted>
{
    public override string Type => "retraction";
    public override string Label => "Retrait d'un jalon";
    public override int Order => 200;
    public override bool InMilestoneSheet => false;

    protected override MilestoneRetracted Read(FieldReader r, MilestoneHeader h) =>
        new(h.ProjectId, h.OccurredOn, h.LoggedBy, r.Guid("retractedEventId") ?? Guid.Empty, r.RequiredString("reason", FieldReader.MaxText));

    protected override string Summary(MilestoneRetracted m) => $" : {m.Reason}";

    public override IReadOnlyList<string> FreeText => ["Reason"];

    protected override MilestoneRetracted Rewrite(MilestoneRetracted e, ITextRewriter m) => e with { Reason = m.Text(e.Reason) };
}
