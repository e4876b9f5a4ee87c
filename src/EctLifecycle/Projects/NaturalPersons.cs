namespace EctLifecycle.Projects;

/// <summary>How a name is named in a project: as an actor (with its kind and role), or as a carrier.</summary>
public sealed record PersonRole(string Type, ActorKind? Kind = null, ActorRole? Role = null);

/// <summary>
/// What a project's effective facts say of one name (an actor, a carrier, or a name staff marked): the latest mark, the
/// actors' and carriers' own flags, and whether the rule counts it when none of them says.
/// </summary>
public sealed record NamedInProject(string Key, string Name, bool? Marked, bool? Flagged, bool ByRule, IReadOnlyList<PersonRole> Roles)
{
    /// <summary>What staff said: the latest mark, else the flags (true if one says so, false if all say not), else null.</summary>
    public bool? Said => Marked ?? Flagged;

    public bool IsPerson => Said ?? ByRule;
}

/// <summary>
/// Which names of a project are natural persons', whose names are personal data that a person may ask to erase. Staff
/// say it: a flag on an actor's arrival, a carrier's identification or a handover (to its new carrier), and a mark
/// (<see cref="NaturalPersonMarked"/>) for any name, which also corrects them. When nothing was said, <see cref="Rule"/>
/// decides. None of it changes a state or a score.
/// </summary>
public static class NaturalPersons
{
    /// <summary>Actors of these kinds count as natural persons when nothing says whether they are.</summary>
    public static readonly IReadOnlySet<ActorKind> KindsCountedWhenNotSaid = new HashSet<ActorKind> { ActorKind.Inhabitant };

    /// <summary>The rule for the facts that do not say, as staff read it.</summary>
    public const string Rule =
        "Quand rien ne dit si un nom est celui d'une personne physique, un acteur de type « Habitant » en est une ; " +
        "les autres acteurs, les porteurs et les noms cités n'en sont pas.";

    /// <summary>Why the forms ask.</summary>
    public const string FormHelp =
        "Le nom d'une personne physique est une donnée personnelle : elle peut en demander l'effacement (RGPD).";

    /// <summary>« (personne physique) » after a name, when staff said so.</summary>
    public static string Said(bool? said) => said == true ? " (personne physique)" : "";

    public static bool CountedWhenNotSaid(ActorKind kind) => KindsCountedWhenNotSaid.Contains(kind);

    /// <summary>Whether an actor's arrival names a natural person: as it says, else by the rule.</summary>
    public static bool IsPerson(ActorJoinedCollective j) => j.NaturalPerson ?? CountedWhenNotSaid(j.Kind);

    /// <summary>
    /// The names the project's effective facts up to <paramref name="asOf"/> name as actors, carriers or in marks, by
    /// key (<see cref="NameFinder.KeyOf"/>). Retracted facts say nothing, as everywhere else.
    /// </summary>
    public static IReadOnlyDictionary<string, NamedInProject> Of(ProjectTimeline timeline, DateOnly? asOf = null)
    {
        var names = new Dictionary<string, NamedInProject>(StringComparer.Ordinal);
        void Note(string name, bool? flag = null, bool byRule = false, PersonRole? role = null, bool? mark = null)
        {
            var key = NameFinder.KeyOf(name);
            if (key.Length == 0) return;
            var named = names.GetValueOrDefault(key) ?? new NamedInProject(key, name.Trim(), null, null, false, []);
            names[key] = named with
            {
                Marked = mark ?? named.Marked,
                Flagged = flag is null ? named.Flagged : named.Flagged == true || flag.Value,
                ByRule = named.ByRule || byRule,
                Roles = role is null || named.Roles.Contains(role) ? named.Roles : [.. named.Roles, role],
            };
        }
        foreach (var entry in timeline.Effective(asOf))
        {
            switch (entry.Event)
            {
                case ActorJoinedCollective j:
                    Note(j.ActorName, j.NaturalPerson, CountedWhenNotSaid(j.Kind), new PersonRole("actorJoined", j.Kind, j.Role));
                    break;
                case CarrierIdentified c:
                    Note(c.CarrierName, c.NaturalPerson, role: new PersonRole("carrierIdentified"));
                    break;
                case CarryingHandedOver h:
                    Note(h.From, role: new PersonRole("carryingHandedOver"));
                    Note(h.To, h.ToNaturalPerson, role: new PersonRole("carryingHandedOver"));
                    break;
                case NaturalPersonMarked m:
                    Note(m.Name, mark: m.NaturalPerson);
                    break;
            }
        }
        return names;
    }

    /// <summary>Whether <paramref name="name"/> is a natural person's in the project, by what its facts up to <paramref name="asOf"/> say.</summary>
    public static bool IsPerson(ProjectTimeline timeline, string name, DateOnly? asOf = null) =>
        Of(timeline, asOf).TryGetValue(NameFinder.KeyOf(name), out var named) && named.IsPerson;

    /// <summary>Whether an event of the project other than a mark holds <paramref name="name"/>, retracted ones included.</summary>
    public static bool Names(IEnumerable<TimelineEntry> entries, string name)
    {
        var finder = new NameFinder([name]);
        if (finder.IsEmpty) return false;
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry.Event is NaturalPersonMarked) continue;
            foreach (var text in EventTexts.Of(entry.Event))
            {
                finder.FindIn(text, found);
                if (found.Count > 0) return true;
            }
        }
        return false;
    }

    /// <summary>The rule a mark breaks when no other fact of the project holds its name (a typo would register a stray name).</summary>
    public static RuleViolation? UnknownName(NaturalPersonMarked mark, IEnumerable<TimelineEntry> entries, Guid? eventId) =>
        Names(entries, mark.Name) ? null
            : new RuleViolation("nameNotInProject",
                $"le nom « {mark.Name} » n'apparaît dans aucun jalon du projet : marquez un nom tel qu'il a été saisi", eventId);
}
