namespace EctLifecycle.Projects;

/// <summary>
/// One project's timeline as stored, or null when there is no such project: how a rule across projects reads another
/// project without this folder reading the store (the app passes the kept timelines' read, Timelines/EventStoreReads).
/// </summary>
public delegate Task<ProjectTimeline?> TimelineReader(Guid id, CancellationToken ct);

/// <summary>One stored event of a project's stream, with what the store knows about it.</summary>
public sealed record TimelineEntry(Guid EventId, long Version, DateTimeOffset RecordedAt, IProjectEvent Event);

/// <summary>
/// A project's stream read in business order: effective events (neither retracted nor retractions)
/// sorted by <c>OccurredOn</c>, ties in recording order. History logged late lands in its right place.
/// </summary>
public sealed class ProjectTimeline
{
    public IReadOnlyList<TimelineEntry> Entries { get; }

    /// <summary>Retracted event id -> the retraction that retracted it.</summary>
    public IReadOnlyDictionary<Guid, TimelineEntry> Retractions { get; }

    /// <param name="storedVersion">
    /// The stream's version in the store, when rows the app does not read (an event type it does not know) come after
    /// the last entry: a write appends after the stream's version, not after the last event it could read.
    /// </param>
    public ProjectTimeline(IEnumerable<TimelineEntry> entries, long storedVersion = 0)
    {
        Entries = entries.OrderBy(e => e.Version).ToList();
        _storedVersion = storedVersion;
        Retractions = Entries
            .Where(e => e.Event is MilestoneRetracted)
            .GroupBy(e => ((MilestoneRetracted)e.Event).RetractedEventId)
            .ToDictionary(g => g.Key, g => g.First());
    }

    private ProjectTimeline(
        List<TimelineEntry> entries, Dictionary<Guid, TimelineEntry> retractions, HashSet<Guid?>? violating, TimelineEntry[]? effective,
        Folded? basis, DateOnly changedFrom)
    {
        Entries = entries;
        Retractions = retractions;
        _violating = violating;
        _effective = effective;
        (_basis, _changedFrom) = (basis, changedFrom);
    }

    /// <summary>
    /// This timeline with <paramref name="entry"/> (the stream's next version) appended, without sorting or replaying
    /// again. <paramref name="checkedHere"/>: the entry passed <see cref="CheckAppend"/> on this very timeline, so the
    /// new history breaks no rule that this one did not (and none at all when this one broke none).
    /// </summary>
    public ProjectTimeline WithAppended(TimelineEntry entry, bool checkedHere)
    {
        if (entry.Version != Version + 1)
            throw new ArgumentException($"version {entry.Version} does not follow {Version}", nameof(entry));
        var entries = new List<TimelineEntry>(Entries.Count + 1);
        entries.AddRange(Entries);
        entries.Add(entry);
        var retractions = new Dictionary<Guid, TimelineEntry>(Retractions);
        TimelineEntry[]? effective = null;
        // The business days before the first date the new entry can change keep their fold (see Fold).
        var changedFrom = FirstDateChangedBy(entry.Event) ?? DateOnly.MinValue;
        if (entry.Event is MilestoneRetracted r)
        {
            if (retractions.TryAdd(r.RetractedEventId, entry) && _effective is { } old)
                effective = Array.FindAll(old, e => e.EventId != r.RetractedEventId);
        }
        else if (_effective is { } old)
        {
            // The newest entry sorts after every effective entry of its date or earlier.
            var at = Array.FindLastIndex(old, e => e.Event.OccurredOn <= entry.Event.OccurredOn) + 1;
            effective = new TimelineEntry[old.Length + 1];
            Array.Copy(old, effective, at);
            effective[at] = entry;
            Array.Copy(old, at, effective, at + 1, old.Length - at);
        }
        // The fold is carried over only with the business order it was made on.
        var basis = effective is not null ? _folded : null;
        return new ProjectTimeline(entries, retractions, checkedHere && _violating is { Count: 0 } ? _violating : null, effective, basis, changedFrom);
    }

    public TimelineEntry? Registration => Entries.FirstOrDefault(e => e.Event is ProjectRegistered);

    /// <summary>
    /// The first business date that appending <paramref name="e"/> to this timeline can change: its own date, or for a
    /// retraction the retracted milestone's; null (every date) when the retraction names a milestone this timeline lacks.
    /// </summary>
    public DateOnly? FirstDateChangedBy(IProjectEvent e) => e is MilestoneRetracted r
        ? Entries.FirstOrDefault(x => x.EventId == r.RetractedEventId)?.Event.OccurredOn
        : e.OccurredOn;

    private readonly long _storedVersion;

    public long Version => Math.Max(_storedVersion, Entries.Count == 0 ? 0 : Entries[^1].Version);

    public bool IsRetracted(Guid eventId) => Retractions.ContainsKey(eventId);

    /// <summary>Every entry, retractions included, in business order.</summary>
    public IEnumerable<TimelineEntry> InBusinessOrder() => BusinessOrder(Entries);

    /// <summary>The events that count, in business order.</summary>
    public IEnumerable<TimelineEntry> Effective(DateOnly? asOf = null) =>
        asOf is { } date ? EffectiveInOrder.TakeWhile(e => e.Event.OccurredOn <= date) : EffectiveInOrder;

    // A timeline is immutable and read by many requests (TimelineStore keeps it): its business order is sorted once.
    // Those before a date are a prefix of it, since the order starts with the business date.
    private TimelineEntry[]? _effective;
    private TimelineEntry[] EffectiveInOrder => _effective ??=
        BusinessOrder(Entries.Where(e => e.Event is not MilestoneRetracted && !IsRetracted(e.EventId))).ToArray();

    /// <summary>The state at business date <paramref name="asOf"/>; null before the project emerged.</summary>
    public ProjectState? StateAsOf(DateOnly asOf) => DayAsOf(asOf) is var i and >= 0 ? StateOfDay(i) : null;

    /// <summary>The states at each of <paramref name="dates"/>: null where the project had not emerged yet.</summary>
    public IReadOnlyList<ProjectState?> StatesAt(IReadOnlyList<DateOnly> dates) => dates.Select(StateAsOf).ToArray();

    // Business days: each date that has effective events once the project exists, with the state at its end. A state
    // at a date is the last day's at or before it, the same state the fold of the events to that date gives. Folded
    // once per timeline; every CheckpointEvery-th day's state is kept and the others folded again from the nearest
    // (a few events), which holds an eighth of the states in memory. What is computed per day (the scores under each grid, <c>Scoring/TimelineScores</c>) is kept beside them.
    private const int CheckpointEvery = 8;
    private Folded? _folded;
    private Folded Days
    {
        get
        {
            if (_folded is { } folded) return folded;
            _folded = folded = Fold();
            _basis = null; // taken over: the basis's fold is not held any longer than this one's making
            return folded;
        }
    }

    // The fold of the timeline this one was made from by WithAppended, and the first business date the appended entry can
    // change: the days before that date are the same days with the same states (and the same scores kept beside them), so
    // they are taken over and only the days from it are folded again (a milestone of today folds one day, not the project).
    private Folded? _basis;
    private readonly DateOnly _changedFrom;

    /// <summary>The state after every effective event (the last business day's); null before the project emerged.</summary>
    public ProjectState? Current => DayCount > 0 ? StateOfDay(DayCount - 1) : null;

    private sealed class Folded(DateOnly[] dates, int[] ends, int firstStart, ProjectState[] checkpoints)
    {
        public readonly DateOnly[] Dates = dates;
        public readonly int[] Ends = ends;
        public readonly int FirstStart = firstStart;
        public readonly ProjectState[] Checkpoints = checkpoints;
        public readonly System.Collections.Concurrent.ConcurrentDictionary<object, Array> Kept = new();
    }

    private Folded Fold()
    {
        var dates = new List<DateOnly>();
        var ends = new List<int>();
        var checkpoints = new List<ProjectState>();
        ProjectState? state = null;
        var effective = EffectiveInOrder;
        var firstStart = 0;
        var start = 0;
        // The days of the basis before the change, taken over: their entries sit at the same places in the business order.
        var basis = _basis;
        var kept = basis is null ? 0 : Array.FindIndex(basis.Dates, d => d >= _changedFrom) is var k and >= 0 ? k : basis.Dates.Length;
        if (basis is not null && kept > 0)
        {
            dates.AddRange(basis.Dates.AsSpan(0, kept));
            ends.AddRange(basis.Ends.AsSpan(0, kept));
            checkpoints.AddRange(basis.Checkpoints.AsSpan(0, (kept - 1) / CheckpointEvery + 1));
            firstStart = basis.FirstStart;
            state = StateOfDay(basis, kept - 1, effective);
            start = basis.Ends[kept - 1];
        }
        for (var i = start; i < effective.Length; i++)
        {
            var e = effective[i].Event;
            state = Step(state, e);
            if (i < effective.Length - 1 && effective[i + 1].Event.OccurredOn == e.OccurredOn) continue;
            if (state is null) { firstStart = i + 1; continue; }
            if (dates.Count % CheckpointEvery == 0) checkpoints.Add(state);
            dates.Add(e.OccurredOn);
            ends.Add(i + 1);
        }
        var folded = new Folded(dates.ToArray(), ends.ToArray(), firstStart, checkpoints.ToArray());
        if (basis is not null && kept > 0)
            foreach (var (key, perDay) in basis.Kept)
            {
                var taken = Array.CreateInstance(perDay.GetType().GetElementType()!, folded.Dates.Length);
                Array.Copy(perDay, taken, Math.Min(kept, taken.Length));
                folded.Kept.TryAdd(key, taken);
            }
        return folded;
    }

    /// <summary>How many business days the project has had (see <see cref="DayAsOf"/>).</summary>
    public int DayCount => Days.Dates.Length;

    /// <summary>The index of the last business day at or before <paramref name="asOf"/>, or -1 before the project emerged.</summary>
    public int DayAsOf(DateOnly asOf)
    {
        var dates = Days.Dates;
        int lo = 0, hi = dates.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (dates[mid] <= asOf) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found;
    }

    public DateOnly DateOfDay(int day) => Days.Dates[day];

    /// <summary>The effective events of a business day, in business order.</summary>
    public IReadOnlyList<TimelineEntry> EventsOfDay(int day)
    {
        var d = Days;
        var start = day == 0 ? d.FirstStart : d.Ends[day - 1];
        return new ArraySegment<TimelineEntry>(EffectiveInOrder, start, d.Ends[day] - start);
    }

    /// <summary>The state at the end of a business day.</summary>
    public ProjectState StateOfDay(int day) => StateOfDay(Days, day, EffectiveInOrder);

    private static ProjectState StateOfDay(Folded d, int day, TimelineEntry[] effective)
    {
        var checkpoint = day / CheckpointEvery * CheckpointEvery;
        var state = d.Checkpoints[day / CheckpointEvery];
        for (var i = d.Ends[checkpoint]; i < d.Ends[day]; i++) state = state.Apply(effective[i].Event);
        return state;
    }

    /// <summary>
    /// One slot per business day, kept with this timeline's fold under <paramref name="key"/>: what readers compute per
    /// day (a grid's scores) is computed once per timeline.
    /// </summary>
    public T?[] KeptPerDay<T>(object key) where T : class => (T?[])Days.Kept.GetOrAdd(key, _ => new T?[DayCount]);

    /// <summary>
    /// Every business day's state from day <paramref name="from"/> on, folding forward once (reading each day with
    /// <see cref="StateOfDay(int)"/> folds again from the nearest kept state, up to <c>CheckpointEvery - 1</c> days).
    /// </summary>
    public IEnumerable<ProjectState> StatesOfDays(int from = 0)
    {
        var d = Days;
        if (from >= d.Dates.Length) yield break;
        var state = StateOfDay(d, from, EffectiveInOrder);
        for (var day = from; day < d.Dates.Length; day++)
        {
            if (day > from) for (var i = d.Ends[day - 1]; i < d.Ends[day]; i++) state = state.Apply(EffectiveInOrder[i].Event);
            yield return state;
        }
    }

    /// <summary>The timeline as the records stood at <paramref name="recordedBy"/>: later entries, and their retractions, unknown.</summary>
    public ProjectTimeline KnownAt(DateTimeOffset recordedBy) => new(Entries.Where(e => e.RecordedAt <= recordedBy));

    public static ProjectState? Fold(IEnumerable<TimelineEntry> ordered)
    {
        ProjectState? state = null;
        foreach (var entry in ordered) state = Step(state, entry.Event);
        return state;
    }

    /// <summary>One step of the fold: the registration starts the state, nothing exists before it, then each event applies.</summary>
    public static ProjectState? Step(ProjectState? state, IProjectEvent e) =>
        state is null ? e is ProjectRegistered r ? ProjectState.Create(r) : null : state.Apply(e);

    /// <summary>
    /// The timeline as it would be with <paramref name="candidate"/> appended.
    /// Returns the first rule the new history breaks, blaming the candidate or an existing milestone it invalidates.
    /// </summary>
    public RuleViolation? CheckAppend(IProjectEvent candidate, Guid candidateId)
    {
        if (candidate is NaturalPersonMarked mark && NaturalPersons.UnknownName(mark, Entries, null) is { } unknown) return unknown;
        if (candidate is MilestoneRetracted r)
        {
            if (Entries.FirstOrDefault(e => e.EventId == r.RetractedEventId) is not { } target)
                return new RuleViolation("unknownEvent", $"aucun jalon d'identifiant {r.RetractedEventId} dans ce projet", null);
            if (target.Event is ProjectRegistered)
                return new RuleViolation("registrationNotRetractable", "l'enregistrement du projet ne peut pas être retiré", target.EventId);
            if (target.Event is MilestoneRetracted)
                return new RuleViolation("retractionNotRetractable", "un retrait ne peut pas être retiré", target.EventId);
            if (IsRetracted(target.EventId))
                return new RuleViolation("alreadyRetracted", "ce jalon est déjà retiré", target.EventId);
        }

        var before = _violating ??= Violations().Select(v => v.EventId).ToHashSet();
        var broken = (candidate is MilestoneRetracted retraction
                ? ViolationsWithout(retraction.RetractedEventId)
                : ViolationsWith(candidate, candidateId))
            ?? new ProjectTimeline(Entries.Append(new TimelineEntry(candidateId, Version + 1, DateTimeOffset.MaxValue, candidate))).Violations();
        var first = broken.FirstOrDefault(v => !before.Contains(v.EventId));
        return first is null ? null
            : first.EventId == candidateId
                ? first with { EventId = null }
                : first with { Message = $"ce jalon rendrait incohérent le jalon existant {Named(first.EventId)} : {first.Message}" };
    }

    private HashSet<Guid?>? _violating;

    /// <summary>A milestone as a person knows it: « Porteur identifié » du 12/03/2019, not its event id.</summary>
    public string Named(Guid? eventId) => Entries.FirstOrDefault(e => e.EventId == eventId) is { } e
        ? $"« {FrenchLabels.MilestoneTypes[MilestoneKinds.TypeOf(e.Event)]} » du {e.Event.OccurredOn:dd/MM/yyyy}"
        : "d'une autre date";

    /// <summary>
    /// The replay of the history with <paramref name="candidate"/> added, from the candidate on (null when the candidate
    /// precedes the project's emergence: the caller replays the whole new history). Being the newest, the candidate
    /// sorts after every effective event of its date or earlier, so the history up to it replays as it does now (its
    /// violations are already known); only the candidate and later events can break a rule anew, and only until the
    /// replay with the candidate is back in the same rule-relevant state as the replay without it.
    /// </summary>
    private IEnumerable<RuleViolation>? ViolationsWith(IProjectEvent candidate, Guid candidateId)
    {
        var effective = EffectiveInOrder;
        var next = 0;
        ProjectState? state = null;
        for (; next < effective.Length && effective[next].Event.OccurredOn <= candidate.OccurredOn; next++)
            state = Step(state, effective[next].Event);
        return state is null ? null : Diverging(state.Violation(candidate) is var (code, message)
            ? new RuleViolation(code, message, candidateId) : null, state.Apply(candidate), state, next);
    }

    /// <summary>
    /// The replay of the history without the effective event <paramref name="retractedId"/>, from where it stood on
    /// (null when it precedes the project's emergence: the caller replays the whole new history).
    /// </summary>
    private IEnumerable<RuleViolation>? ViolationsWithout(Guid retractedId)
    {
        var effective = EffectiveInOrder;
        var at = Array.FindIndex(effective, e => e.EventId == retractedId);
        if (at < 0) return [];
        ProjectState? state = null;
        for (var i = 0; i < at; i++) state = Step(state, effective[i].Event);
        return state is null ? null : Diverging(null, state, state.Apply(effective[at].Event), at + 1);
    }

    /// <summary>
    /// Replays the events from <paramref name="next"/> on in two histories at once, the new one and the stored one,
    /// listing what breaks in the new one, until both stand in the same rule-relevant state: from there on they replay
    /// alike, and the stored history's violations are known.
    /// </summary>
    private IEnumerable<RuleViolation> Diverging(RuleViolation? first, ProjectState changed, ProjectState stored, int next)
    {
        if (first is not null) yield return first;
        var effective = EffectiveInOrder;
        for (; next < effective.Length && !changed.SameRulesAs(stored); next++)
        {
            var entry = effective[next];
            if (changed.Violation(entry.Event) is var (code, message)) yield return new RuleViolation(code, message, entry.EventId);
            changed = changed.Apply(entry.Event);
            stored = stored.Apply(entry.Event);
        }
    }

    /// <summary>Replays the effective history and lists every milestone that breaks a rule where it stands.</summary>
    public IEnumerable<RuleViolation> Violations()
    {
        ProjectState? state = null;
        foreach (var entry in Effective())
        {
            if (state is null)
            {
                if (entry.Event is ProjectRegistered r) state = ProjectState.Create(r);
                else yield return new RuleViolation("beforeEmergence",
                    $"le jalon du {entry.Event.OccurredOn:dd/MM/yyyy} précède l'émergence du projet ({Registration?.Event.OccurredOn:dd/MM/yyyy})",
                    entry.EventId);
                continue;
            }
            if (state.Violation(entry.Event) is var (code, message))
                yield return new RuleViolation(code, message, entry.EventId);
            else if (entry.Event is NaturalPersonMarked mark && NaturalPersons.UnknownName(mark, Entries, entry.EventId) is { } unknown)
                yield return unknown;
            state = state.Apply(entry.Event);
        }
    }

    private static IEnumerable<TimelineEntry> BusinessOrder(IEnumerable<TimelineEntry> entries) =>
        entries.OrderBy(e => e.Event.OccurredOn).ThenBy(e => e.Version);
}

public sealed record RuleViolation(string Code, string Message, Guid? EventId);

