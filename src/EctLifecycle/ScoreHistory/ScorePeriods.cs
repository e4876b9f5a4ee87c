using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;

namespace EctLifecycle.ScoreHistory;

/// <summary>
/// A project's timeline cut into score periods under each grid: the fold the score history projection stores. Pure: the
/// same timeline and grids give the same rows, whoever folds them (the projection, the import, a rebuild, a test).
/// </summary>
public static class ScorePeriods
{
    /// <summary>
    /// The version of what a period holds: raised when a version of the app stores more in each period (the grids'
    /// fingerprints change with it, so the next start rebuilds the score history, as for a changed grid file).
    /// 2: the watch list's evidence and the stop (2026-12-02). 3: the carrier's type, status and time given (2026-12-04).
    /// 4: the anniversaries of the alignment anchors (<see cref="ScorePeriod.Anniversaries"/>, 2026-12-04). 5: the carriers
    /// so far, the carrier's directory actor and the origins (<see cref="ScorePeriod.Carriers"/>, the lineage's), and the
    /// latest outputs (<see cref="ScorePeriod.Outputs"/>, the outputs' analysis's; 2026-12-04).
    /// </summary>
    public const int RowsVersion = 5;

    /// <summary>
    /// The fingerprint of what a grid's periods are computed from (<see cref="ScoredContent"/>) and of
    /// <see cref="RowsVersion"/>: its periods are stale when the grid file scores otherwise, or when they were computed by a
    /// version of the app that stored less in them. The grid's words (its title and description, the pillars' and criteria's
    /// labels, the levels' descriptions) are left out: no period holds them, so a file whose words only are edited is read
    /// at the next start without rebuilding the score history.
    /// </summary>
    public static string Fingerprint(Grid grid) => Fingerprints.GetValue(grid, g =>
        Convert.ToHexString(SHA256.HashData([.. JsonSerializer.SerializeToUtf8Bytes(ScoredContent.Of(g)), .. BitConverter.GetBytes(RowsVersion)]))[..16].ToLowerInvariant());

    /// <summary>
    /// What of a grid file the periods follow: its version, threshold and comparison, the hub's interim carrying, its pillars
    /// and each criterion's pillar, source and rule (indicator, thresholds, map, default), in the file's order of the criteria.
    /// </summary>
    public sealed record ScoredContent(
        string Version, int Threshold, ThresholdComparison ThresholdComparison, bool HubInterimCarryingCounts,
        IReadOnlyList<string> Pillars, IReadOnlyList<ScoredCriterion> Criteria)
    {
        /// <summary>
        /// The properties of a grid, a pillar and a criterion that a period depends on, as Type.Property; every other one is
        /// in <see cref="Words"/> (a test keeps the two lists whole, and each rule listed here changing the fingerprint).
        /// </summary>
        public static readonly IReadOnlyList<string> Scored =
        [
            .. new[] { nameof(Grid.Version), nameof(Grid.Threshold), nameof(Grid.ThresholdComparison), nameof(Grid.HubInterimCarryingCounts), nameof(Grid.Pillars), nameof(Grid.Criteria) }
                .Select(p => $"{nameof(Grid)}.{p}"),
            $"{nameof(Pillar)}.{nameof(Pillar.Id)}",
            .. typeof(ScoredCriterion).GetProperties().Select(p => $"{nameof(Criterion)}.{p.Name}"),
        ];

        /// <summary>The grid's, pillars' and criteria's words, which no period holds, as Type.Property.</summary>
        public static readonly IReadOnlyList<string> Words =
        [
            $"{nameof(Grid)}.{nameof(Grid.Title)}", $"{nameof(Grid)}.{nameof(Grid.Description)}", $"{nameof(Pillar)}.{nameof(Pillar.Label)}",
            $"{nameof(Criterion)}.{nameof(Criterion.Label)}", $"{nameof(Criterion)}.{nameof(Criterion.Levels)}",
        ];

        public static ScoredContent Of(Grid grid) => new(
            grid.Version, grid.Threshold, grid.ThresholdComparison, grid.HubInterimCarryingCounts,
            grid.Pillars.Select(p => p.Id).Order(StringComparer.Ordinal).ToList(),
            grid.Criteria.Select(c => new ScoredCriterion(c.Id, c.Pillar, c.Source, c.Indicator, c.Thresholds,
                c.Map?.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => new KeyValuePair<string, int>(x.Key, x.Value)).ToList(),
                c.Default)).ToList());
    }

    /// <summary>A criterion as its points are computed (<see cref="ScoredContent"/>).</summary>
    public sealed record ScoredCriterion(
        string Id, string Pillar, CriterionSource Source, string? Indicator, IReadOnlyList<Threshold>? Thresholds,
        IReadOnlyList<KeyValuePair<string, int>>? Map, int? Default);

    // A grid is immutable: its fingerprint is computed once (every write's periods carry it).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Grid, string> Fingerprints = new();

    /// <summary>
    /// Every period of <paramref name="timeline"/> under each of <paramref name="grids"/>, in business order per grid; none
    /// for a timeline without a registration. <paramref name="registrationSequence"/> is the sequence of the stream's first
    /// event (the portfolio's order).
    /// </summary>
    public static IReadOnlyList<ScorePeriod> Of(ProjectTimeline timeline, IEnumerable<Grid> grids, long registrationSequence) =>
        Since(timeline, grids, registrationSequence, null).SelectMany(g => g.Rows).ToList();

    /// <summary>The periods of one grid that a change rewrites: those from <see cref="From"/> on (all of them when null).</summary>
    public sealed record Rewritten(Grid Grid, DateOnly? From, IReadOnlyList<ScorePeriod> Rows);

    /// <summary>
    /// The periods of <paramref name="timeline"/> that events dated from <paramref name="changedFrom"/> on may have changed,
    /// per grid: the business days before that date hold the same state as before, so the periods that end before it stay
    /// as stored, and the one holding the day before it is rewritten from its first day (its end may move). Null: every period.
    /// </summary>
    public static IReadOnlyList<Rewritten> Since(ProjectTimeline timeline, IEnumerable<Grid> grids, long registrationSequence, DateOnly? changedFrom)
    {
        if (timeline.Registration?.Event is not ProjectRegistered registration || timeline.DayCount == 0)
            return grids.Select(g => new Rewritten(g, null, [])).ToList();
        var key = ProjectKey.Of(registration);
        var days = timeline.DayCount;
        var anchorsByDay = new Anchors[days];
        var anchors = new Anchors();
        for (var day = 0; day < days; day++)
        {
            foreach (var e in timeline.EventsOfDay(day)) anchors = anchors.After(e.Event);
            anchorsByDay[day] = anchors;
        }
        // The alignment anchors of the whole timeline, whose anniversaries each period marks: the rows before the change keep
        // theirs only while these are the same (the projection rewrites every period when they moved: AlignmentAnchors).
        var anniversaries = ScorePeriod.AnniversaryDays(AlignmentAnchors(anchors, registration.OccurredOn));
        // The first business day dated on or after the change: the days before it are as they were.
        var changedDay = changedFrom is { } since ? timeline.DayAsOf(since.AddDays(-1)) + 1 : 0;
        var states = new (ProjectState State, Indicators Indicators)?[days];
        // The days from the one before the change on, folded forward once: every grid reads each of them.
        var forward = Math.Max(0, changedDay - 1);
        foreach (var state in timeline.StatesOfDays(forward)) states[forward++] = (state, Indicators.Of(state));
        (ProjectState State, Indicators Indicators) StateOf(int day) =>
            states[day] ??= timeline.StateOfDay(day) is var state ? (state, Indicators.Of(state)) : default;
        var result = new List<Rewritten>();
        foreach (var grid in grids)
        {
            var fingerprint = Fingerprint(grid);
            // The period holding the day before the change starts where the row last changed before it.
            var first = 0;
            ScorePeriod? open = null;
            ScorePeriod RowOf(int day) => StateOf(day) is var (state, indicators) ? Row(state, grid, anchorsByDay[day], indicators, open) : null!;
            if (changedDay > 0)
            {
                first = changedDay - 1;
                open = RowOf(first);
                while (first > 0 && RowOf(first - 1) is var earlier && SameState(earlier, open)) first--;
                Place(open, first);
            }
            var rows = open is null ? new List<ScorePeriod>() : [open];
            for (var day = open is null ? 0 : changedDay; day < days; day++)
            {
                var row = RowOf(day);
                if (open is not null && SameState(open, row)) continue;
                if (open is not null) open.To = timeline.DateOfDay(day);
                Place(row, day);
                rows.Add(row);
                open = row;
            }
            foreach (var row in rows) row.Anniversaries = ScorePeriod.AnniversariesOf(row.From, row.To, anniversaries);
            result.Add(new Rewritten(grid, changedFrom is null || first == 0 ? null : timeline.DateOfDay(first), rows));

            void Place(ScorePeriod row, int day)
            {
                var date = timeline.DateOfDay(day);
                row.Id = ScorePeriod.IdOf(registration.ProjectId, grid.Version, date);
                row.ProjectId = registration.ProjectId;
                row.Grid = grid.Version;
                row.GridFingerprint = fingerprint;
                row.From = date;
                row.StreamVersion = timeline.Version;
                row.RegistrationSequence = registrationSequence;
                row.Key = key;
            }
        }
        return result;
    }

    /// <summary>
    /// The alignment anchors whose anniversaries the periods mark (<see cref="ScorePeriod.Anniversaries"/>), in the order of
    /// <see cref="ScorePeriod.AnniversaryAnchor"/>, from the anchors at the timeline's last day and the emergence's day (the
    /// registration's business date).
    /// </summary>
    public static DateOnly?[] AlignmentAnchors(Anchors last, DateOnly emergedOn) =>
        [last.HubSupportEnded, last.LegalFormAdopted, last.CarrierLost, last.FirstFunding, emergedOn];

    /// <summary>
    /// The alignment anchors of <paramref name="timeline"/> as a whole (<see cref="AlignmentAnchors(Anchors, DateOnly)"/>),
    /// folded over its business days as <see cref="Since"/> folds them (an event dated before the emergence, which an
    /// older import may have let stand, is on no business day and moves no anchor); null without a registration. Each write
    /// folds them twice (before and after it): the assessments, which move none of them and whose peaks are the costly
    /// part of <see cref="Anchors.After"/>, are skipped.
    /// </summary>
    public static DateOnly?[]? AlignmentAnchors(ProjectTimeline timeline)
    {
        if (timeline.Registration?.Event is not ProjectRegistered registration) return null;
        var anchors = new Anchors();
        for (var day = 0; day < timeline.DayCount; day++)
            foreach (var e in timeline.EventsOfDay(day))
                if (e.Event is not CriteriaAssessed) anchors = anchors.After(e.Event);
        return AlignmentAnchors(anchors, registration.OccurredOn);
    }

    /// <summary>
    /// The row of <paramref name="timeline"/>'s state at <paramref name="date"/> under <paramref name="grid"/>, without its
    /// place (id, project, grid, dates), as the period holding then says it; null before the project emerged. One day's row:
    /// for a question about one date, where <see cref="Of"/> would score every day of the project.
    /// </summary>
    public static ScorePeriod? RowAsOf(ProjectTimeline timeline, DateOnly date, Grid grid)
    {
        if (timeline.StateAsOf(date) is not { } state) return null;
        var anchors = new Anchors();
        foreach (var e in timeline.Effective(date)) anchors = anchors.After(e.Event);
        return Row(state, grid, anchors);
    }

    /// <summary>The row of one state under one grid, without its place (id, project, grid, dates), which the caller sets.</summary>
    public static ScorePeriod Row(ProjectState state, Grid grid, Anchors anchors) => Row(state, grid, anchors, Indicators.Of(state));

    /// <summary>
    /// <see cref="Row(ProjectState, Grid, Anchors)"/> with the state's indicators, computed once for every grid. The row's
    /// collections that would equal those of <paramref name="previous"/> (the grid's row of an earlier day) are that row's:
    /// a project's rows differ in a field or two from one day to the next, and every business day of every project is
    /// scored (nothing changes the collections of a row once made).
    /// </summary>
    public static ScorePeriod Row(ProjectState state, Grid grid, Anchors anchors, Indicators indicators, ScorePeriod? previous = null)
    {
        var shape = Shapes.GetValue(grid, g => new GridShape(g));
        var points = shape.Points.Value!;
        var score = Scorer.PointsInto(grid, state, indicators, points);
        var criteria = grid.Criteria;
        var means = shape.Means.Value!;
        for (var p = 0; p < shape.PillarCriteria.Length; p++)
        {
            var sum = 0;
            foreach (var i in shape.PillarCriteria[p]) sum += points[i];
            means[p] = Scorer.PillarMean(sum, shape.PillarCriteria[p].Length);
        }
        var peaks = anchors.AssessedPeaks;
        var reasons = state.Stopped?.Reasons;
        return new ScorePeriod
        {
            Name = state.Name,
            Sector = state.Sector,
            Commune = state.Commune,
            CommuneCode = state.CommuneCode,
            Summary = state.Summary,
            EmergedOn = state.EmergedOn,
            EmergenceYear = state.EmergedOn.Year,
            EmergenceContext = state.EmergenceContext.Wire(),
            HubRole = state.HubRole.Wire(),
            InspiredElsewhere = state.InspiredElsewhere,
            Stage = state.Stage.Wire(),
            Score = score,
            MaxScore = grid.MaxScore,
            EctPotential = grid.Reaches(score),
            Pillars = previous is not null && SamePillars(previous.Pillars, grid, means) ? previous.Pillars : PillarsOf(grid, means),
            Criteria = previous is not null && SamePoints(previous.Criteria, criteria, points) ? previous.Criteria : CriteriaOf(criteria, points),
            NeverAssessed = previous is not null && SameNeverAssessed(previous.NeverAssessed, shape.Assessed, state) ? previous.NeverAssessed
                : shape.Assessed.Where(c => !state.Assessments.ContainsKey(c)).ToList(),
            AssessedPeaks = peaks is null ? previous is { AssessedPeaks.Count: 0 } ? previous.AssessedPeaks : []
                : previous is not null && SameEntries(previous.AssessedPeaks, peaks) ? previous.AssessedPeaks : peaks,
            LegalForm = state.LegalForm?.Form.Wire(),
            LegalFormInEss = state.LegalForm?.InEss ?? false,
            Path = state.Path?.Wire(),
            Governance = indicators.Governance,
            HubAccompanimentActive = indicators.HubAccompanimentActive,
            EverAccompaniedByHub = state.EverAccompaniedByHub,
            // Under the grid: the hub's interim carrying is a carrier only where the grid counts it (Grid.HubInterimCarryingCounts).
            CarrierPresent = indicators.Numeric("carrierPresent", grid) > 0,
            CarrierName = state.Carrier?.Name,
            CarrierType = state.Carrier is { } carrier ? CarrierTypes.GroupOf(carrier) : null,
            CarrierStatus = state.Carrier is { } profiled ? profiled.Profile?.Status?.Wire() ?? CarrierTypes.NotSaid : null,
            CarrierTimeGiven = state.Carrier?.Profile?.TimeGiven?.Wire(),
            ActiveFundingEuros = indicators.ActiveFundingEuros,
            PublicShare = indicators.PublicShare,
            ActiveActors = indicators.ActiveActors,
            LocalActorShare = indicators.LocalActorShare,
            ActorsAtEmergence = indicators.ActorsAtEmergence,
            ActorsEverJoined = indicators.ActorsEverJoined,
            ActorKinds = WiresOf(indicators.ActorKinds),
            FundingSourceKinds = WiresOf(indicators.FundingSourceKinds),
            ActorsLeftOn = LeftOn(state, previous?.ActorsLeftOn),
            WatchedAssessment = anchors.Watched,
            LastCarrierLostOn = anchors.LastCarrierLost?.On,
            LastCarrierLostReason = anchors.LastCarrierLost?.Reason,
            Stop = StopOf(state, previous?.Stop),
            LastHubSupportEndedOn = state.LastHubSupportEndedOn,
            EverCarried = anchors.Carriers is not null,
            CarrierActorId = state.Carrier?.ActorId,
            Carriers = anchors.Carriers is not { } carriers ? null
                : previous?.Carriers is { } same && same.SequenceEqual(carriers) ? same : [.. carriers],
            Outputs = OutputsOf(state, previous?.Outputs),
            Origins = state.Origins.IsEmpty ? null
                : state.Origins.Select(PeriodOrigin.Of).ToList() is var origins && previous?.Origins is { } sameOrigins && sameOrigins.SequenceEqual(origins) ? sameOrigins : origins,
            PausedSince = state.PausedSince,
            StoppedOn = state.Stopped?.On,
            StopReasons = reasons is null ? previous is { StopReasons.Count: 0 } ? previous.StopReasons : []
                : previous is not null && previous.StopReasons.SequenceEqual(reasons) ? previous.StopReasons : reasons.ToList(),
            FirstHubSupportEndedOn = anchors.HubSupportEnded,
            FirstLegalFormAdoptedOn = anchors.LegalFormAdopted,
            FirstCarrierLostOn = anchors.CarrierLost,
            FirstFundingOn = anchors.FirstFunding,
        };
    }

    /// <summary>The latest value of each measure the state's outputs give; <paramref name="previous"/> when the same, null when none.</summary>
    private static List<StoredOutput>? OutputsOf(ProjectState state, List<StoredOutput>? previous)
    {
        if (state.Outputs.IsEmpty) return null;
        var latest = OutputsMeasuredKind.Latest(state);
        if (latest.Count == 0) return null;
        return previous is not null && StoredOutput.SameValues(previous, latest) ? previous : latest.Select(StoredOutput.Of).ToList();
    }

    private static bool SameList<T>(List<T>? a, List<T>? b) => ReferenceEquals(a, b) || a is not null && b is not null && a.SequenceEqual(b);

    /// <summary>The days the state's actors left, in order; <paramref name="previous"/> when the same, null when none left.</summary>
    private static List<DateOnly>? LeftOn(ProjectState state, List<DateOnly>? previous)
    {
        List<DateOnly>? days = null;
        foreach (var a in state.Actors)
            if (a.LeftOn is { } on) (days ??= []).Add(on);
        if (days is null) return null;
        days.Sort();
        return previous is not null && previous.SequenceEqual(days) ? previous : days;
    }

    /// <summary>The stop of a stopped state as its periods hold it; <paramref name="previous"/> when the same.</summary>
    private static PeriodStop? StopOf(ProjectState state, PeriodStop? previous)
    {
        if (state.Stopped is not { } stop) return null;
        var hubActive = false;
        foreach (var a in state.Accompaniments) hubActive |= a.ByHub && (a.EndedOn is null || a.EndedOn > stop.On);
        var lastFollowUp = state.FollowUps.IsEmpty ? null : state.FollowUps[^1];
        var latest = OutputsMeasuredKind.Latest(state);
        // Most stopped days of a project say the same of its stop as the day before (a follow-up note changes another field).
        if (previous is not null && previous.Holds(stop, hubActive, lastFollowUp, latest)) return previous;
        // The stop's note, which no report reads from the periods, is not copied into each of them.
        return new PeriodStop(stop with { Note = null }, hubActive, lastFollowUp, latest.Select(StoredOutput.Of).ToList());
    }

    /// <summary>What a row needs of a grid, computed once per grid, and the scratch arrays of a row's points and means.</summary>
    private sealed class GridShape(Grid grid)
    {
        /// <summary>Per pillar (the grid's order), the indexes of its criteria in the grid's order.</summary>
        public readonly int[][] PillarCriteria = grid.Pillars
            .Select(p => grid.Criteria.Select((c, i) => (c, i)).Where(x => x.c.Pillar == p.Id).Select(x => x.i).ToArray()).ToArray();
        public readonly string[] Assessed = grid.Criteria.Where(c => c.Source == CriterionSource.Assessed).Select(c => c.Id).ToArray();
        public readonly ThreadLocal<int[]> Points = new(() => new int[grid.Criteria.Count]);
        public readonly ThreadLocal<double[]> Means = new(() => new double[grid.Pillars.Count]);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Grid, GridShape> Shapes = new();

    /// <summary>Per pillar of <paramref name="grid"/> (its order), the indexes of its criteria in the grid's order: computed once per grid.</summary>
    public static IReadOnlyList<int[]> PillarCriteriaOf(Grid grid) => Shapes.GetValue(grid, g => new GridShape(g)).PillarCriteria;

    private static bool SamePillars(Dictionary<string, double> previous, Grid grid, double[] means)
    {
        if (previous.Count != means.Length) return false;
        for (var p = 0; p < means.Length; p++)
            if (!previous.TryGetValue(grid.Pillars[p].Id, out var mean) || mean != means[p]) return false;
        return true;
    }

    private static bool SamePoints(Dictionary<string, int> previous, IReadOnlyList<Criterion> criteria, int[] points)
    {
        if (previous.Count != criteria.Count) return false;
        for (var i = 0; i < criteria.Count; i++)
            if (!previous.TryGetValue(criteria[i].Id, out var p) || p != points[i]) return false;
        return true;
    }

    private static bool SameNeverAssessed(List<string> previous, string[] assessed, ProjectState state)
    {
        var at = 0;
        foreach (var id in assessed)
        {
            if (state.Assessments.ContainsKey(id)) continue;
            if (at >= previous.Count || previous[at] != id) return false;
            at++;
        }
        return at == previous.Count;
    }

    /// <summary>
    /// The wire names of a list of kinds, made once per list: <see cref="Indicators.Of"/> gives one shared list for each set
    /// of kinds, so every row of every project with that set holds the same list of names (no row's list is changed once made).
    /// </summary>
    private static List<string> WiresOf<T>(IReadOnlyList<T> kinds) where T : struct, Enum =>
        Wires.GetValue(kinds, k => ((IReadOnlyList<T>)k).Select(x => x.Wire()).ToList());

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, List<string>> Wires = new();

    /// <summary>
    /// Whether an event changes no period whatever its date: a note changes nothing the state holds (its kind's step gives
    /// the same state), and its retraction likewise. The score history's writes skip such events.
    /// </summary>
    public static bool ChangesNoPeriod(IProjectEvent e, ProjectTimeline stored) => e switch
    {
        NoteAdded => true,
        MilestoneRetracted r => stored.Entries.FirstOrDefault(x => x.EventId == r.RetractedEventId)?.Event is NoteAdded,
        _ => false,
    };

    /// <summary>Whether two rows say the same of the project (their place aside): then one period holds over both.</summary>
    public static bool SameState(ScorePeriod a, ScorePeriod b) =>
        a.Name == b.Name && a.Sector == b.Sector && a.Commune == b.Commune && a.CommuneCode == b.CommuneCode && a.Summary == b.Summary && a.EmergedOn == b.EmergedOn
        && a.EmergenceContext == b.EmergenceContext && a.HubRole == b.HubRole && a.InspiredElsewhere == b.InspiredElsewhere
        && a.Stage == b.Stage && a.Score == b.Score && a.MaxScore == b.MaxScore && a.EctPotential == b.EctPotential
        && SameEntries(a.Pillars, b.Pillars) && SameEntries(a.Criteria, b.Criteria) && a.NeverAssessed.SequenceEqual(b.NeverAssessed)
        && SameEntries(a.AssessedPeaks, b.AssessedPeaks)
        && a.LegalForm == b.LegalForm && a.LegalFormInEss == b.LegalFormInEss && a.Path == b.Path && a.Governance == b.Governance
        && a.HubAccompanimentActive == b.HubAccompanimentActive && a.EverAccompaniedByHub == b.EverAccompaniedByHub
        && a.CarrierPresent == b.CarrierPresent && a.CarrierName == b.CarrierName && a.CarrierActorId == b.CarrierActorId
        && SameList(a.Carriers, b.Carriers) && SameList(a.Origins, b.Origins) && SameList(a.Outputs, b.Outputs)
        && a.CarrierType == b.CarrierType && a.CarrierStatus == b.CarrierStatus && a.CarrierTimeGiven == b.CarrierTimeGiven
        && a.ActiveFundingEuros == b.ActiveFundingEuros && a.PublicShare == b.PublicShare && a.ActiveActors == b.ActiveActors
        && a.LocalActorShare == b.LocalActorShare && a.ActorsAtEmergence == b.ActorsAtEmergence && a.ActorsEverJoined == b.ActorsEverJoined
        && a.ActorKinds.SequenceEqual(b.ActorKinds) && a.FundingSourceKinds.SequenceEqual(b.FundingSourceKinds)
        && a.LastHubSupportEndedOn == b.LastHubSupportEndedOn && a.EverCarried == b.EverCarried
        && a.PausedSince == b.PausedSince && a.StoppedOn == b.StoppedOn && a.StopReasons.SequenceEqual(b.StopReasons)
        && a.FirstHubSupportEndedOn == b.FirstHubSupportEndedOn && a.FirstLegalFormAdoptedOn == b.FirstLegalFormAdoptedOn
        && a.FirstCarrierLostOn == b.FirstCarrierLostOn && a.FirstFundingOn == b.FirstFundingOn
        && (ReferenceEquals(a.ActorsLeftOn, b.ActorsLeftOn) || a.ActorsLeftOn is not null && b.ActorsLeftOn is not null && a.ActorsLeftOn.SequenceEqual(b.ActorsLeftOn))
        && a.WatchedAssessment == b.WatchedAssessment && a.LastCarrierLostOn == b.LastCarrierLostOn && a.LastCarrierLostReason == b.LastCarrierLostReason
        && (ReferenceEquals(a.Stop, b.Stop) || a.Stop is not null && b.Stop is not null && a.Stop.SameAs(b.Stop));

    private static bool SameEntries<T>(Dictionary<string, T> a, IReadOnlyDictionary<string, T> b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.Count != b.Count) return false;
        foreach (var (key, value) in a)
            if (!b.TryGetValue(key, out var other) || !EqualityComparer<T>.Default.Equals(value, other)) return false;
        return true;
    }

    private static Dictionary<string, double> PillarsOf(Grid grid, double[] means)
    {
        var pillars = new Dictionary<string, double>(means.Length);
        for (var p = 0; p < means.Length; p++) pillars[grid.Pillars[p].Id] = means[p];
        return pillars;
    }

    private static Dictionary<string, int> CriteriaOf(IReadOnlyList<Criterion> criteria, int[] points)
    {
        var byId = new Dictionary<string, int>(criteria.Count);
        for (var i = 0; i < criteria.Count; i++) byId[criteria[i].Id] = points[i];
        return byId;
    }

    /// <summary>
    /// The first effective occurrence of each milestone that drifts can be aligned on, of each carrier's arrival, the most
    /// points each criterion was assessed at, the last assessment of <see cref="ScorePeriod.WatchedCriterion"/> and the last
    /// loss of the carrier (the watch list's evidence), by the end of a business day.
    /// </summary>
    public readonly record struct Anchors(
        DateOnly? HubSupportEnded, DateOnly? LegalFormAdopted, DateOnly? CarrierLost, DateOnly? FirstFunding,
        Dictionary<string, int>? AssessedPeaks = null,
        LastAssessment? Watched = null, (DateOnly On, string Reason)? LastCarrierLost = null, ImmutableList<PeriodCarrying>? Carriers = null)
    {
        public Anchors After(IProjectEvent e) => e switch
        {
            CarrierIdentified c => Carrying(c.CarrierName, c.ActorId, c.OccurredOn),
            CarryingHandedOver h => Carrying(h.To, h.ActorId, h.OccurredOn),
            AccompanimentEnded { ByHub: true } when HubSupportEnded is null => this with { HubSupportEnded = e.OccurredOn },
            Projects.LegalFormAdopted when LegalFormAdopted is null => this with { LegalFormAdopted = e.OccurredOn },
            Projects.CarrierLost lost => this with { CarrierLost = CarrierLost ?? lost.OccurredOn, LastCarrierLost = (lost.OccurredOn, lost.Reason) },
            FundingSecured when FirstFunding is null => this with { FirstFunding = e.OccurredOn },
            CriteriaAssessed assessed => this with
            {
                AssessedPeaks = Higher(AssessedPeaks, assessed),
                Watched = WatchedAfter(Watched, assessed),
            },
            _ => this,
        };

        // A carrier's arrival: each name and actor once, with its first day (ScorePeriod.Carriers; the first of them, the
        // project's first carrier).
        private Anchors Carrying(string name, Guid? actorId, DateOnly on) =>
            Carriers?.Exists(c => c.Name == name && c.ActorId == actorId) == true ? this
                : this with { Carriers = (Carriers ?? []).Add(new PeriodCarrying(name, actorId, on)) };

        private static LastAssessment? WatchedAfter(LastAssessment? last, CriteriaAssessed assessed)
        {
            foreach (var score in assessed.Scores)
                if (score.CriterionId == ScorePeriod.WatchedCriterion)
                    last = new LastAssessment(assessed.OccurredOn, score.Points,
                        last is null ? null : Math.Max(last.Points, last.EarlierPeak ?? int.MinValue));
            return last;
        }

        // The peaks after an assessment: a new table when it raised one (the rows of every grid share each table, and none is
        // changed once made), the same one otherwise; an empty one after a first assessment that scored nothing.
        private static Dictionary<string, int> Higher(Dictionary<string, int>? peaks, CriteriaAssessed assessed)
        {
            Dictionary<string, int>? raised = null;
            foreach (var score in assessed.Scores)
            {
                if ((raised ?? peaks) is { } current && current.TryGetValue(score.CriterionId, out var peak) && score.Points <= peak) continue;
                raised ??= peaks is null ? [] : new Dictionary<string, int>(peaks);
                raised[score.CriterionId] = score.Points;
            }
            return raised ?? peaks ?? [];
        }
    }
}
