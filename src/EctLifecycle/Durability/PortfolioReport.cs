using System.Globalization;
using EctLifecycle.Analytics;
using EctLifecycle.Persistence;
using EctLifecycle.Projects;
using EctLifecycle.ScoreHistory;

namespace EctLifecycle.Durability;

/// <summary>A stopped project in the portfolio report, with the signals it showed the day before it stopped.</summary>
public sealed record StoppedSummary(
    Guid Id, string Key, string Name, LegalForm? LegalForm, DateOnly EmergedOn, DateOnly StoppedOn, double LifespanYears,
    IReadOnlyList<StopReasonRead> Reasons, Remains Remains, HubStance? HubStance, bool EverByHub, bool HubActiveAtStop,
    double? YearsFromHubSupportEndToStop, FollowUp? LastFollowUp, IReadOnlyList<Signal> SignalsBeforeStop,
    IReadOnlyList<OutputValue> ProducedAtStop);

public sealed record Tally(string Code, string Label, int Projects);

public sealed record RemainsTally(
    int ActivityTakenOver, int AssetsPassedOn, int LastingNetwork, int JobsKept,
    int FollowedUp, int StillRunningAtLastFollowUp, int NetworkActiveAtLastFollowUp);

/// <summary>How long after the end of the hub's support projects stopped.</summary>
public sealed record SupportToStop(int AfterHubSupportEnded, int HubActiveAtStop, int NeverByHub, double? MedianYears);

/// <summary>
/// The portfolio's durability at a date: every stopped project, how long projects survive (Kaplan-Meier, live projects
/// censored at the as-of date), why they stopped and what remains, and the live projects to watch.
/// </summary>
public sealed record PortfolioReport(
    DateOnly AsOf, string GridVersion, DateOnly? KnownAt, int Projects, int Live, int StoppedCount, double? MedianLifespanYears,
    IReadOnlyList<StoppedSummary> Stopped, SurvivalCurve Survival, IReadOnlyList<SurvivalBy> SurvivalBy,
    IReadOnlyList<Tally> Reasons, IReadOnlyList<string> OtherReasons, RemainsTally Remains, IReadOnlyList<Tally> HubStances,
    SupportToStop SupportToStop, IReadOnlyList<WatchEntry> WatchList, int StoppedWithSignalsBeforeStop,
    PillarPersistence Persistence) : ITidy
{
    /// <summary>The stopped projects' actors who went on in other projects after the stop (<see cref="ActorsAfterStop"/>), when the caller read them.</summary>
    public IReadOnlyList<ActorWentOn> ActorsWentOn { get; init; } = [];

    /// <summary>The network at the report's date (<see cref="PortfolioReading"/>), when the caller read it.</summary>
    public NetworkSection? Network { get; init; }

    /// <summary>Why the report holds no network (a portfolio larger than the setting <c>Network:ReportUpToProjects</c>), in French.</summary>
    public string? NetworkLeftOut { get; init; }

    /// <summary>The stopped projects beside all, by territory, when the caller read it.</summary>
    public TerritorySection? Territory { get; init; }

    /// <summary>The typology at the report's date and the stopped projects' nearest groups, when the caller read it.</summary>
    public TypologySection? Typology { get; init; }

    /// <summary>
    /// The figures from the periods at the as-of date; the stopped projects' sections and the watch list's signals from
    /// those projects' periods at a few more dates (<see cref="StoppedAsync"/>, <see cref="WatchRules.OfAsync"/>): no
    /// project's events are read.
    /// </summary>
    /// <param name="snapshots">The periods holding at the as-of date under the grid, when the caller has read them already.</param>
    public static async Task<PortfolioReport> OfAsync(
        PortfolioHistory history, AnalyticsParameters p, CancellationToken ct = default, PersistenceRules? persistence = null,
        IReadOnlyList<ScorePeriod>? snapshots = null) =>
        (await WithEvesAsync(history, p, ct, persistence, snapshots)).Report;

    /// <summary>
    /// <see cref="OfAsync"/>, and the whole period of each stopped project holding the day before its stop, which its
    /// summary read (the typology's section reads them too).
    /// </summary>
    public static async Task<(PortfolioReport Report, IReadOnlyList<ScorePeriod> Eves)> WithEvesAsync(
        PortfolioHistory history, AnalyticsParameters p, CancellationToken ct = default, PersistenceRules? persistence = null,
        IReadOnlyList<ScorePeriod>? snapshots = null)
    {
        snapshots ??= await history.AtAsync(p.AsOf, p.Grid, ct);
        var stoppedRows = snapshots.Where(s => s.StoppedOn is not null).ToList();
        // The stopped projects' summaries are read through connections of their own (their periods, their peaks) while the
        // watch list and the persistence read theirs: each waits on PostgreSQL or the app's other core for much of its time.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var stoppedRead = StoppedAsync(history, stoppedRows, p, cancel.Token);
        var (watch, pillars) = await Alongside.RunAsync(cancel, async () =>
            (await WatchRules.OfAsync(history, snapshots, p.AsOf, p.Grid, ct),
             // The pillars' persistence, of live projects as of stopped ones, under the settings' rules.
             await PillarPersistence.OfAsync(history, p, persistence ?? new PersistenceRules(), ct, snapshots)), stoppedRead);
        var (stopped, eves) = await stoppedRead;
        var reasons = stopped.SelectMany(s => s.Reasons.Select(r => r.Reason).Distinct()).ToList();
        var gaps = stopped.Select(s => s.YearsFromHubSupportEndToStop).OfType<double>().ToList();

        return (new PortfolioReport(p.AsOf, p.Grid.Version, p.KnownAt, snapshots.Count, snapshots.Count - stopped.Count, stopped.Count,
            stopped.Count == 0 ? null : PortfolioAt.Median(stopped.Select(s => s.LifespanYears)),
            stopped, KaplanMeier.Estimate(Durability.SurvivalBy.All, Lifespans.Observations(snapshots, p.AsOf)),
            Lifespans.Groups(snapshots, p.AsOf),
            Enum.GetValues<StopReason>().Select(r => new Tally(r.Wire(), FrenchLabels.Of(r), reasons.Count(x => x == r))).ToList(),
            stopped.SelectMany(s => s.Reasons).Select(r => r.Text).OfType<string>().Distinct().ToList(),
            new RemainsTally(
                stopped.Count(s => s.Remains.ActivityTakenOverBy is not null), stopped.Count(s => s.Remains.AssetsPassedOnTo is not null),
                stopped.Count(s => s.Remains.LastingNetwork), stopped.Sum(s => s.Remains.JobsKept),
                stopped.Count(s => s.LastFollowUp is not null), stopped.Count(s => s.LastFollowUp?.ActivityStillRunning == true),
                stopped.Count(s => s.LastFollowUp?.NetworkStillActive == true)),
            Enum.GetValues<HubStance>().Select(h => new Tally(h.Wire(), FrenchLabels.Of(h), stopped.Count(s => s.HubStance == h)))
                .Append(new Tally("none", "Non précisée", stopped.Count(s => s.HubStance is null))).ToList(),
            new SupportToStop(gaps.Count, stopped.Count(s => s.HubActiveAtStop), stopped.Count(s => !s.EverByHub),
                gaps.Count == 0 ? null : PortfolioAt.Median(gaps)),
            watch, stopped.Count(s => s.SignalsBeforeStop.Count >= WatchRules.MinSignals), pillars), eves);
    }

    /// <summary>
    /// The stopped projects' summaries, in the order of their stops, from their periods alone: those holding on the day of
    /// the stop, the day before it and <see cref="WatchRules.LookBackYears"/> before that (one query), and the collective
    /// pillar's peak before each stop found by PostgreSQL. No project's events are read.
    /// </summary>
    private static async Task<(List<StoppedSummary> Summaries, IReadOnlyList<ScorePeriod> Eves)> StoppedAsync(
        PortfolioHistory history, IReadOnlyList<ScorePeriod> rows, AnalyticsParameters p, CancellationToken ct)
    {
        var held = (await history.HoldingAtAsync(p.Grid, rows.SelectMany(s => DaysRead(s.StoppedOn!.Value).Select(d => (s.ProjectId, d))).ToList(), ct))
            .ToLookup(x => x.ProjectId);
        var peaks = await history.PillarPeaksAsync(
            p.Grid, WatchRules.CollectiveOwnership, rows.Select(s => (s.ProjectId, s.StoppedOn!.Value.AddDays(-1))).ToList(), ct);
        // A stale period (a start's rebuild not done yet) may lack what a summary reads: that project's periods folded from its events.
        var folded = await history.FoldedPeriodsAsync(p.Grid, rows.Where(s => PortfolioHistory.IsStale(s, p.Grid)).Select(s => s.ProjectId).ToList(), ct);
        var eves = new List<ScorePeriod>();
        var summaries = new List<StoppedSummary>();
        foreach (var s in rows)
        {
            var periods = folded.TryGetValue(s.ProjectId, out var fold) ? fold : held[s.ProjectId].ToList();
            summaries.Add(SummaryOf(fold is null ? s : PortfolioHistory.HoldingAt(fold, p.AsOf) ?? s, periods, peaks.GetValueOrDefault(s.ProjectId)));
            if (PortfolioHistory.HoldingAt(periods, s.StoppedOn!.Value.AddDays(-1)) is { } eve) eves.Add(eve);
        }
        return (summaries.OrderBy(s => s.StoppedOn).ThenBy(s => s.Key, StringComparer.Ordinal).ToList(), eves);
    }

    /// <summary>The days a stopped project's summary reads its periods at: the stop's, the day before, and the look-back's first day before that.</summary>
    public static IEnumerable<DateOnly> DaysRead(DateOnly stoppedOn) =>
        [stoppedOn, stoppedOn.AddDays(-1), stoppedOn.AddDays(-1).AddYears(-WatchRules.LookBackYears)];

    /// <summary>
    /// A stopped project's summary from its period at the report's date <paramref name="s"/>, its periods holding on the
    /// <see cref="DaysRead"/> (<paramref name="periods"/>) and the collective pillar's peak before the stop
    /// (<paramref name="peak"/>): the same figures as its own report, which replays and scores each of its days
    /// (<see cref="ProjectReport.Of"/>; test <c>StoppedSummaries</c>).
    /// </summary>
    public static StoppedSummary SummaryOf(ScorePeriod s, IReadOnlyList<ScorePeriod> periods, Reading? peak)
    {
        if (s.Stop is not { Logged: var stop } stopped)
            throw new InvalidOperationException($"project {s.ProjectId} is read as stopped, but its period holds no stop");
        var atStop = PortfolioHistory.HoldingAt(periods, stop.On)?.Stop
            ?? throw new InvalidOperationException($"project {s.ProjectId} has no stopped period on the day of its stop");
        var before = stop.On.AddDays(-1);
        var eve = PortfolioHistory.HoldingAt(periods, before);
        var signals = eve is null ? [] : WatchRules.SignalsOf(eve, PortfolioHistory.HoldingAt(periods, before.AddYears(-WatchRules.LookBackYears)), before, peak);
        var yearsFromSupportEnd = !stopped.HubActiveAtStop && s.LastHubSupportEndedOn is { } end ? LifeReplay.Years(end, stop.On) : (double?)null;
        return new StoppedSummary(s.ProjectId, s.Key, s.Name, s.LegalFormOf(), s.EmergedOn, stop.On, LifeReplay.Years(s.EmergedOn, stop.On),
            StopReasons.Of(stop), Durability.Remains.Of(stop), stop.HubStance, s.EverAccompaniedByHub, stopped.HubActiveAtStop,
            yearsFromSupportEnd, stopped.LastFollowUp, signals, atStop.Produced.Select(v => v.ToOutput()).ToList());
    }

    public IEnumerable<TidyRow> Tidy()
    {
        yield return new("portfolio", AsOf, "projects", Projects);
        yield return new("portfolio", AsOf, "live", Live);
        yield return new("portfolio", AsOf, "stopped", StoppedCount);
        yield return new("portfolio", AsOf, "medianLifespanYears", MedianLifespanYears);
        yield return new("portfolio", AsOf, "medianSurvivalYears", Survival.MedianYears);
        foreach (var r in Reasons) yield return new("portfolio", AsOf, $"count:reason:{r.Code}", r.Projects);
        foreach (var h in HubStances) yield return new("portfolio", AsOf, $"count:hubStance:{h.Code}", h.Projects);
        yield return new("portfolio", AsOf, "count:activityTakenOver", Remains.ActivityTakenOver);
        yield return new("portfolio", AsOf, "count:assetsPassedOn", Remains.AssetsPassedOn);
        yield return new("portfolio", AsOf, "count:lastingNetwork", Remains.LastingNetwork);
        yield return new("portfolio", AsOf, "sum:jobsKept", Remains.JobsKept);
        yield return new("portfolio", AsOf, "medianYearsFromHubSupportEndToStop", SupportToStop.MedianYears);
        yield return new("portfolio", AsOf, "watchList", WatchList.Count);
        foreach (var curve in SurvivalBy.SelectMany(g => g.Curves.Select(c => (Subject: $"survival:{g.By}={c.Group}", Curve: c)))
                     .Prepend((Subject: "survival:all", Curve: Survival)))
            foreach (var step in curve.Curve.Steps)
            {
                var subject = string.Create(CultureInfo.InvariantCulture, $"{curve.Subject}|years={step.Years:0.00}");
                yield return new(subject, null, "atRisk", step.AtRisk);
                yield return new(subject, null, "stops", step.Stops);
                yield return new(subject, null, "censored", step.Censored);
                yield return new(subject, null, "survival", step.Survival);
            }
        foreach (var s in Stopped)
        {
            yield return new(s.Key, s.StoppedOn, "lifespanYears", s.LifespanYears);
            foreach (var r in s.Reasons) yield return new(s.Key, s.StoppedOn, "reason", r.Text is null ? r.Reason.Wire() : $"{r.Reason.Wire()}: {r.Text}");
            yield return new(s.Key, s.StoppedOn, "hubStance", s.HubStance?.Wire());
            yield return new(s.Key, s.StoppedOn, "yearsFromHubSupportEndToStop", s.YearsFromHubSupportEndToStop);
            foreach (var v in s.ProducedAtStop)
                yield return new(s.Key, v.On, $"producedAtStop:{Outputs.OutputsAt.MeasureName(v.Measure, v.Unit)}", v.Value) { UnitShown = v.UnitAsTyped };
        }
        foreach (var w in WatchList)
            foreach (var signal in w.Signals)
                yield return new(w.Key, AsOf, "signal", signal.Kind.Wire(), $"{w.Key} · Signal de vigilance : {WatchDocument.Label(signal)}");
        // The persistence's own rows but its portfolio counts, which the report's first rows already give.
        yield return new("portfolio", AsOf, "driftedAway", Persistence.DriftedAway.Count);
        yield return new("portfolio", AsOf, "cameCloser", Persistence.CameCloser.Count);
        foreach (var row in Persistence.Tidy().Where(r => r.Subject != "portfolio")) yield return row;
        foreach (var row in Network?.Tidy() ?? []) yield return row;
        foreach (var row in Territory?.Tidy(AsOf) ?? []) yield return row;
        foreach (var row in Typology?.Tidy(AsOf) ?? []) yield return row;
    }
}
