using EctLifecycle.ScoreHistory;
using Marten;
using Npgsql;

namespace EctLifecycle.EventStore;

/// <summary>
/// What the score history reads and writes below Marten's API, all of it here (<see cref="MartenScorePeriodRows"/>, one per
/// document store, registered beside <see cref="IEventRows"/> in Program.cs): the periods' table's columns, indexes and
/// vacuum, the periods and stints a write or an import replaces, and the questions' reads of the covering indexes. The
/// table is the one Marten creates for <see cref="ScorePeriod"/>; the tests of the analysts' views and of the index reads run
/// against it (tests/EctLifecycle.Tests/ScoreHistory).
/// </summary>
public interface IScorePeriodRows
{
    /// <summary>Whether a live project with periods has no stints, and whether stints or periods belong to a stream archived or gone.</summary>
    Task<(bool MissingStints, bool Orphans)> StintsStateAsync(CancellationToken ct);

    /// <summary>Whether any period of <paramref name="grid"/> was computed from other rules than those of <paramref name="fingerprint"/> (ScorePeriods.Fingerprint).</summary>
    Task<bool> AnyOtherFingerprintAsync(string grid, string fingerprint, CancellationToken ct);

    /// <summary>Makes the indexes missing or of another shape, fills the rows older than the stored columns, and sets the table's settings; returns the indexes made (none while the table is not made yet).</summary>
    Task<IReadOnlyList<string>> EnsureIndexesAsync(Action<string> progress, CancellationToken ct, int fillBatch = 50_000);

    /// <summary>
    /// The lock of the score history's rebuild, held by one instance at a time over the check that a rebuild is needed and
    /// the rebuild itself, released when disposed; waited for while another holds it (<paramref name="waiting"/> said once).
    /// </summary>
    Task<IAsyncDisposable> LockRebuildAsync(Action? waiting, CancellationToken ct);

    /// <summary>Vacuums and analyses the periods' and the stints' tables.</summary>
    Task VacuumAsync(CancellationToken ct);

    /// <summary>Adds, empty, the stored columns the periods' table lacks, before Marten's schema check; returns the columns added.</summary>
    Task<IReadOnlyList<string>> AddMissingColumnsAsync(CancellationToken ct);

    /// <summary>Whether the event store holds any live stream.</summary>
    Task<bool> AnyStreamAsync(CancellationToken ct);

    /// <summary>The sequence of each stream's first event, read in the import's transaction.</summary>
    Task<Dictionary<Guid, long>> FirstSequencesAsync(NpgsqlTransaction transaction, Guid[] ids, CancellationToken ct);

    /// <summary>Queues, in a write's unit of work, the replacement of a project's periods under one grid from <paramref name="from"/> on.</summary>
    void QueueReplace(IDocumentOperations operations, Guid projectId, string grid, DateOnly? from, IReadOnlyList<ScorePeriod> rows, bool readSequence);

    /// <summary>The named projects' periods up to a date, their values only, in the portfolio's order.</summary>
    Task<List<ScorePeriod>> ReadValuesAsync(string grid, Guid[] ids, DateOnly until, CancellationToken ct);

    /// <summary>The whole period of each project holding at its own day, through a session of its own; in no particular order.</summary>
    Task<IReadOnlyList<ScorePeriod>> ReadHoldingAtAsync(string grid, IReadOnlyList<(Guid Id, DateOnly Day)> days, CancellationToken ct);

    /// <summary>Each project's highest mean of a pillar up to its own date and the first day it had it; null without a column for the pillar.</summary>
    Task<Dictionary<Guid, Analytics.Reading>?> ReadPeaksAsync(string grid, string pillar, IReadOnlyList<(Guid Id, DateOnly Until)> projects, CancellationToken ct);

    /// <summary>Every project's periods of a grid up to <paramref name="until"/>, one project at a time, in business order.</summary>
    IAsyncEnumerable<IReadOnlyList<ScorePeriod>> EachProjectValuesAsync(string grid, DateOnly until, DateOnly after, CancellationToken ct);

    /// <summary>Every period's values streamed to <paramref name="each"/>; false, with nothing read, while rows are not filled yet.</summary>
    Task<bool> ReadPeriodValuesAsync(string grid, DateOnly until, bool yearEndsOnly, PeriodValuesReader each, CancellationToken ct);

    /// <summary>
    /// Every period's values as <see cref="ReadPeriodValuesAsync"/> reads them, with the place of its stage in
    /// <paramref name="stages"/> (wire names; -1 when not there), from the index of the dates; false, with nothing read,
    /// while rows are not filled yet.
    /// </summary>
    Task<bool> ReadPeriodStagesAsync(string grid, DateOnly until, IReadOnlyList<string> stages, PeriodStageReader each, CancellationToken ct);

    /// <summary>
    /// Every project's period of a grid holding at a date with what the entrepreneurial figure reads of it (its key, name,
    /// score, stage, path, emergence, stop, carrier's type, status and time given, and the fingerprint it was computed with),
    /// in registration order; null while rows are not filled yet.
    /// </summary>
    Task<List<ScorePeriod>?> ReadFigureFactsAtAsync(string grid, DateOnly date, CancellationToken ct);

    /// <summary>
    /// Every project's period of a grid holding at a date with what the lineage reads of it (its key, name, score, ECT
    /// potential, stage, origins, carriers so far, and the fingerprint it was computed with), in registration order; null
    /// while rows are not filled yet.
    /// </summary>
    Task<List<ScorePeriod>?> ReadLineageFactsAtAsync(string grid, DateOnly date, CancellationToken ct);

    /// <summary>
    /// Every project's period of a grid holding at a date with what the outputs' analysis reads of it (its key, name, stop,
    /// latest outputs, and the fingerprint it was computed with), in registration order; null while rows are not filled yet.
    /// </summary>
    Task<List<ScorePeriod>?> ReadOutputFactsAtAsync(string grid, DateOnly date, CancellationToken ct);

    /// <summary>The query of <see cref="ReadFactsAtAsync"/>, with its parameters <c>@grid</c> and <c>@date</c>.</summary>
    string FactsAtSql();

    /// <summary>Every project's period of a grid holding at a date, its facts only, in registration order; null while rows are not filled yet.</summary>
    Task<List<ScorePeriod>?> ReadFactsAtAsync(string grid, DateOnly date, CancellationToken ct);

    /// <summary>Each project's summary in its period of <paramref name="grid"/> holding at <paramref name="date"/> (the staff's search).</summary>
    Task<Dictionary<Guid, string>> ReadSummariesAtAsync(string grid, DateOnly date, CancellationToken ct);

    /// <summary>
    /// Every project's period of a grid holding at a date, as the drifts read their members: the project, a cohort and an
    /// anchor computed by PostgreSQL (SQL expressions over the table's columns, alias <c>h</c>), the score and the pillars'
    /// means, streamed to <paramref name="each"/>; false, with nothing read, while rows are not filled yet.
    /// </summary>
    Task<bool> ReadMembersAtAsync(string grid, DateOnly date, string cohortSql, string anchorSql, MemberReader each, CancellationToken ct);

    /// <summary>
    /// The periods of <paramref name="grid"/> starting by <paramref name="until"/> within which an anniversary of
    /// <paramref name="anchor"/> falls (<see cref="ScoreHistory.ScorePeriod.Anniversaries"/>), with their project, the
    /// anchor's day as the period holds it (null before the anchor), the anniversaries' bits of that anchor (bit k + 3 for k
    /// years), the score and the pillars' means, streamed to <paramref name="each"/> from the index of those periods; false,
    /// with nothing read, while some period of the grid was written without its anniversaries (an older version of the app).
    /// </summary>
    Task<bool> ReadAnniversariesAsync(string grid, DateOnly until, ScoreHistory.ScorePeriod.AnniversaryAnchor anchor, AnniversaryReader each, CancellationToken ct);

    /// <summary>Deletes the periods and stints of streams archived or gone.</summary>
    Task DeleteOrphansAsync(CancellationToken ct);

    /// <summary>Writes the import's stints in its transaction.</summary>
    Task UpsertStintsAsync(NpgsqlTransaction transaction, IReadOnlyList<ProjectStints> stints, CancellationToken ct);

    /// <summary>Deletes the periods of the <paramref name="replaced"/> projects and copies <paramref name="periods"/>, in the import's transaction.</summary>
    Task CopyAsync(NpgsqlTransaction transaction, Guid[] replaced, IReadOnlyList<ScorePeriod> periods, CancellationToken ct);
}

/// <summary>One period's values as <see cref="IScorePeriodRows.ReadPeriodValuesAsync"/> reads them; <paramref name="means"/> is reused for the next row.</summary>
public delegate void PeriodValuesReader(Guid project, DateOnly from, DateOnly? to, int score, ReadOnlySpan<double> means);

/// <summary>One period's values and the place of its stage (<see cref="IScorePeriodRows.ReadPeriodStagesAsync"/>); <paramref name="means"/> is reused for the next row.</summary>
public delegate void PeriodStageReader(Guid project, DateOnly from, DateOnly? to, int stage, int score, ReadOnlySpan<double> means);

/// <summary>A drift's member as <see cref="IScorePeriodRows.ReadMembersAtAsync"/> reads it; <paramref name="means"/> is reused for the next row.</summary>
public delegate void MemberReader(Guid project, string cohort, DateOnly? anchor, int score, ReadOnlySpan<double> means);

/// <summary>
/// A period holding anniversaries of an anchor as <see cref="IScorePeriodRows.ReadAnniversariesAsync"/> reads it;
/// <paramref name="means"/> is reused for the next row.
/// </summary>
public delegate void AnniversaryReader(Guid project, DateOnly? anchor, int years, int score, ReadOnlySpan<double> means);
