using EctLifecycle.Projects;
using Marten.Events;

namespace EctLifecycle.Privacy;

/// <summary>
/// An erasure at work: the person's name and the pseudonym that replaces it; counts the texts it rewrote. Mentions
/// written alike but for the case (« DUPONT Hélène », « dupont hélène ») get the same pseudonym, as the app counts them
/// as one actor; mentions the app tells apart (« Léa Morel » and « Lea Morel », two actors for it, or the words in the
/// other order) get the pseudonym followed by a number (« Personne 7F3A-2 »), so that no two actors become one and every
/// state and score stays the same.
/// </summary>
public sealed class Masking(PersonName name, string pseudonym)
{
    private readonly Dictionary<string, string> _byWriting = new(StringComparer.Ordinal);

    public PersonName Name => name;
    public string Pseudonym => pseudonym;
    public int TextsRewritten { get; private set; }

    /// <summary>How many events Marten's rules have masked with it.</summary>
    public int EventsMasked { get; private set; }

    internal T Counted<T>(T masked)
    {
        EventsMasked++;
        return masked;
    }

    public string Text(string text)
    {
        var masked = name.ReplaceIn(text, PseudonymOf);
        if (!ReferenceEquals(masked, text)) TextsRewritten++;
        return masked;
    }

    public string? Optional(string? text) => text is null ? null : Text(text);

    // Case as the app's actors ignore it (ProjectState, Indicators: invariant lower case); spaces and accents count.
    private string PseudonymOf(string mention)
    {
        var writing = mention.ToLowerInvariant();
        lock (_byWriting)
        {
            if (!_byWriting.TryGetValue(writing, out var given))
                _byWriting[writing] = given = _byWriting.Count == 0 ? pseudonym : $"{pseudonym}-{_byWriting.Count + 1}";
            return given;
        }
    }
}

/// <summary>
/// Marten's masking rules for every project event type: each one lists the type's texts that people typed (names,
/// notes, reasons, structures, funders, where an imported fact came from…), where the erased name is replaced by the
/// pseudonym, and its codes (ids, logins, grid and criterion ids, funding ids, stop reason codes), left as they are: a
/// test checks that every text of every event type is in exactly one of the two, so that a new field cannot escape an
/// erasure. Marten registers the rules once, when the name to erase is not known yet: they read the erasure in
/// progress in their flow of execution (<see cref="During"/>), and leave an event alone outside of one.
/// </summary>
public static class EventMasks
{
    public sealed record Rule(
        Type Type, IReadOnlyList<string> FreeText, IReadOnlyList<string> Codes,
        Func<IProjectEvent, Masking, IProjectEvent> Mask, Action<IEventStoreOptions> Register);

    /// <summary>Every event's texts: where a fact came from is typed; who logged it is a login.</summary>
    private static readonly string[] SharedFreeText = [nameof(ProjectFact.Source)], SharedCodes = [nameof(IProjectEvent.LoggedBy)];

    public static readonly IReadOnlyList<Rule> Rules =
    [
        For<ProjectRegistered>(["Name", "Sector", "Commune", "Summary"], ["Key"], (e, m) => e with
        {
            Name = m.Text(e.Name), Sector = m.Text(e.Sector), Commune = m.Text(e.Commune), Summary = m.Text(e.Summary),
        }),
        For<CommunePlaced>(["FromText"], ["CommuneCode", "CommuneName"], (e, m) => e with { FromText = m.Optional(e.FromText) }),
        For<ActorJoinedCollective>(["ActorName"], ["IntroducedBy"], (e, m) => e with { ActorName = m.Text(e.ActorName) }),
        For<ActorLeftCollective>(["ActorName", "Reason"], [], (e, m) => e with { ActorName = m.Text(e.ActorName), Reason = m.Text(e.Reason) }),
        For<CarrierIdentified>(["CarrierName"], [], (e, m) => e with { CarrierName = m.Text(e.CarrierName) }),
        For<CarrierLost>(["Reason"], [], (e, m) => e with { Reason = m.Text(e.Reason) }),
        For<CarrierProfiled>(["CarrierName"], [], (e, m) => e with { CarrierName = m.Text(e.CarrierName) }),
        For<BornOf>(["Method"], ["SourceProject"], (e, m) => e with { Method = m.Optional(e.Method) }),
        For<CarryingHandedOver>(["From", "To"], [], (e, m) => e with { From = m.Text(e.From), To = m.Text(e.To) }),
        For<StructuringPathChosen>(["HostStructure"], [], (e, m) => e with { HostStructure = m.Optional(e.HostStructure) }),
        For<LegalFormAdopted>(["OtherLabel"], [], (e, m) => e with { OtherLabel = m.Optional(e.OtherLabel) }),
        For<FundingSecured>(["Funder"], ["FundingId"], (e, m) => e with { Funder = m.Text(e.Funder) }),
        For<FundingEnded>(["Reason"], ["FundingId"], (e, m) => e with { Reason = m.Optional(e.Reason) }),
        For<AccompanimentStarted>(["Structure", "Programme"], [], (e, m) => e with
        {
            Structure = m.Optional(e.Structure), Programme = m.Optional(e.Programme),
        }),
        For<AccompanimentEnded>(["Structure"], [], (e, m) => e with { Structure = m.Optional(e.Structure) }),
        For<ExternalExpertiseSought>(["What", "FromWhom"], [], (e, m) => e with { What = m.Text(e.What), FromWhom = m.Text(e.FromWhom) }),
        For<CriteriaAssessed>(["Scores[].Rationale"], ["GridVersion", "Scores[].CriterionId"], (e, m) => e with
        {
            Scores = e.Scores.Select(s => s with { Rationale = m.Optional(s.Rationale) }).ToList(),
        }),
        For<ProjectPaused>(["Reason"], [], (e, m) => e with { Reason = m.Text(e.Reason) }),
        For<ProjectResumed>(["Note"], [], (e, m) => e with { Note = m.Optional(e.Note) }),
        // Reasons are codes, but stops logged before the list of codes carry the staff's words there (StopReasons): those
        // are masked like any text, the codes left as they are.
        For<ProjectStopped>(["Reasons[]", "Note", "OtherReason", "ActivityTakenOverBy", "AssetsPassedOnTo"], [], (e, m) => e with
        {
            Reasons = e.Reasons.Select(r => StopReasons.Parse(r) is null ? m.Text(r) : r).ToList(),
            Note = m.Optional(e.Note), OtherReason = m.Optional(e.OtherReason),
            ActivityTakenOverBy = m.Optional(e.ActivityTakenOverBy), AssetsPassedOnTo = m.Optional(e.AssetsPassedOnTo),
        }),
        For<FollowUpObserved>(["TakenOverBy", "Note"], [], (e, m) => e with { TakenOverBy = m.Optional(e.TakenOverBy), Note = m.Optional(e.Note) }),
        // The unit is a word of the activity (paniers, tonnes), by which volumes are grouped: kept as a code.
        For<OutputsMeasured>(["Note"], ["ActivityUnit"], (e, m) => e with { Note = m.Optional(e.Note) }),
        For<NoteAdded>(["Text"], [], (e, m) => e with { Text = m.Text(e.Text) }),
        For<NaturalPersonMarked>(["Name"], [], (e, m) => e with { Name = m.Text(e.Name) }),
        For<MilestoneRetracted>(["Reason"], [], (e, m) => e with { Reason = m.Text(e.Reason) }),
    ];

    private static readonly Dictionary<Type, Rule> ByType = Rules.ToDictionary(r => r.Type);

    private static readonly AsyncLocal<Masking?> Current = new();

    /// <summary>Registers every rule with Marten (at start-up, in the store's options).</summary>
    public static void Register(IEventStoreOptions events)
    {
        foreach (var rule in Rules) rule.Register(events);
        DirectoryMasks.Register(events);
        HubEventMasks.Register(events);
    }

    /// <summary>The erasure Marten's rules apply in this flow of execution, if any (the directory's rules read it too).</summary>
    public static Masking? InProgress => Current.Value;

    /// <summary>The event with the name replaced in its texts (the same texts otherwise).</summary>
    public static IProjectEvent Mask(IProjectEvent e, Masking masking) => ByType[e.GetType()].Mask(e, masking);

    /// <summary>Whether one of the event's texts names the person.</summary>
    public static bool Names(IProjectEvent e, PersonName name)
    {
        var probe = new Masking(name, "");
        Mask(e, probe);
        return probe.TextsRewritten > 0;
    }

    /// <summary>Makes <paramref name="masking"/> the erasure that Marten's rules apply in this flow of execution, until disposed.</summary>
    public static IDisposable During(Masking masking)
    {
        Current.Value = masking;
        return new Ending();
    }

    private sealed class Ending : IDisposable
    {
        public void Dispose() => Current.Value = null;
    }

    private static Rule For<T>(string[] freeText, string[] codes, Func<T, Masking, T> mask) where T : ProjectFact, IProjectEvent
    {
        T Masked(T e, Masking m) => mask(e, m) with { Source = m.Optional(e.Source) };
        return new Rule(typeof(T), [.. freeText, .. SharedFreeText], [.. codes, .. SharedCodes],
            (e, m) => Masked((T)e, m),
            events => events.AddMaskingRuleForProtectedInformation<T>(e => Current.Value is { } m ? m.Counted(Masked(e, m)) : e));
    }
}
