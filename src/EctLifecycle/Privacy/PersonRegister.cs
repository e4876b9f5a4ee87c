using EctLifecycle.Projects;

namespace EctLifecycle.Privacy;

/// <summary>
/// Why a name is in a project's row of the register: staff said it is a natural person's there (a flag or a mark), the
/// rule counts it (an inhabitant nothing said of), staff said it is not one there, or the project only holds the name
/// (in a note, a reason, what remains of a stop…) while another project says it is a person's.
/// </summary>
public enum PersonBasis { Said, Rule, SaidNot, NamedOnly }

/// <summary>
/// One project where a registered name appears: its roles there (as an actor, a carrier), the milestone types whose
/// other texts cite it, and how many of the project's events hold it, retracted ones and retractions included (they are
/// stored too). <c>EraseUrl</c>: the erasure page for the name in this project.
/// </summary>
public sealed record PersonInProject(
    Guid ProjectId, string Key, string ProjectName, PersonBasis Basis, IReadOnlyList<PersonRole> Roles,
    IReadOnlyList<string> MentionedIn, int Events, string EraseUrl);

public sealed record RegisteredPerson(string Name, int Events, IReadOnlyList<PersonInProject> Projects);

/// <summary>The register of the natural persons the projects name, and the rule applied where nothing was said.</summary>
public sealed record PersonRegisterView(string Rule, IReadOnlyList<RegisteredPerson> Persons);

/// <summary>
/// The register of the persons named: every name that a project's facts say (or the rule counts) is a natural
/// person's, with every project whose events hold it, read from the timelines the app keeps. Names are matched by
/// their words, case ignored (<see cref="NameFinder"/>), so a name is found in free texts too.
/// </summary>
public static class PersonRegister
{
    /// <summary>
    /// The register from every project's timeline read twice, a chunk at a time and none kept (<paramref name="timelines"/>
    /// starts a new read): the names the facts say are persons', then where each is found. The memory holds the names and
    /// the register, not the event store.
    /// </summary>
    public static async Task<PersonRegisterView> OfAsync(Func<IAsyncEnumerable<ProjectTimeline>> timelines, CancellationToken ct)
    {
        var spelled = new Dictionary<string, string>(StringComparer.Ordinal);
        // Each project's named persons, kept from the first read for the second (only the projects that name someone).
        var namedIn = new Dictionary<Guid, IReadOnlyDictionary<string, NamedInProject>>();
        await foreach (var timeline in timelines().WithCancellation(ct))
        {
            if (timeline.Registration is null) continue;
            var named = NaturalPersons.Of(timeline);
            if (named.Count == 0) continue;
            namedIn[((ProjectRegistered)timeline.Registration.Event).ProjectId] = named;
            foreach (var person in named.Values.Where(n => n.IsPerson)) spelled.TryAdd(person.Key, person.Name);
        }
        var finder = new NameFinder(spelled.Values);

        var rows = new Dictionary<string, List<PersonInProject>>(StringComparer.Ordinal);
        await foreach (var timeline in timelines().WithCancellation(ct))
        {
            if (timeline.Registration is null) continue;
            var registration = (ProjectRegistered)timeline.Registration.Event;
            var counts = new Dictionary<string, (int Events, SortedSet<string> MentionedIn)>(StringComparer.Ordinal);
            foreach (var entry in timeline.Entries)
            {
                var found = finder.FindIn(entry.Event);
                if (found.Count == 0) continue;
                var subjects = Subjects(entry.Event);
                foreach (var key in found)
                {
                    var (events, mentionedIn) = counts.TryGetValue(key, out var c) ? c : (0, new SortedSet<string>(StringComparer.Ordinal));
                    if (!subjects.Contains(key)) mentionedIn.Add(MilestoneKinds.TypeOf(entry.Event));
                    counts[key] = (events + 1, mentionedIn);
                }
            }
            if (counts.Count == 0) continue;
            var named = namedIn.GetValueOrDefault(registration.ProjectId);
            foreach (var (key, (events, mentionedIn)) in counts)
            {
                var here = named?.GetValueOrDefault(key);
                var basis = here?.Said switch
                {
                    true => PersonBasis.Said,
                    false => PersonBasis.SaidNot,
                    null when here?.ByRule == true => PersonBasis.Rule,
                    _ => PersonBasis.NamedOnly,
                };
                if (!rows.TryGetValue(key, out var list)) rows[key] = list = [];
                list.Add(new PersonInProject(registration.ProjectId, ProjectKey.Of(registration), registration.Name, basis,
                    here?.Roles ?? [], mentionedIn.ToList(), events, EraseUrl(spelled[key], registration.ProjectId)));
            }
        }
        // Projects in the order they were registered.
        var persons = rows.Select(r => new RegisteredPerson(spelled[r.Key], r.Value.Sum(p => p.Events), r.Value))
            .OrderBy(p => p.Name, French).ToList();
        return new PersonRegisterView(NaturalPersons.Rule, persons);
    }

    /// <summary>The erasure page for a name in one project.</summary>
    public static string EraseUrl(string name, Guid projectId) => $"/effacements?nom={Uri.EscapeDataString(name)}&projet={projectId}";

    private static readonly StringComparer French =
        StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("fr-FR"), System.Globalization.CompareOptions.IgnoreCase);

    /// <summary>The keys of the names an event is about (an actor, a carrier, a marked name), as against names its texts cite.</summary>
    private static HashSet<string> Subjects(IProjectEvent e) => (e switch
    {
        ActorJoinedCollective j => new[] { j.ActorName },
        ActorLeftCollective l => [l.ActorName],
        CarrierIdentified c => [c.CarrierName],
        CarrierProfiled p => [p.CarrierName],
        CarryingHandedOver h => [h.From, h.To],
        NaturalPersonMarked m => [m.Name],
        _ => [],
    }).Select(NameFinder.KeyOf).ToHashSet(StringComparer.Ordinal);
}
