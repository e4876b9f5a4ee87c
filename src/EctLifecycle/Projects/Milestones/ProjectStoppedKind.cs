using EctLifecycle.Http;

namespace EctLifecycle.Projects;

/// <summary>
/// The stop, why, and what remains of the project. <c>Reasons</c> are <see cref="StopReason"/> wire codes; stops
/// stored before that list existed carry free text, read as <c>other</c> (see <see cref="StopReasons"/>).
/// The fields after <c>Note</c> came later: they default to "nothing recorded" so older events still read.
/// </summary>
public sealed record ProjectStopped(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy,
    IReadOnlyList<string> Reasons, string? Note,
    string? OtherReason = null, string? ActivityTakenOverBy = null, string? AssetsPassedOnTo = null,
    bool LastingNetwork = false, int JobsKept = 0, HubStance? HubStance = null) : ProjectFact, IProjectEvent;

public sealed class ProjectStoppedKind : MilestoneKind<ProjectStopped>
{
    public override string Type => "projectStopped";
    public override string Label => "Arrêt du projet";
    public override int Order => 160;
    public override string Help => "Le projet s'arrête : pourquoi, et ce qu'il en reste.";

    private static readonly MilestoneField<IReadOnlyList<string>?> Reasons =
        new("reasons", "Raisons de l'arrêt", "raisons", Entry.Choices, true, typeof(StopReason), null,
            (r, f) => r.StringList(f, true, 100, itemsOf: typeof(StopReason)));
    private static readonly MilestoneField<string?> OtherReason =
        Field.OptionalText("otherReason", "Autre raison", "autre raison", "Obligatoire si « Autre » est coché.") with
        {
            Reading = (r, f) => r.String(f, false, FieldReader.MaxText),
        };
    private static readonly MilestoneField<string?> Note = Field.OptionalLongText("note", "Note", "note");
    private static readonly MilestoneField<string?> ActivityTakenOverBy = Field.OptionalText("activityTakenOverBy", "Activité reprise par", "activité reprise par");
    private static readonly MilestoneField<string?> AssetsPassedOnTo = Field.OptionalText("assetsPassedOnTo", "Biens ou savoirs transmis à", "biens ou savoirs transmis à");
    private static readonly MilestoneField<bool> LastingNetwork = Field.YesNoElseNo("lastingNetwork", "Un réseau perdure-t-il ?", "réseau qui perdure");
    private static readonly MilestoneField<int?> JobsKept = Field.Jobs("jobsKept", "Emplois maintenus", "emplois maintenus", refuseMore: true);
    private static readonly MilestoneField<HubStance?> Stance = Field.OptionalChoice<HubStance>("hubStance", "Position du pôle", "position du pôle");

    public override IReadOnlyList<MilestoneField> Fields =>
        [Reasons, OtherReason, Note, ActivityTakenOverBy, AssetsPassedOnTo, LastingNetwork, JobsKept, Stance];

    /// <summary>Reasons are codes of <see cref="StopReason"/>, so stops can be counted; <c>other</c> needs its text.</summary>
    protected override ProjectStopped Read(FieldReader r, MilestoneHeader h)
    {
        var allowed = FrenchLabels.Allowed<StopReason>();
        var reasons = new List<StopReason>();
        var codes = Reasons.Read(r);
        foreach (var (text, i) in (codes ?? []).Select((t, i) => (t, i)))
        {
            if (StopReasons.Parse(text) is { } reason) reasons.Add(reason);
            else r.Error($"reasons[{i}]", $"raison inconnue « {text} », attendu parmi : {allowed}");
        }
        if (codes is { Count: 0 }) r.Error("reasons", $"donnez au moins une raison de l'arrêt, parmi : {allowed}");
        var other = OtherReason.Read(r);
        if (reasons.Contains(StopReason.Other) && other is null)
            r.Error("otherReason", "précisez la raison quand elle est « autre »");
        if (other is not null && !reasons.Contains(StopReason.Other))
            r.Error("otherReason", "ne se donne qu'avec la raison « autre »");
        var jobs = JobsKept.Read(r);
        return new ProjectStopped(h.ProjectId, h.OccurredOn, h.LoggedBy,
            reasons.Distinct().Select(x => x.Wire()).ToList(), Note.Read(r), other,
            ActivityTakenOverBy.Read(r), AssetsPassedOnTo.Read(r), LastingNetwork.Read(r), jobs ?? 0, Stance.Read(r));
    }

    protected override ProjectState Apply(ProjectState state, ProjectStopped s) => state with
    {
        Stopped = new Stop(s.OccurredOn, s.Reasons, s.Note, s.OtherReason, s.ActivityTakenOverBy, s.AssetsPassedOnTo,
            s.LastingNetwork, s.JobsKept, s.HubStance),
        PausedSince = null,
    };

    protected override string Summary(ProjectStopped s) =>
        $" : {string.Join(", ", StopReasons.Of(s).Select(r => r.Text is { } t ? $"{FrenchLabels.Of(r.Reason)} ({t})" : FrenchLabels.Of(r.Reason)))}" +
        $"{(s.Note is { } n ? $" — {n}" : "")}";

    /// <summary>A stop logged before the fixed list of reasons is written as it would be logged today, so it imports.</summary>
    protected override ProjectStopped ForExport(ProjectStopped e) => e.Normalized();

    // Reasons are codes, but stops logged before the list of codes carry the staff's words there (StopReasons): those
    // are masked like any text, the codes left as they are.
    public override IReadOnlyList<string> FreeText => ["Reasons[]", "Note", "OtherReason", "ActivityTakenOverBy", "AssetsPassedOnTo"];

    protected override ProjectStopped Rewrite(ProjectStopped e, ITextRewriter m) => e with
    {
        Reasons = e.Reasons.Select(r => StopReasons.Parse(r) is null ? m.Text(r) : r).ToList(),
        Note = m.Optional(e.Note), OtherReason = m.Optional(e.OtherReason),
        ActivityTakenOverBy = m.Optional(e.ActivityTakenOverBy), AssetsPassedOnTo = m.Optional(e.AssetsPassedOnTo),
    };
}
