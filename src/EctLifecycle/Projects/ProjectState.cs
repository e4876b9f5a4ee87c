using System.Collections.Immutable;

namespace EctLifecycle.Projects;

public sealed record Membership(
    string ActorName, ActorKind Kind, bool IsLocal, ActorRole Role, DateOnly JoinedOn,
    DateOnly? LeftOn = null, string? LeftReason = null)
{
    public bool Active => LeftOn is null;

    /// <summary>The directory actor the joining named (a Guid: Projects/ does not read the directory), if any.</summary>
    public Guid? ActorId { get; init; }
}

/// <summary>
/// The carrier; <c>Type</c> null when not said (carriers logged before types), <c>Profile</c> null until profiled;
/// <c>ActorId</c>: the directory actor the milestone that made it the carrier named, if any.
/// </summary>
public sealed record Carrier(string Name, DateOnly Since, CarrierType? Type = null, CarrierProfile? Profile = null)
{
    public Guid? ActorId { get; init; }
}

public sealed record AdoptedForm(LegalForm Form, bool InEss, string? OtherLabel, DateOnly Since);

public sealed record Funding(
    string FundingId, FundingSourceKind SourceKind, string Funder, decimal AmountEuros,
    DateOnly SecuredOn, DateOnly? PeriodStart, DateOnly? PeriodEnd, DateOnly? EndedOn = null)
{
    public bool Active => EndedOn is null;
}

public sealed record Accompaniment(
    bool ByHub, string? Structure, string? Programme, DateOnly StartedOn, DateOnly? EndedOn = null)
{
    public bool Active => EndedOn is null;
    public string Key => AccompanimentKey(ByHub, Structure);
    public static string AccompanimentKey(bool byHub, string? structure) =>
        byHub ? "hub" : (structure ?? "").Trim().ToLowerInvariant();
}

public sealed record Expertise(string What, string FromWhom, bool OutsideTerritory, DateOnly SoughtOn);

public sealed record Assessment(int Points, string? Rationale, string GridVersion, DateOnly AssessedOn);

/// <summary>The stop as logged (reasons as stored: see <see cref="StopReasons"/> to read them) and what remained then.</summary>
public sealed record Stop(
    DateOnly On, IReadOnlyList<string> Reasons, string? Note, string? OtherReason = null,
    string? ActivityTakenOverBy = null, string? AssetsPassedOnTo = null, bool LastingNetwork = false, int JobsKept = 0,
    HubStance? HubStance = null);

public sealed record FollowUp(
    DateOnly On, bool? ActivityStillRunning, string? TakenOverBy, bool? AssetsStillUsed, bool? NetworkStillActive,
    int? JobsStillThere, string? Note, string LoggedBy);

/// <summary>
/// A project as of a business date: the fold of its effective events in business order.
/// Immutable; <see cref="Apply"/> returns the next state, <see cref="Violation"/> says which rule an event would break.
/// </summary>
public sealed record ProjectState(
    Guid Id, string Name, string Sector, string Commune, string Summary, DateOnly EmergedOn,
    EmergenceContext EmergenceContext, HubRole HubRole, bool InspiredElsewhere)
{
    /// <summary>Actors who joined within this many days of emergence form the collective at emergence.</summary>
    public const int EmergenceWindowDays = 365;

    public ImmutableList<Membership> Actors { get; init; } = [];
    /// <summary>The INSEE code of the commune staff placed the project in (<see cref="CommunePlaced"/>); null until then.</summary>
    public string? CommuneCode { get; init; }
    public Carrier? Carrier { get; init; }
    public StructuringPath? Path { get; init; }
    public string? HostStructure { get; init; }
    public AdoptedForm? LegalForm { get; init; }
    public ImmutableList<Funding> Fundings { get; init; } = [];
    public ImmutableList<Accompaniment> Accompaniments { get; init; } = [];
    public ImmutableList<Expertise> ExpertiseSought { get; init; } = [];
    public ImmutableDictionary<string, Assessment> Assessments { get; init; } = ImmutableDictionary<string, Assessment>.Empty;
    public DateOnly? PausedSince { get; init; }
    public Stop? Stopped { get; init; }
    public ImmutableList<FollowUp> FollowUps { get; init; } = [];
    /// <summary>What the project produced, measured over time (<see cref="OutputsMeasuredKind"/>), in business order.</summary>
    public ImmutableList<OutputsMeasured> Outputs { get; init; } = [];
    /// <summary>The latest value of each measure of <see cref="Outputs"/> (<see cref="OutputsMeasuredKind.Latest"/>), kept up to date by each measurement.</summary>
    public IReadOnlyList<OutputValue> LatestOutputs { get; init; } = [];
    /// <summary>What the project was born of (<see cref="BornOfKind"/>), in business order.</summary>
    public ImmutableList<Origin> Origins { get; init; } = [];

    public static ProjectState Create(ProjectRegistered e) =>
        new(e.ProjectId, e.Name, e.Sector, e.Commune, e.Summary, e.OccurredOn,
            e.EmergenceContext, e.HubRole, e.InspiredElsewhere);

    public IEnumerable<Membership> ActiveActors => Actors.Where(a => a.Active);

    // Read for every business day the score history folds: plain loops over the immutable lists (their enumerators are
    // structs, which LINQ would box).
    public Stage Stage =>
        Stopped is not null ? Stage.Stopped
        : PausedSince is not null ? Stage.Paused
        : IsOperating ? Stage.Operating
        : Path is StructuringPath.ExtensionOfExistingStructure or StructuringPath.NewLegalEntity || LegalForm is not null
            ? Stage.Structuring
        : HasActiveActors(2) ? Stage.Collective
        : Stage.Idea;

    // Operating: the activity has a legal home (its own form, or a host structure) and live resources.
    private bool IsOperating =>
        (LegalForm is not null || Path is StructuringPath.ExtensionOfExistingStructure)
        && Path is not StructuringPath.RemainsIdea
        && HasActiveFunding;

    private bool HasActiveActors(int atLeast)
    {
        var active = 0;
        foreach (var a in Actors)
            if (a.Active && ++active >= atLeast) return true;
        return false;
    }

    private bool HasActiveFunding
    {
        get
        {
            foreach (var f in Fundings) if (f.Active) return true;
            return false;
        }
    }

    /// <summary>Whether the hub ever accompanied the project.</summary>
    public bool EverAccompaniedByHub
    {
        get
        {
            foreach (var a in Accompaniments) if (a.ByHub) return true;
            return false;
        }
    }

    /// <summary>The last day an accompaniment by the hub ended; null when none has.</summary>
    public DateOnly? LastHubSupportEndedOn
    {
        get
        {
            DateOnly? last = null;
            foreach (var a in Accompaniments)
                if (a.ByHub && a.EndedOn is { } ended && (last is null || ended > last)) last = ended;
            return last;
        }
    }

    /// <summary>
    /// The state after <paramref name="e"/>: its kind's step of the fold (<see cref="MilestoneKind.Apply"/>); this same
    /// state when the event changes nothing the state holds (a note).
    /// </summary>
    public ProjectState Apply(IProjectEvent e) => MilestoneKinds.Of(e) is { } kind ? kind.Apply(this, e) : this;

    /// <summary>
    /// The rule <paramref name="e"/> would break if it happened in this state, as (code, French message), or null: the
    /// rules every milestone obeys (not before the emergence, only some kinds after a stop), then its kind's own.
    /// </summary>
    public (string Code, string Message)? Violation(IProjectEvent e)
    {
        if (e.OccurredOn < EmergedOn)
            return ("beforeEmergence", $"le jalon du {e.OccurredOn:dd/MM/yyyy} précède l'émergence du projet ({EmergedOn:dd/MM/yyyy})");
        var kind = MilestoneKinds.Of(e);
        if (Stopped is not null && kind is not { AfterStop: true })
            return ("projectStopped",
                $"le projet est arrêté depuis le {Stopped.On:dd/MM/yyyy} : seules des notes, des observations de suivi, " +
                "des marquages de personnes physiques et des corrections peuvent suivre");
        return kind is null ? ("alreadyRegistered", "le projet est déjà enregistré") : kind.Violation(this, e);
    }

    /// <summary>
    /// Whether this state and <paramref name="other"/> agree on everything the rules read (<see cref="Violation"/>) and
    /// on everything those parts of <see cref="Apply"/> read: then the same events break the same rules in both, and
    /// leave them agreeing. Compared by reference: two replays that applied the same events from one state share them.
    /// </summary>
    public bool SameRulesAs(ProjectState other) =>
        EmergedOn == other.EmergedOn && ReferenceEquals(Stopped, other.Stopped) && PausedSince == other.PausedSince
        && ReferenceEquals(Actors, other.Actors) && ReferenceEquals(Carrier, other.Carrier)
        && ReferenceEquals(Fundings, other.Fundings) && ReferenceEquals(Accompaniments, other.Accompaniments);

    /// <summary>The active actor of that name (spaces and case aside), read by the kinds' rules and steps.</summary>
    public Membership? FindActor(string name) => Actors.FirstOrDefault(a => a.Active && Same(a.ActorName, name));

    public Funding? FindActiveFunding(string id) => Fundings.FirstOrDefault(f => f.Active && Same(f.FundingId, id));

    public Accompaniment? FindActiveAccompaniment(bool byHub, string? structure) =>
        Accompaniments.FirstOrDefault(a => a.Active && a.Key == Accompaniment.AccompanimentKey(byHub, structure));

    public static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
