using EctLifecycle.Analytics;
using EctLifecycle.Durability;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;
using static EctLifecycle.Tests.Support.History;

namespace EctLifecycle.Tests.Durability;

/// <summary>Which live projects look like the stopped ones did before they stopped, on hand-built histories.</summary>
public class WatchListTests
{
    private static readonly Grid V1 = GridCatalog.LoadFrom(GridCatalog.DefaultFolder).Default;
    private static readonly DateOnly AsOf = D("2024-06-30");

    /// <summary>A collective of three, the hub's support and a carrier, all since 2018.</summary>
    private static History Started(string name)
    {
        var h = Emerging("2018-01-01");
        h.Actor("2018-01-15", $"{name} mairie", ActorKind.PublicBody);
        h.Actor("2018-02-01", $"{name} ferme", ActorKind.Farmer);
        h.Actor("2018-02-15", $"{name} association");
        h.Add(new AccompanimentStarted(h.ProjectId, D("2018-02-01"), "t", true, null, "Incubation"));
        h.Carrier("2018-03-01", "Martine L.");
        return h;
    }

    /// <summary>Two actors left in the last two years, the hub's support ended a year ago, the carrier is gone: 3 signals.</summary>
    private static History Fading()
    {
        var h = Started("fading");
        h.Add(new AccompanimentEnded(h.ProjectId, D("2023-09-01"), "t", true, null));
        h.Left("2023-01-10", "fading ferme");
        h.Left("2024-02-01", "fading association");
        h.Add(new CarrierLost(h.ProjectId, D("2023-11-01"), "t", "épuisement du porteur"));
        return h;
    }

    /// <summary>The hub's support ended too, but the collective holds and the carrier stays: one signal only.</summary>
    private static History Holding()
    {
        var h = Started("holding");
        h.Add(new AccompanimentEnded(h.ProjectId, D("2023-09-01"), "t", true, null));
        h.Actor("2023-10-01", "holding habitants", ActorKind.Inhabitant);
        return h;
    }

    [Fact]
    public async Task a_project_with_two_signals_or_more_is_listed_with_the_facts_behind_them_and_one_with_a_single_signal_is_not()
    {
        var fading = Fading();
        var holding = Holding();
        var stopped = Fading();
        stopped.Add(new ProjectStopped(stopped.ProjectId, D("2024-03-01"), "t", ["carrierLeft"], null));

        var history = PortfolioHistory.Of([fading.Timeline, holding.Timeline, stopped.Timeline]);
        var watch = await WatchRules.OfAsync(history, await history.AtAsync(AsOf, V1), AsOf, V1);

        var entry = watch.ShouldHaveSingleItem("the holding project shows one signal, the stopped one is no longer live");
        entry.Id.ShouldBe(fading.ProjectId);
        entry.Signals.Select(s => s.Kind).ShouldBe([WatchSignal.FallingCooperation, WatchSignal.HubSupportEnded, WatchSignal.CarrierLost]);
        entry.Signals[0].Evidence.ShouldContain("2 acteurs ont quitté le collectif depuis le 30/06/2022");
        entry.Signals[1].Evidence.ShouldBe(["accompagnement du pôle terminé le 01/09/2023"]);
        entry.Signals[2].Evidence.Single().ShouldContain("01/11/2023");

        WatchRules.SignalsOf(holding.Timeline, AsOf, V1).Select(s => s.Kind).ShouldBe([WatchSignal.HubSupportEnded]);
    }

    [Fact]
    public void recent_signals_fade_with_time_but_a_collective_that_shrank_and_a_lost_carrier_stay()
    {
        var later = WatchRules.SignalsOf(Fading().Timeline, D("2026-06-30"), V1);
        later.Select(s => s.Kind).ShouldBe([WatchSignal.FallingCooperation, WatchSignal.CarrierLost]);
        later[0].Evidence.ShouldBe(["portage collectif à 0,50 contre 1,00 au plus haut (15/02/2018)"], "the departures are over two years old");
    }

    [Fact]
    public void living_on_public_money_or_sliding_towards_it_is_a_signal_a_first_funding_is_not()
    {
        var h = Started("money");
        h.Funding("2021-01-01", "F1", FundingSourceKind.Sales, 8000);
        h.Funding("2021-01-01", "F2", FundingSourceKind.PublicSubsidy, 2000);
        h.Add(new FundingEnded(h.ProjectId, D("2023-06-01"), "t", "F1", null));
        h.Funding("2023-06-01", "F3", FundingSourceKind.PublicSubsidy, 20000);
        var signal = WatchRules.SignalsOf(h.Timeline, AsOf, V1).Single(s => s.Kind == WatchSignal.RisingPublicShare);
        signal.Evidence.ShouldBe([
            "100 % d'argent public : sous perfusion (plus de 80 %)",
            "part publique passée de 20 % à 100 % depuis le 30/06/2022",
        ]);

        var fresh = Started("first");
        fresh.Funding("2024-01-01", "F1", FundingSourceKind.CallForProjects, 5000);
        fresh.Funding("2024-01-01", "F2", FundingSourceKind.Sales, 5000);
        WatchRules.SignalsOf(fresh.Timeline, AsOf, V1).ShouldNotContain(s => s.Kind == WatchSignal.RisingPublicShare);
    }

    [Fact]
    public void a_cooperation_assessed_lower_than_before_is_a_sign_of_falling_cooperation()
    {
        var h = Started("assessed");
        h.Assessed("2020-01-01", ("cooperation-alive", 3));
        h.Assessed("2024-01-01", ("cooperation-alive", 1));
        var signal = WatchRules.SignalsOf(h.Timeline, AsOf, V1).Single(s => s.Kind == WatchSignal.FallingCooperation);
        signal.Evidence.ShouldContain("coopération vivante évaluée à 1/3 le 01/01/2024, après 3/3");
    }

    [Fact]
    public async Task the_periods_rule_out_only_projects_whose_events_show_fewer_than_two_signals()
    {
        // 400 generated lives, asked at several dates: the list read through the periods is the one every live project's
        // events give, so the periods' pre-filter never drops a project that belongs on it.
        var timelines = EctLifecycle.Portfolio.Demo.DemoPortfolio.Synthetic(400, seed: 17)
            .Select(p => new ProjectTimeline(p.Events.Select((e, i) => new TimelineEntry(Guid.NewGuid(), i + 1, DateTimeOffset.UnixEpoch.AddMinutes(i), e))))
            .ToList();
        var history = PortfolioHistory.Of(timelines);
        var listed = 0;
        foreach (var at in new[] { D("2012-12-31"), D("2018-06-30"), D("2021-03-31"), AsOf })
        {
            var expected = timelines.Where(t => t.StateAsOf(at) is { Stopped: null })
                .Select(t => (Id: t.Registration!.Event.ProjectId, Signals: WatchRules.SignalsOf(t, at, V1).Count))
                .Where(x => x.Signals >= WatchRules.MinSignals).Select(x => x.Id).Order().ToList();
            var watch = await WatchRules.OfAsync(history, await history.AtAsync(at, V1), at, V1);
            watch.Select(w => w.Id).Order().ToList().ShouldBe(expected, $"at {at}");
            listed += expected.Count;
        }
        listed.ShouldBeGreaterThan(10, "the generated lives put projects on the list");
    }
}
