using System.Text.Json.Serialization;

namespace EctLifecycle.Projects;

/// <summary>
/// Every milestone of a project's journey. <c>OccurredOn</c> is the business date the thing happened;
/// the event store keeps when it was recorded. <c>LoggedBy</c> is who logged it: the signed-in user, or who ran the
/// import. <c>Source</c> is where an imported fact came from (a file's « source » or « saisi par » column), if it said.
/// </summary>
public interface IProjectEvent
{
    Guid ProjectId { get; }
    DateOnly OccurredOn { get; }
    string LoggedBy { get; }
    string? Source { get; }
}

/// <summary>
/// What every event shares beyond its own fields. <c>Source</c> came later and is optional: events stored without it
/// read as they were, and it is written only when there is one, so their bodies stay the same.
/// </summary>
public abstract record ProjectFact
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Source { get; init; }
}

/// <summary>The project and its idea's emergence. <c>Key</c> is the hub's own stable reference, if it gave one.</summary>
public sealed record ProjectRegistered(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy,
    string Name, string Sector, string Commune, string Summary,
    EmergenceContext EmergenceContext, HubRole HubRole, bool InspiredElsewhere, string? Key = null) : ProjectFact, IProjectEvent;

/// <summary>
/// <c>NaturalPerson</c> came later: whether staff said the actor is a natural person (its name is personal data, which a
/// person may ask to erase), null when they did not say; written only when said, so older bodies stay the same. Who counts
/// as a person when it is not said is <see cref="NaturalPersons"/>' rule. It never changes the state or a score.
/// </summary>
public sealed record ActorJoinedCollective(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy,
    string ActorName, ActorKind Kind, bool IsLocal, ActorRole Role,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? NaturalPerson = null) : ProjectFact, IProjectEvent;

public sealed record ActorLeftCollective(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy, string ActorName, string Reason) : ProjectFact, IProjectEvent;

/// <summary><c>NaturalPerson</c>: whether the carrier is a natural person, null when not said (see <see cref="ActorJoinedCollective"/>).</summary>
public sealed record CarrierIdentified(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy, string CarrierName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? NaturalPerson = null) : ProjectFact, IProjectEvent;

public sealed record CarrierLost(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy, string Reason) : ProjectFact, IProjectEvent;

/// <summary><c>ToNaturalPerson</c>: whether the new carrier (<c>To</c>) is a natural person, null when not said.</summary>
public sealed record CarryingHandedOver(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy,
    string From, string To, bool HubAsIntermediary,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? ToNaturalPerson = null) : ProjectFact, IProjectEvent;

public sealed record StructuringPathChosen(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy,
    StructuringPath Path, string? HostStructure) : ProjectFact, IProjectEvent;

/// <summary>A later adoption replaces the earlier form.</summary>
public sealed record LegalFormAdopted(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy,
    LegalForm Form, bool InEss, string? OtherLabel) : ProjectFact, IProjectEvent;

public sealed record FundingSecured(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy,
    string FundingId, FundingSourceKind SourceKind, string Funder, decimal AmountEuros,
    DateOnly? PeriodStart, DateOnly? PeriodEnd) : ProjectFact, IProjectEvent;

public sealed record FundingEnded(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy, string FundingId, string? Reason) : ProjectFact, IProjectEvent;

/// <summary>By the hub, or by another named support structure.</summary>
public sealed record AccompanimentStarted(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy,
    bool ByHub, string? Structure, string? Programme) : ProjectFact, IProjectEvent;

public sealed record AccompanimentEnded(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy, bool ByHub, string? Structure) : ProjectFact, IProjectEvent;

public sealed record ExternalExpertiseSought(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy,
    string What, string FromWhom, bool OutsideTerritory) : ProjectFact, IProjectEvent;

public sealed record CriterionScore(string CriterionId, int Points, string? Rationale);

public sealed record CriteriaAssessed(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy,
    string GridVersion, IReadOnlyList<CriterionScore> Scores) : ProjectFact, IProjectEvent;

public sealed record ProjectPaused(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy, string Reason) : ProjectFact, IProjectEvent;

public sealed record ProjectResumed(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy, string? Note) : ProjectFact, IProjectEvent;

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

/// <summary>
/// What staff found of a stopped project on a later visit. A null field was not observed.
/// It never changes the stop itself.
/// </summary>
public sealed record FollowUpObserved(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy,
    bool? ActivityStillRunning, string? TakenOverBy, bool? AssetsStillUsed, bool? NetworkStillActive,
    int? JobsStillThere, string? Note) : ProjectFact, IProjectEvent;

public sealed record NoteAdded(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy, string Text) : ProjectFact, IProjectEvent;

/// <summary>
/// Staff say that a name in the project (an actor, a carrier, a name in a note or in what remains of a stop) is a natural
/// person's, or is not: a later mark, in business order, corrects an earlier one and the actors' and carriers' own flags.
/// It changes nothing else (no state, no score) and may follow a stop.
/// </summary>
public sealed record NaturalPersonMarked(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy, string Name, bool NaturalPerson) : ProjectFact, IProjectEvent;

/// <summary>The only way to correct a mistake: the retracted event stays in the history and counts nowhere else.</summary>
public sealed record MilestoneRetracted(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy, Guid RetractedEventId, string Reason) : ProjectFact, IProjectEvent;

public static class ProjectEvents
{
    /// <summary>The event with where it came from; without a source it is the event itself.</summary>
    public static IProjectEvent WithSource(this IProjectEvent e, string? source) =>
        source is null ? e : (IProjectEvent)((ProjectFact)e with { Source = source });

    public static readonly Type[] All =
    [
        typeof(ProjectRegistered), typeof(ActorJoinedCollective), typeof(ActorLeftCollective),
        typeof(CarrierIdentified), typeof(CarrierLost), typeof(CarryingHandedOver),
        typeof(StructuringPathChosen), typeof(LegalFormAdopted), typeof(FundingSecured), typeof(FundingEnded),
        typeof(AccompanimentStarted), typeof(AccompanimentEnded), typeof(ExternalExpertiseSought),
        typeof(CriteriaAssessed), typeof(ProjectPaused), typeof(ProjectResumed), typeof(ProjectStopped),
        typeof(NoteAdded), typeof(MilestoneRetracted), typeof(FollowUpObserved), typeof(NaturalPersonMarked),
    ];
}
