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
public sealed class Masking(PersonName name, string pseudonym) : ITextRewriter
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
/// erasure. A milestone's lists and rewriting are its kind's (<see cref="MilestoneKind.FreeText"/>,
/// <see cref="MilestoneKind.Codes"/>, <see cref="MilestoneKind.Rewrite"/>, in its file under Projects/Milestones); the
/// registration's, which is no milestone, are here. Marten registers the rules once, when the name to erase is not known yet: they read the erasure in
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
        .. MilestoneKinds.All.Select(OfKind),
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

    // A kind's rule, for its event type (Marten's registration is generic).
    private static Rule OfKind(MilestoneKind kind) =>
        (Rule)typeof(EventMasks).GetMethod(nameof(ForKind), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(kind.EventType).Invoke(null, [kind])!;

    private static Rule ForKind<T>(MilestoneKind kind) where T : ProjectFact, IProjectEvent =>
        For<T>([.. kind.FreeText], [.. kind.Codes], (e, m) => (T)kind.Rewrite(e, m));

    private static Rule For<T>(string[] freeText, string[] codes, Func<T, Masking, T> mask) where T : ProjectFact, IProjectEvent
    {
        T Masked(T e, Masking m) => mask(e, m) with { Source = m.Optional(e.Source) };
        return new Rule(typeof(T), [.. freeText, .. SharedFreeText], [.. codes, .. SharedCodes],
            (e, m) => Masked((T)e, m),
            events => events.AddMaskingRuleForProtectedInformation<T>(e => Current.Value is { } m ? m.Counted(Masked(e, m)) : e));
    }
}
