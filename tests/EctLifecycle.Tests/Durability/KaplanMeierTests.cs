using EctLifecycle.Analytics;
using EctLifecycle.Durability;

namespace EctLifecycle.Tests.Durability;

public class KaplanMeierTests
{
    // Eight projects, in years since emergence; † a stop, + still live at the as-of date (censored):
    //   1†  2†  2†  2+  3+  4†  5+  6†
    // By hand, S(t) = Π (1 − d/n) over the stop times:
    //   t=1: n=8 followed, d=1           S = 7/8                 = 0.875
    //   t=2: n=7, d=2 (the 2+ still counts at 2, censoring comes after the stops)
    //                                    S = 0.875 × (1 − 2/7)   = 0.625
    //   after t=2 the three of t=2 are gone: n=4
    //   t=3: 3+ censored, S unchanged    S = 0.625,  then n=3
    //   t=4: n=3, d=1                    S = 0.625 × (1 − 1/3)   = 0.41666…
    //   t=5: 5+ censored                 S unchanged, then n=1
    //   t=6: n=1, d=1                    S = 0.41666… × (1 − 1/1) = 0
    // The median survival is the first time S ≤ 0.5: t = 4.
    private static readonly SurvivalObservation[] Eight =
    [
        new(1, true), new(2, true), new(2, true), new(2, false), new(3, false), new(4, true), new(5, false), new(6, true),
    ];

    [Fact]
    public void the_curve_matches_the_hand_computation_with_ties_and_censoring()
    {
        var curve = KaplanMeier.Estimate("tous", Eight);
        curve.Projects.ShouldBe(8);
        curve.Stops.ShouldBe(5);
        curve.Steps.Select(s => s.Years).ShouldBe([1, 2, 3, 4, 5, 6]);
        curve.Steps.Select(s => s.AtRisk).ShouldBe([8, 7, 4, 3, 2, 1]);
        curve.Steps.Select(s => s.Stops).ShouldBe([1, 2, 0, 1, 0, 1]);
        curve.Steps.Select(s => s.Censored).ShouldBe([0, 1, 1, 0, 1, 0]);
        curve.Steps.Select(s => s.Survival).ShouldBe([0.875, 0.625, 0.625, 5.0 / 12, 5.0 / 12, 0], tolerance: 1e-12);
        curve.Drops.Count().ShouldBe(4);
        curve.MedianYears.ShouldBe(4);
    }

    [Fact]
    public void a_curve_that_never_falls_to_one_half_has_no_median_and_an_all_censored_one_stays_at_one()
    {
        KaplanMeier.Estimate("a", [new(1, true), new(2, false), new(3, false)]).MedianYears.ShouldBeNull();
        var live = KaplanMeier.Estimate("b", [new(1, false), new(4, false)]);
        live.Steps.ShouldAllBe(s => s.Survival == 1);
        live.Drops.ShouldBeEmpty();
        KaplanMeier.Estimate("c", []).Steps.ShouldBeEmpty();
    }

    [Fact]
    public void a_long_curve_is_drawn_a_month_at_a_time_with_the_survival_at_each_months_end_and_every_stop_counted()
    {
        // 3,000 projects over 25 years, a stop or a censoring at each day-ish distinct duration: some 3,000 steps.
        var random = new Random(5);
        var observations = Enumerable.Range(0, 3_000).Select(i => new SurvivalObservation(Math.Round(random.NextDouble() * 25, 4), random.Next(3) > 0)).ToList();
        var curve = KaplanMeier.Estimate("tous", observations);
        curve.Steps.Count.ShouldBeGreaterThan(DurabilityCharts.StepsDrawnWhole);
        var drawn = DurabilityCharts.Drawn(curve.Steps);
        drawn.Count.ShouldBeLessThanOrEqualTo(25 * 12 + 1);
        drawn.Sum(s => s.Stops).ShouldBe(curve.Stops);
        drawn.Sum(s => s.Censored).ShouldBe(curve.Steps.Sum(s => s.Censored));
        foreach (var step in drawn)
        {
            var monthEnd = (Math.Floor(step.Years * 12) + 1) / 12;
            // The curve's value just before the next month begins: its last step within the month.
            step.Survival.ShouldBe(curve.Steps.Last(s => s.Years < monthEnd).Survival);
        }
        DurabilityCharts.Drawn(curve.Steps.Take(DurabilityCharts.StepsDrawnWhole).ToList()).Count.ShouldBe(DurabilityCharts.StepsDrawnWhole, "a curve short enough drawn whole");
    }
}
