using EctLifecycle.Http;

namespace EctLifecycle.Projects;

/// <summary>What every milestone shares, already read and checked.</summary>
public sealed record MilestoneHeader(Guid ProjectId, DateOnly OccurredOn, string LoggedBy);

/// <summary>
/// The grids as the reading of an assessment checks it: Scoring's catalog, seen from here without reading Scoring.
/// </summary>
public interface IAssessmentGrids
{
    IReadOnlyList<string> Versions { get; }

    /// <summary>The version as the catalog writes it, or null when no grid has it.</summary>
    string? Known(string version);

    /// <summary>Whether the grid has the criterion (null when it does not), and whether it is assessed rather than derived.</summary>
    bool? IsAssessed(string version, string criterionId);
}

/// <summary>
/// How the texts people typed in an event are rewritten: an erasure (Privacy's <c>Masking</c>) replaces a person's name
/// there by a pseudonym. <see cref="MilestoneKind.Rewrite"/> passes each of the kind's free texts through it.
/// </summary>
public interface ITextRewriter
{
    string Text(string text);

    string? Optional(string? text);
}

/// <summary>
/// One kind of milestone, whole: its wire <c>type</c>, French label and help, its fields (from which the form, the
/// milestone sheet's columns and the API's description derive), its reading, its rules, its step of the fold and its
/// phrase in the journey. One file per kind under <c>Projects/Milestones</c>; <see cref="MilestoneKinds"/> finds them.
/// </summary>
public abstract class MilestoneKind
{
    /// <summary>The wire <c>type</c> it is logged with (API, files, URLs of the forms).</summary>
    public abstract string Type { get; }

    public abstract string Label { get; }

    /// <summary>Its place among the kinds: the order of the forms, of the milestone sheet's columns, of the API's list.</summary>
    public abstract int Order { get; }

    public abstract Type EventType { get; }

    /// <summary>What the form says the milestone is; null when staff log it elsewhere (no form of its own).</summary>
    public virtual string? Help => null;

    /// <summary>The fields of its form and of the milestone sheet, in the form's order.</summary>
    public virtual IReadOnlyList<MilestoneField> Fields => [];

    /// <summary>Whether it is a row of the milestone sheet (an import reads it, an export writes it).</summary>
    public virtual bool InMilestoneSheet => true;

    /// <summary>Whether it may follow the project's stop.</summary>
    public virtual bool AfterStop => false;

    public abstract IProjectEvent Read(FieldReader r, MilestoneHeader h, IAssessmentGrids grids);

    public abstract ProjectState Apply(ProjectState state, IProjectEvent e);

    /// <summary>The rule of this kind the event would break in this state, as (code, French message), or null.</summary>
    public abstract (string Code, string Message)? Violation(ProjectState state, IProjectEvent e);

    /// <summary>Its facts in a short French phrase, after its label (« : Léa Morel (Habitant, local, initiateur) »).</summary>
    public abstract string Summary(IProjectEvent e);

    /// <summary>The event as a file writes it (a stop of the old free-text reasons as it would be logged today).</summary>
    public virtual IProjectEvent ForExport(IProjectEvent e) => e;

    /// <summary>
    /// The event's texts people typed (names, notes, reasons, structures…), by property path (« Scores[].Rationale »):
    /// an erasure replaces the person's name there (<see cref="Rewrite"/>). Every text of the event is here or in
    /// <see cref="Codes"/>, never both (a test fails on a text in neither); where an imported fact came from
    /// (<c>Source</c>) and who logged it are every event's, and not listed.
    /// </summary>
    public virtual IReadOnlyList<string> FreeText => [];

    /// <summary>The event's texts that are codes (ids, list codes, units grouped by), which an erasure leaves as they are.</summary>
    public virtual IReadOnlyList<string> Codes => [];

    /// <summary>The event with each of its <see cref="FreeText"/> passed through <paramref name="texts"/>, the same otherwise.</summary>
    public abstract IProjectEvent Rewrite(IProjectEvent e, ITextRewriter texts);
}

/// <summary>A kind of milestone recorded as the event <typeparamref name="TEvent"/>: its parts, typed.</summary>
public abstract class MilestoneKind<TEvent> : MilestoneKind where TEvent : class, IProjectEvent
{
    public sealed override Type EventType => typeof(TEvent);

    /// <summary>Reads its fields (every error at once) into the event; check <see cref="FieldReader.Ok"/> before using it.</summary>
    protected abstract TEvent Read(FieldReader r, MilestoneHeader h);

    /// <summary>Its step of the fold: the state after it. Changes nothing by default.</summary>
    protected virtual ProjectState Apply(ProjectState state, TEvent e) => state;

    protected virtual (string Code, string Message)? Violation(ProjectState state, TEvent e) => null;

    protected abstract string Summary(TEvent e);

    protected virtual TEvent ForExport(TEvent e) => e;

    protected virtual TEvent Rewrite(TEvent e, ITextRewriter texts) => e;

    public override IProjectEvent Read(FieldReader r, MilestoneHeader h, IAssessmentGrids grids) => Read(r, h);

    public sealed override ProjectState Apply(ProjectState state, IProjectEvent e) => Apply(state, (TEvent)e);

    public sealed override (string Code, string Message)? Violation(ProjectState state, IProjectEvent e) => Violation(state, (TEvent)e);

    public sealed override string Summary(IProjectEvent e) => Summary((TEvent)e);

    public sealed override IProjectEvent ForExport(IProjectEvent e) => ForExport((TEvent)e);

    public sealed override IProjectEvent Rewrite(IProjectEvent e, ITextRewriter texts) => Rewrite((TEvent)e, texts);
}
