using System.Collections.Immutable;

namespace EctLifecycle.Projects;

public sealed record Membership(
    string ActorName, ActorKind Kind, bool IsLocal, ActorRole Role, DateOnly JoinedOn,
    DateOnly? LeftOn = null, string? LeftReason = null)
{
    public bool Active => LeftOn is null;
}

public sealed record Carrier(string Name, DateOnly Since);

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
    public DateOnly LastChange { get; init; }

    public static ProjectState Create(ProjectRegistered e) =>
        new(e.ProjectId, e.Name, e.Sector, e.Commune, e.Summary, e.OccurredOn,
            e.EmergenceContext, e.HubRole, e.InspiredElsewhere) { LastChange = e.OccurredOn };

    public IEnumerable<Membership> ActiveActors => Actors.Where(a => a.Active);

    public Stage Stage =>
        Stopped is not null ? Stage.Stopped
        : PausedSince is not null ? Stage.Paused
        : IsOperating ? Stage.Operating
        : Path is StructuringPath.ExtensionOfExistingStructure or StructuringPath.NewLegalEntity || LegalForm is not null
            ? Stage.Structuring
        : ActiveActors.Count() >= 2 ? Stage.Collective
        : Stage.Idea;

    // Operating: the activity has a legal home (its own form, or a host structure) and live resources.
    private bool IsOperating =>
        (LegalForm is not null || Path is StructuringPath.ExtensionOfExistingStructure)
        && Path is not StructuringPath.RemainsIdea
        && Fundings.Any(f => f.Active);

    public ProjectState Apply(IProjectEvent e) => (e switch
    {
        ActorJoinedCollective j => this with
        {
            Actors = Actors.Add(new Membership(j.ActorName.Trim(), j.Kind, j.IsLocal, j.Role, j.OccurredOn)),
        },
        ActorLeftCollective l => FindActor(l.ActorName) is { } m
            ? this with { Actors = Actors.Replace(m, m with { LeftOn = l.OccurredOn, LeftReason = l.Reason }) }
            : this,
        CarrierIdentified c => this with { Carrier = new Carrier(c.CarrierName.Trim(), c.OccurredOn) },
        CarrierLost => this with { Carrier = null },
        CarryingHandedOver h => this with { Carrier = new Carrier(h.To.Trim(), h.OccurredOn) },
        StructuringPathChosen p => this with { Path = p.Path, HostStructure = p.HostStructure },
        LegalFormAdopted f => this with { LegalForm = new AdoptedForm(f.Form, f.InEss, f.OtherLabel, f.OccurredOn) },
        FundingSecured f => this with
        {
            Fundings = Fundings.Add(new Funding(f.FundingId, f.SourceKind, f.Funder, f.AmountEuros,
                f.OccurredOn, f.PeriodStart, f.PeriodEnd)),
        },
        FundingEnded f => FindActiveFunding(f.FundingId) is { } fu
            ? this with { Fundings = Fundings.Replace(fu, fu with { EndedOn = f.OccurredOn }) }
            : this,
        AccompanimentStarted a => this with
        {
            Accompaniments = Accompaniments.Add(new Accompaniment(a.ByHub, a.Structure, a.Programme, a.OccurredOn)),
        },
        AccompanimentEnded a => FindActiveAccompaniment(a.ByHub, a.Structure) is { } ac
            ? this with { Accompaniments = Accompaniments.Replace(ac, ac with { EndedOn = a.OccurredOn }) }
            : this,
        ExternalExpertiseSought x => this with
        {
            ExpertiseSought = ExpertiseSought.Add(new Expertise(x.What, x.FromWhom, x.OutsideTerritory, x.OccurredOn)),
        },
        CriteriaAssessed c => this with
        {
            Assessments = c.Scores.Aggregate(Assessments, (acc, s) =>
                acc.SetItem(s.CriterionId, new Assessment(s.Points, s.Rationale, c.GridVersion, c.OccurredOn))),
        },
        ProjectPaused p => this with { PausedSince = p.OccurredOn },
        ProjectResumed => this with { PausedSince = null },
        ProjectStopped s => this with
        {
            Stopped = new Stop(s.OccurredOn, s.Reasons, s.Note, s.OtherReason, s.ActivityTakenOverBy, s.AssetsPassedOnTo,
                s.LastingNetwork, s.JobsKept, s.HubStance),
            PausedSince = null,
        },
        FollowUpObserved f => this with
        {
            FollowUps = FollowUps.Add(new FollowUp(f.OccurredOn, f.ActivityStillRunning, f.TakenOverBy, f.AssetsStillUsed,
                f.NetworkStillActive, f.JobsStillThere, f.Note, f.LoggedBy)),
        },
        _ => this,
    }) with { LastChange = e.OccurredOn };

    /// <summary>The rule <paramref name="e"/> would break if it happened in this state, as (code, French message), or null.</summary>
    public (string Code, string Message)? Violation(IProjectEvent e)
    {
        if (e.OccurredOn < EmergedOn)
            return ("beforeEmergence", $"le jalon du {e.OccurredOn:dd/MM/yyyy} précède l'émergence du projet ({EmergedOn:dd/MM/yyyy})");
        if (Stopped is not null && e is not NoteAdded and not FollowUpObserved and not NaturalPersonMarked)
            return ("projectStopped",
                $"le projet est arrêté depuis le {Stopped.On:dd/MM/yyyy} : seules des notes, des observations de suivi, " +
                "des marquages de personnes physiques et des corrections peuvent suivre");
        if (Stopped is null && e is FollowUpObserved)
            return ("followUpBeforeStop",
                $"une observation de suivi ne vient qu'après l'arrêt du projet, or il n'est pas arrêté au {e.OccurredOn:dd/MM/yyyy}");

        return e switch
        {
            ProjectRegistered => ("alreadyRegistered", "le projet est déjà enregistré"),
            ActorJoinedCollective j when FindActor(j.ActorName) is not null =>
                ("actorAlreadyInCollective", $"l'acteur « {j.ActorName} » fait déjà partie du collectif"),
            ActorLeftCollective l when FindActor(l.ActorName) is null =>
                ("actorNotInCollective", $"l'acteur « {l.ActorName} » ne fait pas partie du collectif à cette date"),
            CarrierLost when Carrier is null =>
                ("noCarrier", "aucune figure entrepreneuriale n'est identifiée à cette date"),
            FundingSecured f when Fundings.Any(x => Same(x.FundingId, f.FundingId)) =>
                ("duplicateFundingId", $"un financement d'identifiant « {f.FundingId} » existe déjà"),
            FundingEnded f when FindActiveFunding(f.FundingId) is null =>
                ("fundingNotActive", $"aucun financement actif d'identifiant « {f.FundingId} » à cette date"),
            AccompanimentStarted a when FindActiveAccompaniment(a.ByHub, a.Structure) is not null =>
                ("accompanimentAlreadyActive", $"un accompagnement par {Describe(a.ByHub, a.Structure)} est déjà en cours"),
            AccompanimentEnded a when FindActiveAccompaniment(a.ByHub, a.Structure) is null =>
                ("accompanimentNotActive", $"aucun accompagnement par {Describe(a.ByHub, a.Structure)} n'est en cours à cette date"),
            ProjectPaused when PausedSince is not null =>
                ("alreadyPaused", $"le projet est déjà en pause depuis le {PausedSince:dd/MM/yyyy}"),
            ProjectResumed when PausedSince is null => ("notPaused", "seul un projet en pause peut reprendre"),
            _ => null,
        };
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

    private Membership? FindActor(string name) => Actors.FirstOrDefault(a => a.Active && Same(a.ActorName, name));

    private Funding? FindActiveFunding(string id) => Fundings.FirstOrDefault(f => f.Active && Same(f.FundingId, id));

    private Accompaniment? FindActiveAccompaniment(bool byHub, string? structure) =>
        Accompaniments.FirstOrDefault(a => a.Active && a.Key == Accompaniment.AccompanimentKey(byHub, structure));

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string Describe(bool byHub, string? structure) => byHub ? "le pôle" : $"« {structure} »";
}
