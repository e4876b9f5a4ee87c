using EctLifecycle.Http;

namespace EctLifecycle.Projects;

/// <summary>
/// What staff found of a stopped project on a later visit. A null field was not observed.
/// It never changes the stop itself.
/// </summary>
public sealed record FollowUpObserved(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy,
    bool? ActivityStillRunning, string? TakenOverBy, bool? AssetsStillUsed, bool? NetworkStillActive,
    int? JobsStillThere, string? Note) : ProjectFact, IProjectEvent;

public sealed class FollowUpObservedKind : MilestoneKind<FollowUpObserved>
{
    public override string Type => "followUpObserved";
    public override string Label => "Observation de suivi";
    public override int Order => 170;
    public override string Help => "Après un arrêt, ce qui existe encore (1, 2, 5 ans après…). Ne modifie pas l'arrêt.";
    public override bool AfterStop => true;

    private static readonly MilestoneField<bool?> ActivityStillRunning = Field.YesNoIfSaid("activityStillRunning", "L'activité continue ?", "activité toujours en cours");
    private static readonly MilestoneField<string?> TakenOverBy = Field.OptionalText("takenOverBy", "Reprise par", "reprise par");
    private static readonly MilestoneField<bool?> AssetsStillUsed = Field.YesNoIfSaid("assetsStillUsed", "Biens ou savoirs encore utilisés ?", "biens ou savoirs toujours utilisés");
    private static readonly MilestoneField<bool?> NetworkStillActive = Field.YesNoIfSaid("networkStillActive", "Le réseau est-il actif ?", "réseau toujours actif");
    private static readonly MilestoneField<int?> JobsStillThere = Field.Jobs("jobsStillThere", "Emplois encore là", "emplois toujours là", refuseMore: false);
    private static readonly MilestoneField<string?> Note = Field.OptionalLongText("note", "Note", "note");

    public override IReadOnlyList<MilestoneField> Fields =>
        [ActivityStillRunning, TakenOverBy, AssetsStillUsed, NetworkStillActive, JobsStillThere, Note];

    protected override FollowUpObserved Read(FieldReader r, MilestoneHeader h)
    {
        var e = new FollowUpObserved(h.ProjectId, h.OccurredOn, h.LoggedBy, ActivityStillRunning.Read(r), TakenOverBy.Read(r),
            AssetsStillUsed.Read(r), NetworkStillActive.Read(r), JobsStillThere.Read(r), Note.Read(r));
        if (e is { ActivityStillRunning: null, TakenOverBy: null, AssetsStillUsed: null, NetworkStillActive: null, JobsStillThere: null, Note: null })
            r.Error("note", "une observation de suivi dit au moins une chose : activityStillRunning, takenOverBy, assetsStillUsed, " +
                "networkStillActive, jobsStillThere ou note");
        return e;
    }

    protected override (string Code, string Message)? Violation(ProjectState state, FollowUpObserved e) =>
        state.Stopped is null
            ? ("followUpBeforeStop",
                $"une observation de suivi ne vient qu'après l'arrêt du projet, or il n'est pas arrêté au {e.OccurredOn:dd/MM/yyyy}")
            : null;

    protected override ProjectState Apply(ProjectState state, FollowUpObserved f) => state with
    {
        FollowUps = state.FollowUps.Add(new FollowUp(f.OccurredOn, f.ActivityStillRunning, f.TakenOverBy, f.AssetsStillUsed,
            f.NetworkStillActive, f.JobsStillThere, f.Note, f.LoggedBy)),
    };

    // The journey has never phrased a follow-up: its label says it, the project's card lists what was observed.
    protected override string Summary(FollowUpObserved e) => "";

    public override IReadOnlyList<string> FreeText => ["TakenOverBy", "Note"];

    protected override FollowUpObserved Rewrite(FollowUpObserved e, ITextRewriter m) => e with { TakenOverBy = m.Optional(e.TakenOverBy), Note = m.Optional(e.Note) };
}
