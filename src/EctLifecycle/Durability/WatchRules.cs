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

    private const string Cooperation = "cooperation-alive";
    internal const string CollectiveOwnership = "collective-ownership";

    /// <summary>
    /// The live projects among <paramref name="rows"/> (periods holding at <paramref name="asOf"/>) that show enough signals.
    /// The periods rule out every project that cannot show <see cref="MinSignals"/> (two more reads: those holding two years
    /// before; and the collective pillar's peak of the projects for which only its fall could decide, one row each): only
    /// the others' timelines are read, a chunk of streams at a time, and their signals computed from the events.
    /// </summary>
    public static async Task<IReadOnlyList<WatchEntry>> OfAsync(
        PortfolioHistory history, IReadOnlyList<ScorePeriod> rows, DateOnly asOf, Grid grid, CancellationToken ct = default)
    {
        var since = asOf.AddYears(-LookBackYears);
        var then = (await history.FundingAtAsync(since, grid, ct)).ToDictionary(x => x.ProjectId);
        var live = rows.Where(s => s.StoppedOn is null)
            .Select(s => (Row: s, Sure: SureSignals(s, then.GetValueOrDefault(s.ProjectId), since), Cooperation: CooperationMayFall(s, since)))
            .ToList();
        // The collective pillar's peak of those one signal short or more (one row per project from the covering index): it decides for
        // those whose cooperation only the pillar's past could show falling, and is the peak their signals are read against.
        var near = live.Where(x => x.Sure >= MinSignals - 1).Select(x => x.Row.ProjectId).ToList();
        var peaks = await history.PillarPeaksAsync(grid, CollectiveOwnership, near.Select(id => (id, asOf)).ToList(), ct);
        var candidates = live.Where(x => x.Sure + (x.Cooperation || PillarFell(x.Row, peaks) ? 1 : 0) >= MinSignals).Select(x => x.Row).ToList();
        var timelines = await history.TimelinesAsync(candidates.Select(s => s.ProjectId), ct);
        return candidates
            .Select(s => new WatchEntry(s.ProjectId, s.Key, s.Name, s.StageOf(), SignalsOf(timelines[s.ProjectId], asOf, grid, peaks.GetValueOrDefault(s.ProjectId))))
            .Where(w => w.Signals.Count >= MinSignals)
            .OrderByDescending(w => w.Signals.Count).ThenBy(w => w.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>How many of the public share, the hub's support and the carrier signals the project shows: exact, from its periods.</summary>
    public static int SureSignals(ScorePeriod now, ScorePeriod? then, DateOnly since)
    {
        var money = ResourceStory.UnderPerfusion(now.IndicatorsOf())
            || (now.ActiveFundingEuros > 0 && then is { ActiveFundingEuros: > 0 } && now.PublicShare - then.PublicShare >= PublicShareRise - 1e-9);
        var hub = now.EverAccompaniedByHub && !now.HubAccompanimentActive && now.LastHubSupportEndedOn > since;
        var carrier = !now.CarrierPresent && now.EverCarried;
        return (money ? 1 : 0) + (hub ? 1 : 0) + (carrier ? 1 : 0);
    }

    /// <summary>
    /// Whether the falling cooperation may show through an actor who left in the look-back or an assessment lower than an
    /// earlier one (necessary, not sufficient: <see cref="SignalsOf"/> decides on the events).
    /// </summary>
    public static bool CooperationMayFall(ScorePeriod now, DateOnly since) =>
        now.LastActorLeftOn > since
        || !now.Criteria.TryGetValue(Cooperation, out var points) || now.AssessedPeaks.GetValueOrDefault(Cooperation) > points;

    private static bool PillarFell(ScorePeriod now, IReadOnlyDictionary<Guid, Reading> peaks) =>
        peaks.TryGetValue(now.ProjectId, out var peak) && now.Pillar(CollectiveOwnership) <= peak.Value - CollectivePillarDrop + 1e-9;

    // The first of a project's periods (in order of their first day) at the highest mean: the drift's peak (Drift.Of).
    public static Reading CollectivePeak(IReadOnlyList<ScorePeriod> periods) => PortfolioHistory.PeakOf(periods, CollectiveOwnership);

    /// <summary>The signals a project shows at <paramref name="at"/>; empty before it emerged.</summary>
    /// <remarks>
    /// The collective pillar's peak up to <paramref name="at"/> is <paramref name="peak"/> when the caller has it from the
    /// stored periods (the same as the drift's: tested), else read from the timeline's drift.
    /// </remarks>
    public static IReadOnlyList<Signal> SignalsOf(ProjectTimeline timeline, DateOnly at, Grid grid, Reading? peak = null)
    {
        if (timeline.StateAsOf(at) is not { } now) return [];
        var since = at.AddYears(-LookBackYears);
        var then = timeline.StateAsOf(since);
        var signals = new List<Signal>();
        void Add(WatchSignal kind, List<string> evidence) { if (evidence.Count > 0) signals.Add(new Signal(kind, evidence)); }

        var cooperation = new List<string>();
        var left = now.Actors.Count(a => a.LeftOn > since);
        if (left >= ActorsLeft) cooperation.Add($"{left} acteurs ont quitté le collectif depuis le {since:dd/MM/yyyy}");
        var assessed = timeline.Effective(at).Select(e => e.Event).OfType<CriteriaAssessed>()
            .SelectMany(a => a.Scores.Where(s => s.CriterionId == Cooperation).Select(s => (a.OccurredOn, s.Points))).ToList();
        if (assessed.Count >= 2 && assessed[^1].Points < assessed[..^1].Max(x => x.Points))
            cooperation.Add($"coopération vivante évaluée à {assessed[^1].Points}/3 le {assessed[^1].OccurredOn:dd/MM/yyyy}, " +
                            $"après {assessed[..^1].Max(x => x.Points)}/3");
        if ((peak ?? DriftPeak(timeline, at, grid)) is { } highest)
        {
            var current = Scorer.Score(grid, now).PillarMean(CollectiveOwnership);
            if (current <= highest.Value - CollectivePillarDrop + 1e-9)
                cooperation.Add($"portage collectif à {N(current)} contre {N(highest.Value)} au plus haut ({highest.Date:dd/MM/yyyy})");
        }
        Add(WatchSignal.FallingCooperation, cooperation);

        var money = Indicators.Of(now);
        var earlier = then is null ? null : Indicators.Of(then);
        var publicShare = new List<string>();
        if (ResourceStory.UnderPerfusion(money))
            publicShare.Add($"{Pct(money.PublicShare)} d'argent public : sous perfusion (plus de {Pct(ResourceStory.PerfusionShare)})");
        // A rise is measured against resources the project already had: its first funding is not a slide.
        if (money.ActiveFundingEuros > 0 && earlier is { ActiveFundingEuros: > 0 } && money.PublicShare - earlier.PublicShare >= PublicShareRise - 1e-9)
            publicShare.Add($"part publique passée de {Pct(earlier.PublicShare)} à {Pct(money.PublicShare)} depuis le {since:dd/MM/yyyy}");
        Add(WatchSignal.RisingPublicShare, publicShare);

        var hub = now.Accompaniments.Where(a => a.ByHub).ToList();
        if (hub.Count > 0 && hub.All(a => !a.Active) && hub.Max(a => a.EndedOn) is { } ended && ended > since)
            Add(WatchSignal.HubSupportEnded, [$"accompagnement du pôle terminé le {ended:dd/MM/yyyy}"]);

        var events = timeline.Effective(at).Select(e => e.Event).ToList();
        if (now.Carrier is null && events.Any(e => e is CarrierIdentified or CarryingHandedOver))
        {
            var lost = events.OfType<CarrierLost>().LastOrDefault();
            Add(WatchSignal.CarrierLost, [lost is null ? "plus de porteur" : $"plus de porteur depuis le {lost.OccurredOn:dd/MM/yyyy} ({lost.Reason})"]);
        }
        return signals;
    }

    /// <summary>The collective pillar's peak up to <paramref name="at"/> from the timeline's drift; null before any point.</summary>
    public static Reading? DriftPeak(ProjectTimeline timeline, DateOnly at, Grid grid) =>
        Drift.Of(timeline, grid).Where(p => p.Date <= at).Select(p => new Reading(p.Date, p.PillarMeans[CollectiveOwnership]))
            .Aggregate((Reading?)null, (best, p) => best is null || p.Value > best.Value ? p : best);

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    private static string N(double d) => d.ToString("0.00", French);

    private static string Pct(double share) => (share * 100).ToString("0", French) + " %";
}
