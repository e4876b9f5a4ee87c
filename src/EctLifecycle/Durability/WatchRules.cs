using System.Globalization;
using EctLifecycle.Analytics;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.ScoreHistory;

namespace EctLifecycle.Durability;

public enum WatchSignal { FallingCooperation, RisingPublicShare, HubSupportEnded, CarrierLost }

/// <summary>A warning sign and the facts behind it, in French, as staff will check them.</summary>
public sealed record Signal(WatchSignal Kind, IReadOnlyList<string> Evidence);

public sealed record WatchEntry(Guid Id, string Key, string Name, Stage Stage, IReadOnlyList<Signal> Signals);

/// <summary>
/// Live projects that look like the stopped ones did before they stopped. Two of the four signals echo what the study
/// writes (seed <c>000_63fefee6844dd0ec.txt</c>): cooperation that wanes after emergence (« Les objectifs de portage
/// collectif et de coopération ont quant à eux semblé difficiles à poursuivre. ») and public money (« les projets sont
/// apparus comme particulièrement dépendants des financements publics, et en instabilité financière »). The two others,
/// the end of the hub's support and the loss of a carrier, are the tool's own choices: the study links neither to a
/// project's fading. Every figure below is the tool's default, a constant of this class. A project is listed when it
/// shows at least <see cref="MinSignals"/> of the four, since one alone is common in a healthy life (an actor leaves, a
/// programme ends) and would list most of the portfolio.
/// </summary>
public static class WatchRules
{
    /// <summary>Two signals or more put a project on the list.</summary>
    public const int MinSignals = 2;

    /// <summary>"Recent" is the last two years: a stopped project's collective and resources thin out over its last year or two.</summary>
    public const int LookBackYears = 2;

    /// <summary>Two departures in the look-back: one is turnover, two in a collective of a handful of actors is a trend.</summary>
    public const int ActorsLeft = 2;

    /// <summary>Half a point of the collective-ownership mean (0-3) lost since its peak: a criterion down two levels, or two down one.</summary>
    public const double CollectivePillarDrop = 0.5;

    /// <summary>A public share up 25 points in the look-back: the project is sliding towards <i>sous perfusion</i> (80 %).</summary>
    public const double PublicShareRise = 0.25;

    /// <summary>Up to this many projects, their funding two years before is read from their own periods, not every project's.</summary>
    public const int FewProjects = 2_000;

    private const string Cooperation = ScorePeriod.WatchedCriterion;
    internal const string CollectiveOwnership = "collective-ownership";

    /// <summary>
    /// The live projects among <paramref name="rows"/> (periods holding at <paramref name="asOf"/>) that show enough signals,
    /// read from the periods alone: those holding two years before (their funding) and, for the projects one signal short
    /// or more, the collective pillar's peak (one row each, from the covering index). No project's events are read, but
    /// those of a project whose period is stale (<see cref="PortfolioHistory.IsStale"/>: a start's rebuild not done yet).
    /// </summary>
    /// <param name="fewProjects">Up to how many projects their funding two years before is read from their own periods
    /// (<see cref="FewProjects"/>; the tests set it to read either way).</param>
    public static async Task<IReadOnlyList<WatchEntry>> OfAsync(
        PortfolioHistory history, IReadOnlyList<ScorePeriod> rows, DateOnly asOf, Grid grid, CancellationToken ct = default, int fewProjects = FewProjects)
    {
        if (rows.Count == 0) return [];
        var since = asOf.AddYears(-LookBackYears);
        // The funding two years before: of the few projects given, their periods then (the projects moved since the day's
        // list was kept); of many, every project's funding then, read narrow.
        var then = (rows.Count <= fewProjects
            ? await history.HoldingAtAsync(grid, rows.Select(s => (s.ProjectId, since)).ToList(), ct)
            : await history.FundingAtAsync(since, grid, ct)).ToDictionary(x => x.ProjectId);
        // A project whose money, hub and carrier show no signal shows one at most (its cooperation): it cannot be listed.
        var near = rows.Where(s => s.StoppedOn is null && SureSignals(s, then.GetValueOrDefault(s.ProjectId), since) >= MinSignals - 1).ToList();
        var peaks = await history.PillarPeaksAsync(grid, CollectiveOwnership, near.Select(s => (s.ProjectId, asOf)).ToList(), ct);
        var folded = await history.FoldedPeriodsAsync(grid, near.Where(s => PortfolioHistory.IsStale(s, grid)).Select(s => s.ProjectId).ToList(), ct);
        IReadOnlyList<Signal> Signals(ScorePeriod s) => folded.TryGetValue(s.ProjectId, out var periods)
            ? SignalsOf(PortfolioHistory.HoldingAt(periods, asOf) ?? s, PortfolioHistory.HoldingAt(periods, since), asOf, peaks.GetValueOrDefault(s.ProjectId))
            : SignalsOf(s, then.GetValueOrDefault(s.ProjectId), asOf, peaks.GetValueOrDefault(s.ProjectId));
        return near
            .Select(s => new WatchEntry(s.ProjectId, s.Key, s.Name, s.StageOf(), Signals(s)))
            .Where(w => w.Signals.Count >= MinSignals)
            .OrderByDescending(w => w.Signals.Count).ThenBy(w => w.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>How many of the public share, the hub's support and the carrier signals the project shows (<see cref="SignalsOf(ScorePeriod, ScorePeriod?, DateOnly, Reading?)"/>'s).</summary>
    public static int SureSignals(ScorePeriod now, ScorePeriod? then, DateOnly since) =>
        (UnderPerfusion(now) || PublicShareRose(now, then) ? 1 : 0) + (HubSupportEndedSince(now, since) is null ? 0 : 1) + (CarrierGone(now) ? 1 : 0);

    private static bool UnderPerfusion(ScorePeriod now) => ResourceStory.UnderPerfusion(now.IndicatorsOf());

    // A rise is measured against resources the project already had: its first funding is not a slide.
    private static bool PublicShareRose(ScorePeriod now, ScorePeriod? then) =>
        now.ActiveFundingEuros > 0 && then is { ActiveFundingEuros: > 0 } && now.PublicShare - then.PublicShare >= PublicShareRise - 1e-9;

    // The hub's support, which the project had, all ended, the last of it after the look-back's first day.
    private static DateOnly? HubSupportEndedSince(ScorePeriod now, DateOnly since) =>
        now.EverAccompaniedByHub && !now.HubAccompanimentActive && now.LastHubSupportEndedOn is { } ended && ended > since ? ended : null;

    // No carrier now, where the project had one.
    private static bool CarrierGone(ScorePeriod now) => now.CarrierName is null && now.EverCarried;

    // The first of a project's periods (in order of their first day) at the highest mean: the drift's peak (Drift.Of).
    public static Reading CollectivePeak(IReadOnlyList<ScorePeriod> periods) => PortfolioHistory.PeakOf(periods, CollectiveOwnership);

    /// <summary>
    /// The signals a project shows at <paramref name="at"/>, from its periods: <paramref name="now"/> holding at that date,
    /// <paramref name="then"/> holding <see cref="LookBackYears"/> before (null before the project emerged; its funding is
    /// all that is read of it), and <paramref name="peak"/> the collective pillar's highest mean up to <paramref name="at"/>
    /// and its first day (<see cref="PortfolioHistory.PillarPeaksAsync"/>; null: no fall is read).
    /// </summary>
    public static IReadOnlyList<Signal> SignalsOf(ScorePeriod now, ScorePeriod? then, DateOnly at, Reading? peak)
    {
        var since = at.AddYears(-LookBackYears);
        var signals = new List<Signal>();
        void Add(WatchSignal kind, List<string> evidence) { if (evidence.Count > 0) signals.Add(new Signal(kind, evidence)); }

        var cooperation = new List<string>();
        var left = now.ActorsLeftOn?.Count(d => d > since) ?? 0;
        if (left >= ActorsLeft) cooperation.Add($"{left} acteurs ont quitté le collectif depuis le {since:dd/MM/yyyy}");
        if (now.WatchedAssessment is { EarlierPeak: { } earlier } last && last.Points < earlier)
            cooperation.Add($"coopération vivante évaluée à {last.Points}/3 le {last.On:dd/MM/yyyy}, après {earlier}/3");
        if (peak is { } highest)
        {
            var current = now.Pillar(CollectiveOwnership);
            if (current <= highest.Value - CollectivePillarDrop + 1e-9)
                cooperation.Add($"portage collectif à {N(current)} contre {N(highest.Value)} au plus haut ({highest.Date:dd/MM/yyyy})");
        }
        Add(WatchSignal.FallingCooperation, cooperation);

        var publicShare = new List<string>();
        if (UnderPerfusion(now))
            publicShare.Add($"{Pct(now.PublicShare)} d'argent public : sous perfusion (plus de {Pct(ResourceStory.PerfusionShare)})");
        if (PublicShareRose(now, then))
            publicShare.Add($"part publique passée de {Pct(then!.PublicShare)} à {Pct(now.PublicShare)} depuis le {since:dd/MM/yyyy}");
        Add(WatchSignal.RisingPublicShare, publicShare);

        if (HubSupportEndedSince(now, since) is { } ended)
            Add(WatchSignal.HubSupportEnded, [$"accompagnement du pôle terminé le {ended:dd/MM/yyyy}"]);

        if (CarrierGone(now))
            Add(WatchSignal.CarrierLost, [now.LastCarrierLostOn is not { } lost ? "plus de porteur" : $"plus de porteur depuis le {lost:dd/MM/yyyy} ({now.LastCarrierLostReason})"]);
        return signals;
    }

    /// <summary>
    /// The signals a project shows at <paramref name="at"/>, from its timeline (a project's own report, its plans at each
    /// write): its rows under <paramref name="grid"/> at that date and <see cref="LookBackYears"/> before, read as the
    /// portfolio's periods are; empty before it emerged. <paramref name="peak"/>: the collective pillar's peak when the
    /// caller has it from the stored periods, else read from the timeline's drift.
    /// </summary>
    public static IReadOnlyList<Signal> SignalsOf(ProjectTimeline timeline, DateOnly at, Grid grid, Reading? peak = null) =>
        ScorePeriods.RowAsOf(timeline, at, grid) is { } now
            ? SignalsOf(now, ScorePeriods.RowAsOf(timeline, at.AddYears(-LookBackYears), grid), at, peak ?? DriftPeak(timeline, at, grid))
            : [];

    /// <summary>
    /// Whether the project shows at least <see cref="MinSignals"/> at <paramref name="at"/> (its plans, at each write): its
    /// drift, which only the falling cooperation reads, is folded only when the other signals come one short or more.
    /// </summary>
    public static bool Listed(ProjectTimeline timeline, DateOnly at, Grid grid)
    {
        if (ScorePeriods.RowAsOf(timeline, at, grid) is not { } now) return false;
        var since = at.AddYears(-LookBackYears);
        var then = ScorePeriods.RowAsOf(timeline, since, grid);
        return SureSignals(now, then, since) >= MinSignals - 1 && SignalsOf(now, then, at, DriftPeak(timeline, at, grid)).Count >= MinSignals;
    }

    /// <summary>The collective pillar's peak up to <paramref name="at"/> from the timeline's drift; null before any point.</summary>
    public static Reading? DriftPeak(ProjectTimeline timeline, DateOnly at, Grid grid) =>
        Drift.Of(timeline, grid).Where(p => p.Date <= at).Select(p => new Reading(p.Date, p.PillarMeans[CollectiveOwnership]))
            .Aggregate((Reading?)null, (best, p) => best is null || p.Value > best.Value ? p : best);

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    private static string N(double d) => d.ToString("0.00", French);

    private static string Pct(double share) => (share * 100).ToString("0", French) + " %";
}
