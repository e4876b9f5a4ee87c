using System.Globalization;
using EctLifecycle.Analytics;
using EctLifecycle.Durability;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;

namespace EctLifecycle.Tests.Durability;

/// <summary>
/// The watch list's signals read from the periods (what each stores of the actors' departures, the assessments of
/// cooperation and the carrier's loss) equal the signals read from the events themselves, as the rule is written: for
/// 400 generated lives, under every grid, at the days around each of their milestones and at the year ends; from one
/// day's rows (a project's plans, at each write) and from the periods as stored (days merged into periods).
/// </summary>
public class SignalsFromThePeriods
{
    private static readonly GridCatalog Grids = GridCatalog.LoadFrom(GridCatalog.DefaultFolder);

    [Fact]
    public void the_signals_from_the_periods_equal_those_read_from_the_events()
    {
        var timelines = EctLifecycle.Portfolio.Demo.DemoPortfolio.Synthetic(400, seed: 29)
            .Select(p => new ProjectTimeline(p.Events.Select((e, i) => new TimelineEntry(Guid.NewGuid(), i + 1, DateTimeOffset.UnixEpoch.AddMinutes(i), e))))
            .ToList();
        var seen = new Dictionary<string, int>();
        var compared = 0;
        foreach (var grid in Grids.All)
            foreach (var (t, n) in timelines.Select((t, n) => (t, n)))
            {
                var effective = t.Effective().Select(e => e.Event.OccurredOn).Distinct().ToList();
                // The days around a few of its milestones (a period's first day and the day before it), and two year ends.
                var dates = effective.Where((_, i) => (i + n) % 7 == 0).SelectMany(d => new[] { d, d.AddDays(-1), d.AddYears(2) })
                    .Append(new DateOnly(2019, 12, 31)).Append(new DateOnly(2024, 6, 30)).Distinct();
                // The periods as the projection stores them (consecutive equal days merged into one period).
                var periods = EctLifecycle.ScoreHistory.ScorePeriods.Of(t, [grid], 0);
                foreach (var at in dates)
                {
                    var read = WatchRules.SignalsOf(t, at, grid);
                    var expected = FromTheEvents(t, at, grid);
                    Text(read).ShouldBe(Text(expected), $"{grid.Version} {t.Registration!.Event.ProjectId} {at}");
                    var stored = PortfolioHistory.HoldingAt(periods, at) is { } now
                        ? WatchRules.SignalsOf(now, PortfolioHistory.HoldingAt(periods, at.AddYears(-WatchRules.LookBackYears)), at,
                            WatchRules.CollectivePeak(periods.Where(x => x.From <= at).ToList()))
                        : [];
                    Text(stored).ShouldBe(Text(expected), $"stored, {grid.Version} {t.Registration!.Event.ProjectId} {at}");
                    WatchRules.Listed(t, at, grid).ShouldBe(expected.Count >= WatchRules.MinSignals);
                    foreach (var evidence in read.SelectMany(s => s.Evidence))
                        foreach (var kind in Kinds.Where(k => evidence.Contains(k, StringComparison.Ordinal)))
                            seen[kind] = seen.GetValueOrDefault(kind) + 1;
                    compared++;
                }
            }
        compared.ShouldBeGreaterThan(5_000);
        // Every kind of evidence shows, so each stored fact is compared where it counts (a carrier is gone only by its loss:
        // « plus de porteur » alone cannot show).
        foreach (var kind in Kinds) seen.GetValueOrDefault(kind).ShouldBeGreaterThan(0, $"no evidence « {kind} » in {compared} readings");
    }

    private static readonly string[] Kinds =
    [
        "acteurs ont quitté", "coopération vivante évaluée à", "portage collectif à", "d'argent public", "part publique passée de",
        "accompagnement du pôle terminé le", "plus de porteur depuis le",
    ];

    private static string Text(IReadOnlyList<Signal> signals) =>
        string.Join("\n", signals.Select(s => $"{s.Kind}: {string.Join(" / ", s.Evidence)}"));

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>The rule as the watch list states it, read from the project's effective events and its states (as it was read before the periods held its evidence).</summary>
    private static List<Signal> FromTheEvents(ProjectTimeline timeline, DateOnly at, Grid grid)
    {
        if (timeline.StateAsOf(at) is not { } now) return [];
        var since = at.AddYears(-WatchRules.LookBackYears);
        var then = timeline.StateAsOf(since);
        var signals = new List<Signal>();
        void Add(WatchSignal kind, List<string> evidence) { if (evidence.Count > 0) signals.Add(new Signal(kind, evidence)); }
        string N(double d) => d.ToString("0.00", French);
        string Pct(double share) => (share * 100).ToString("0", French) + " %";

        var cooperation = new List<string>();
        var left = now.Actors.Count(a => a.LeftOn > since);
        if (left >= WatchRules.ActorsLeft) cooperation.Add($"{left} acteurs ont quitté le collectif depuis le {since:dd/MM/yyyy}");
        var assessed = timeline.Effective(at).Select(e => e.Event).OfType<CriteriaAssessed>()
            .SelectMany(a => a.Scores.Where(s => s.CriterionId == "cooperation-alive").Select(s => (a.OccurredOn, s.Points))).ToList();
        if (assessed.Count >= 2 && assessed[^1].Points < assessed[..^1].Max(x => x.Points))
            cooperation.Add($"coopération vivante évaluée à {assessed[^1].Points}/3 le {assessed[^1].OccurredOn:dd/MM/yyyy}, après {assessed[..^1].Max(x => x.Points)}/3");
        if (WatchRules.DriftPeak(timeline, at, grid) is { } highest)
        {
            var current = Scorer.Score(grid, now).PillarMean("collective-ownership");
            if (current <= highest.Value - WatchRules.CollectivePillarDrop + 1e-9)
                cooperation.Add($"portage collectif à {N(current)} contre {N(highest.Value)} au plus haut ({highest.Date:dd/MM/yyyy})");
        }
        Add(WatchSignal.FallingCooperation, cooperation);

        var money = Indicators.Of(now);
        var earlier = then is null ? null : Indicators.Of(then);
        var publicShare = new List<string>();
        if (ResourceStory.UnderPerfusion(money))
            publicShare.Add($"{Pct(money.PublicShare)} d'argent public : sous perfusion (plus de {Pct(ResourceStory.PerfusionShare)})");
        if (money.ActiveFundingEuros > 0 && earlier is { ActiveFundingEuros: > 0 } && money.PublicShare - earlier.PublicShare >= WatchRules.PublicShareRise - 1e-9)
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
}
