using System.Text.Json.Serialization;

namespace EctLifecycle.ScoreHistory;

/// <summary>
/// One period of a project's business timeline under one grid, over which its projected state holds: from the business
/// day <see cref="From"/> (its first day) to <see cref="To"/> (the business day of the next change, excluded; null while it
/// still holds). A Marten document written by the score history projection (one per project, grid and period), so that the
/// portfolio's questions are SQL over indexed columns instead of a fold of every event in the app. Consecutive days whose
/// rows would be equal share one period. A field that is null is not written (the views and Marten's queries read an
/// absent field as null): most rows have no stop, pause, commune code or anchor yet, and every byte of a row is written
/// by each import, rebuild and late milestone.
/// </summary>
public sealed class ScorePeriod
{
    /// <summary>"{project id, 32 hex digits}:{grid version}:{From, yyyy-MM-dd}".</summary>
    public string Id { get; set; } = "";

    public Guid ProjectId { get; set; }
    [JsonConverter(typeof(SharedWord))] public string Grid { get; set; } = "";
    public DateOnly From { get; set; }
    public DateOnly? To { get; set; }

    /// <summary>The fingerprint of the grid's rules the period was computed with (<see cref="ScorePeriods.Fingerprint"/>, not its words): a grid whose rules changed shows as stale rows.</summary>
    [JsonConverter(typeof(SharedWord))] public string GridFingerprint { get; set; } = "";

    /// <summary>
    /// The stream's version when the period was last written. A write rewrites only the periods from the day before its
    /// events' business dates on: an earlier period, which those events cannot change, keeps the version it was written at.
    /// </summary>
    public long StreamVersion { get; set; }

    /// <summary>The sequence of the project's first event: the portfolio's order (registration order).</summary>
    public long RegistrationSequence { get; set; }

    // The project's facts as of the period (the registration's, corrected by later events where they can be).
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public string Sector { get; set; } = "";
    public string Commune { get; set; } = "";
    /// <summary>The INSEE code of the commune staff placed the project in; null while it is not placed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(SharedWord))] public string? CommuneCode { get; set; }
    public string Summary { get; set; } = "";
    public DateOnly EmergedOn { get; set; }
    public int EmergenceYear { get; set; }
    [JsonConverter(typeof(SharedWord))] public string EmergenceContext { get; set; } = "";
    [JsonConverter(typeof(SharedWord))] public string HubRole { get; set; } = "";
    public bool InspiredElsewhere { get; set; }

    // The state.
    [JsonConverter(typeof(SharedWord))] public string Stage { get; set; } = "";
    public int Score { get; set; }
    public int MaxScore { get; set; }
    public bool EctPotential { get; set; }
    /// <summary>Pillar id -> mean of its criteria's points (0-3).</summary>
    [JsonConverter(typeof(SharedKeys<double>))] public Dictionary<string, double> Pillars { get; set; } = [];
    // Each pillar's mean again, as a column of its own (ScoreHistorySchema), not in the JSON: the drifts and the arcs read
    // these columns and the score from the table's covering index instead of the document. A grid has exactly these four
    // pillars (Grid.PillarIds).
    [JsonIgnore] public double? CollectiveOwnershipMean => MeanOf("collective-ownership");
    [JsonIgnore] public double? TerritorialAnchoringMean => MeanOf("territorial-anchoring");
    [JsonIgnore] public double? HybridEconomicModelMean => MeanOf("hybrid-economic-model");
    [JsonIgnore] public double? TerritorialResilienceMean => MeanOf("territorial-resilience");
    private double? MeanOf(string pillar) => Pillars.TryGetValue(pillar, out var mean) ? mean : null;

    /// <summary>
    /// The score and the pillars' means, which the table keeps in columns of their own besides the JSON, as Marten names
    /// them: the column, its SQL type, where the JSON holds it, and the value. The covering index of (project, grid) carries
    /// them. The writes below Marten's API (EventStore/MartenScorePeriodRows), the views and their filling of rows written before
    /// the columns existed read them with the <see cref="FactColumns"/> (<see cref="StoredColumns"/>).
    /// </summary>
    public static IReadOnlyList<ValueColumn> ValueColumns { get; } =
    [
        new("score", "integer", "->> 'score'", p => p.Score),
        .. Scoring.Grid.PillarIds.Select(id => new ValueColumn(
            $"{id.Replace('-', '_')}_mean", "double precision", $"-> 'pillars' ->> '{id}'", p => p.MeanOf(id), Pillar: id)),
    ];

    /// <summary>
    /// The project's facts the portfolio's figures, the qualitative sample and the drifts read (the cohorts' facts and the
    /// anchors), in columns of their own besides the JSON (Marten's duplicated columns), carried with the score and the means
    /// in the index of the dates (<see cref="ScoreHistoryViews.AtDateIndex"/>): the portfolio's figures, the order of its
    /// pages, the sample and the drifts' members at a date are then read from that index alone, and only a page's
    /// documents are read whole.
    /// </summary>
    public static IReadOnlyList<ValueColumn> FactColumns { get; } =
    [
        new("key", "varchar", "->> 'key'", p => p.Key),
        new("name", "varchar", "->> 'name'", p => p.Name),
        new("stage", "varchar", "->> 'stage'", p => p.Stage),
        new("legal_form", "varchar", "->> 'legalForm'", p => p.LegalForm),
        new("emergence_context", "varchar", "->> 'emergenceContext'", p => p.EmergenceContext),
        new("carrier_present", "boolean", "->> 'carrierPresent'", p => p.CarrierPresent),
        new("ect_potential", "boolean", "->> 'ectPotential'", p => p.EctPotential),
        // The cohorts' facts (Analytics.Cohorts.ValueOf): the drifts read their members at the as-of date from the index of
        // the dates alone, where reading them from the documents took 1.7-2.7 s warm at L, and 33 s cold.
        new("sector", "varchar", "->> 'sector'", p => p.Sector),
        new("hub_role", "varchar", "->> 'hubRole'", p => p.HubRole),
        new("emergence_year", "integer", "->> 'emergenceYear'", p => p.EmergenceYear),
        new("ever_accompanied_by_hub", "boolean", "->> 'everAccompaniedByHub'", p => p.EverAccompaniedByHub),
        new("stopped_on", "date", "->> 'stoppedOn'", p => p.StoppedOn),
        // The aligned drift's anchors (Analytics.AlignedDrift.AnchorOf), for the same reason.
        new("emerged_on", "date", "->> 'emergedOn'", p => p.EmergedOn),
        new("first_hub_support_ended_on", "date", "->> 'firstHubSupportEndedOn'", p => p.FirstHubSupportEndedOn),
        new("first_legal_form_adopted_on", "date", "->> 'firstLegalFormAdoptedOn'", p => p.FirstLegalFormAdoptedOn),
        new("first_carrier_lost_on", "date", "->> 'firstCarrierLostOn'", p => p.FirstCarrierLostOn),
        new("first_funding_on", "date", "->> 'firstFundingOn'", p => p.FirstFundingOn),
        // The staff's portfolio page (Pages/Index): the commune its table shows and its search reads, the hub's support its
        // filter reads. With them, the page's table, counts and filters are read from the index of the dates alone, where
        // the whole periods took 4.8-5.4 s warm at L (docs/benchmarks.md).
        new("commune", "varchar", "->> 'commune'", p => p.Commune),
        new("hub_accompaniment_active", "boolean", "->> 'hubAccompanimentActive'", p => p.HubAccompanimentActive),
    ];

    /// <summary>
    /// The anniversaries of the alignment anchors within the period (<see cref="Anniversaries"/>): a column of its own, read by
    /// the aligned drift from an index of the periods that have some (<see cref="ScoreHistoryViews.AnniversariesIndex"/>), not
    /// carried by the index of the dates.
    /// </summary>
    public static IReadOnlyList<ValueColumn> AnniversaryColumns { get; } = [new("anniversaries", "bigint", "->> 'anniversaries'", p => p.Anniversaries)];

    /// <summary>The columns the index of the dates carries (<see cref="ScoreHistoryViews.AtDateIndex"/>): <see cref="ValueColumns"/>, then <see cref="FactColumns"/>.</summary>
    public static IReadOnlyList<ValueColumn> AtDateColumns { get; } = [.. ValueColumns, .. FactColumns];

    /// <summary>
    /// Every column the table keeps besides Marten's own and the dates: <see cref="ValueColumns"/>, <see cref="FactColumns"/>,
    /// then <see cref="AnniversaryColumns"/>.
    /// </summary>
    public static IReadOnlyList<ValueColumn> StoredColumns { get; } = [.. ValueColumns, .. FactColumns, .. AnniversaryColumns];

    /// <param name="Pillar">The pillar whose mean the column holds, if it holds one.</param>
    public sealed record ValueColumn(string Name, string Type, string JsonPath, Func<ScorePeriod, object?> Value, string? Pillar = null)
    {
        /// <summary>The value as SQL reads it from a period's JSON <paramref name="json"/> (an expression of type jsonb).</summary>
        public string FromJson(string json) => $"({json} {JsonPath})::{Type}";
    }

    /// <summary>Criterion id -> points (0-3).</summary>
    [JsonConverter(typeof(SharedKeys<int>))] public Dictionary<string, int> Criteria { get; set; } = [];
    /// <summary>The grid's assessed criteria never assessed yet (counted 0), in the grid's order.</summary>
    [JsonConverter(typeof(SharedWordList))] public List<string> NeverAssessed { get; set; } = [];
    /// <summary>Criterion id -> the most points an effective assessment of it gave, whatever its grid, up to this period's day.</summary>
    [JsonConverter(typeof(SharedKeys<int>))] public Dictionary<string, int> AssessedPeaks { get; set; } = [];

    // The indicators the analyses group and filter by (wire names of the app's vocabulary).
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(SharedWord))] public string? LegalForm { get; set; }
    public bool LegalFormInEss { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(SharedWord))] public string? Path { get; set; }
    [JsonConverter(typeof(SharedWord))] public string Governance { get; set; } = "";
    public bool HubAccompanimentActive { get; set; }
    public bool EverAccompaniedByHub { get; set; }
    public bool CarrierPresent { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CarrierName { get; set; }
    /// <summary>
    /// The carrier's type as the analyses group it (<see cref="Projects.CarrierTypes.GroupOf"/>: its type's wire name, or
    /// « notSaid »), its status (wire name, or « notSaid ») and the time it gives (wire name, null when not said); all null
    /// without a carrier. The entrepreneurial figure reads them from the period at its date instead of each timeline.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(SharedWord))] public string? CarrierType { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(SharedWord))] public string? CarrierStatus { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(SharedWord))] public string? CarrierTimeGiven { get; set; }
    /// <summary>The directory actor the milestone that made the carrier named, if any (the lineage's carrier across projects).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? CarrierActorId { get; set; }
    /// <summary>
    /// Every carrier the project had by the period's first day (each name and directory actor once, with the first day it
    /// carried the project: identified, or handed the carrying), in that order; null when none. The lineage reads who
    /// carried each project from the period at its date instead of each timeline.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<PeriodCarrying>? Carriers { get; set; }
    /// <summary>
    /// The latest value of each measure of the project's outputs by the period's first day (<see cref="Projects.OutputsMeasuredKind.Latest"/>),
    /// with its unit as typed; null when none was measured. The outputs' analysis reads them from the period at its date.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<StoredOutput>? Outputs { get; set; }
    /// <summary>What the project was born of, as its state holds it (<see cref="Projects.ProjectState.Origins"/>); null when of nothing said.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<PeriodOrigin>? Origins { get; set; }
    public decimal ActiveFundingEuros { get; set; }
    public double PublicShare { get; set; }
    public int ActiveActors { get; set; }
    public double LocalActorShare { get; set; }
    public int ActorsAtEmergence { get; set; }
    public int ActorsEverJoined { get; set; }
    /// <summary>The active actors' kinds and the active fundings' source kinds (wire names, in the vocabulary's order).</summary>
    [JsonConverter(typeof(SharedWordList))] public List<string> ActorKinds { get; set; } = [];
    [JsonConverter(typeof(SharedWordList))] public List<string> FundingSourceKinds { get; set; } = [];
    /// <summary>The last day a hub accompaniment ended, and whether the project ever had a carrier (the days actors left: <see cref="ActorsLeftOn"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? LastHubSupportEndedOn { get; set; }
    public bool EverCarried { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? PausedSince { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? StoppedOn { get; set; }
    [JsonConverter(typeof(SharedWordList))] public List<string> StopReasons { get; set; } = [];

    // What the watch list's signals show as their evidence (Durability.WatchRules), so that they are read from the periods
    // rather than from each project's events.
    /// <summary>The days the project's actors left its collective, in order (each leaving once); null when none has.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<DateOnly>? ActorsLeftOn { get; set; }
    /// <summary>The last effective assessment of <see cref="WatchedCriterion"/> by the period's first day, and the most points the earlier ones gave.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LastAssessment? WatchedAssessment { get; set; }
    /// <summary>The last effective loss of the carrier by the period's first day: its day and reason as staff wrote it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? LastCarrierLostOn { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LastCarrierLostReason { get; set; }

    /// <summary>The criterion whose assessments the watch list compares (« Coopération vivante »).</summary>
    public const string WatchedCriterion = "cooperation-alive";

    /// <summary>The stop as logged and what the durability report reads of the project once stopped; null while it is not.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PeriodStop? Stop { get; set; }

    // The first effective occurrence, by the period's first day, of the milestones drifts are aligned on.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? FirstHubSupportEndedOn { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? FirstLegalFormAdoptedOn { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? FirstCarrierLostOn { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? FirstFundingOn { get; set; }

    /// <summary>
    /// Which anniversaries of the project's alignment anchors fall within this period: for the anchor of place a in
    /// <see cref="AnniversaryAnchors"/> and the offset of k years (from -<see cref="AnniversaryYearsBefore"/> to
    /// <see cref="AnniversaryYearsAfter"/>), bit a × 9 + k + 3 is set when the anchor's day plus k years (as
    /// <see cref="DateOnly.AddYears"/> adds them) lies in [<see cref="From"/>, <see cref="To"/>). The anchors are those of the
    /// project's whole timeline (each milestone's first effective occurrence, and the emergence), which are the ones the
    /// aligned drift reads at any date by which the anchor has happened. The aligned drift reads only the periods with a bit
    /// set, from an index of those (<see cref="ScoreHistoryViews.AnniversariesIndex"/>), where it read every period of the grid
    /// (at L, 4 million rows for 600,000 useful ones). Null in a row written by a version of the app before it.
    /// </summary>
    public long? Anniversaries { get; set; }

    /// <summary>The anchors whose anniversaries <see cref="Anniversaries"/> marks, in the order of its bits.</summary>
    public enum AnniversaryAnchor { HubSupportEnded, LegalFormAdopted, CarrierLost, FirstFunding, Emergence }

    public const int AnniversaryYearsBefore = 3, AnniversaryYearsAfter = 5;
    private const int BitsPerAnchor = AnniversaryYearsBefore + AnniversaryYearsAfter + 1;

    /// <summary>The bits of <see cref="Anniversaries"/> of one anchor, shifted to the lowest (bit k + 3 for k years).</summary>
    public static int AnniversaryBits(long anniversaries, AnniversaryAnchor anchor) =>
        (int)((anniversaries >> ((int)anchor * BitsPerAnchor)) & ((1 << BitsPerAnchor) - 1));

    /// <summary>The bits of <see cref="Anniversaries"/> of one anchor, in SQL, from the column of a row aliased <paramref name="row"/>.</summary>
    public static string AnniversaryBitsSql(string row, AnniversaryAnchor anchor) =>
        $"(({row}.anniversaries >> {(int)anchor * BitsPerAnchor}) & {(1 << BitsPerAnchor) - 1})::int";

    /// <summary>
    /// The anniversaries' days of a project whose anchors are <paramref name="anchors"/> (in the order of
    /// <see cref="AnniversaryAnchor"/>, null where the milestone never happened), in the order of the bits of
    /// <see cref="Anniversaries"/>: computed once per project, then compared with each of its periods (<see cref="AnniversariesOf"/>).
    /// </summary>
    public static DateOnly?[] AnniversaryDays(ReadOnlySpan<DateOnly?> anchors)
    {
        var days = new DateOnly?[anchors.Length * BitsPerAnchor];
        for (var a = 0; a < anchors.Length; a++)
            if (anchors[a] is { } anchor)
                for (var k = -AnniversaryYearsBefore; k <= AnniversaryYearsAfter; k++)
                    days[a * BitsPerAnchor + k + AnniversaryYearsBefore] = anchor.AddYears(k);
        return days;
    }

    /// <summary>
    /// The value of <see cref="Anniversaries"/> for a period from <paramref name="from"/> to <paramref name="to"/> (null: still
    /// holding) of a project whose anniversaries' days are <paramref name="days"/> (<see cref="AnniversaryDays"/>).
    /// </summary>
    public static long AnniversariesOf(DateOnly from, DateOnly? to, ReadOnlySpan<DateOnly?> days)
    {
        long bits = 0;
        for (var i = 0; i < days.Length; i++)
            if (days[i] is { } day && day >= from && (to is null || day < to)) bits |= 1L << i;
        return bits;
    }

    public static string IdOf(Guid projectId, string grid, DateOnly from) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{projectId:N}:{grid}:{from:yyyy-MM-dd}");

    /// <summary>
    /// <see cref="IdOf"/> in SQL, from the project, grid and first day of a period row aliased <paramref name="row"/>: found from
    /// the covering index of (project, grid), which carries those but not the id.
    /// </summary>
    public static string IdSql(string row) => $"replace({row}.project_id::text, '-', '') || ':' || {row}.grid || ':' || to_char({row}.\"from\", 'YYYY-MM-DD')";

    /// <summary>Whether the period holds at business date <paramref name="date"/>.</summary>
    public bool HoldsAt(DateOnly date) => From <= date && (To is null || date < To);
}

/// <summary>A carrier the project had: its name and directory actor as the milestone named them, and the first day it carried the project.</summary>
public sealed record PeriodCarrying(string Name, Guid? ActorId, DateOnly Since);

/// <summary>An origin of the project (<see cref="Projects.Origin"/>), its kind by its wire name.</summary>
public sealed record PeriodOrigin([property: JsonConverter(typeof(SharedWord))] string Kind, string? SourceProject, string? Method, DateOnly On)
{
    public static PeriodOrigin Of(Projects.Origin o) => new(o.Kind.Wire(), o.SourceProject, o.Method, o.On);
}

/// <summary>An assessment of one criterion: its day and points, and the most points the assessments before it gave (null when none did).</summary>
public sealed record LastAssessment(DateOnly On, int Points, int? EarlierPeak);

/// <summary>
/// A stopped project's stop in its periods (<see cref="ScorePeriod.Stop"/>): the stop as logged (but its note), whether the hub's support
/// was still running on its day, the last follow-up by the period's first day, and the outputs measured by then (the
/// latest value of each measure), with their unit as typed.
/// </summary>
public sealed record PeriodStop(
    Projects.Stop Logged, bool HubActiveAtStop, Projects.FollowUp? LastFollowUp, IReadOnlyList<StoredOutput> Produced)
{
    public bool SameAs(PeriodStop other) =>
        Logged.Reasons.SequenceEqual(other.Logged.Reasons) && Logged with { Reasons = other.Logged.Reasons } == other.Logged
        && HubActiveAtStop == other.HubActiveAtStop && LastFollowUp == other.LastFollowUp && Produced.SequenceEqual(other.Produced);

    /// <summary>
    /// Whether this row says what a row made of <paramref name="logged"/> (its note left out), the hub's presence, the last
    /// follow-up and <paramref name="produced"/> would say (<see cref="SameAs"/>), without making that row.
    /// </summary>
    public bool Holds(Projects.Stop logged, bool hubActiveAtStop, Projects.FollowUp? lastFollowUp, IReadOnlyList<Projects.OutputValue> produced) =>
        HubActiveAtStop == hubActiveAtStop && LastFollowUp == lastFollowUp && StoredOutput.SameValues(Produced, produced)
        && Logged.Reasons.SequenceEqual(logged.Reasons) && Logged == logged with { Note = null, Reasons = Logged.Reasons };
}

/// <summary>An output's value as a period stores it: <see cref="Projects.OutputValue"/> with the unit as typed, which it does not serialize.</summary>
public sealed record StoredOutput(string Measure, string? Unit, string? UnitAsTyped, decimal Value, DateOnly On)
{
    public static StoredOutput Of(Projects.OutputValue v) => new(v.Measure, v.Unit, v.UnitAsTyped, v.Value, v.On);

    /// <summary>Whether <paramref name="stored"/> holds <paramref name="values"/>, as <see cref="Of"/> would store them.</summary>
    public static bool SameValues(IReadOnlyList<StoredOutput> stored, IReadOnlyList<Projects.OutputValue> values)
    {
        if (stored.Count != values.Count) return false;
        for (var i = 0; i < stored.Count; i++)
        {
            var (s, v) = (stored[i], values[i]);
            if (s.Measure != v.Measure || s.Unit != v.Unit || s.UnitAsTyped != v.UnitAsTyped || s.Value != v.Value || s.On != v.On) return false;
        }
        return true;
    }

    public Projects.OutputValue ToOutput() => new(Measure, Unit, Value, On) { UnitAsTyped = UnitAsTyped };
}
