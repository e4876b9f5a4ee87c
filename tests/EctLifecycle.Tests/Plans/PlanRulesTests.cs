using EctLifecycle.Plans;
using EctLifecycle.Projects;
using EctLifecycle.Tests.Support;
using static EctLifecycle.Tests.Support.History;

namespace EctLifecycle.Tests.Plans;

/// <summary>The rules as pure functions: history, today and settings in, plans out.</summary>
public class PlanRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly HashSet<string> NoLogins = [];

    private static PlanChanges Reconcile(List<Plan> plans, History h, DateOnly today, PlanSettings? settings = null) =>
        PlanBook.Reconcile(plans, h.Timeline, today, Now, settings ?? new PlanSettings(), NoLogins, null);

    [Fact]
    public void the_settings_set_the_follow_ups_the_reassessment_the_funding_end_and_the_silence()
    {
        var h = Emerging("2018-03-01");
        h.Add(new FundingSecured(h.ProjectId, D("2018-04-01"), "t", "REG-1", FundingSourceKind.PublicSubsidy, "Région", 10000, D("2018-04-01"), D("2019-03-31")));
        h.Assessed("2018-06-01", ("cooperation-alive", 2));
        var live = PlanRules.Derive(h.Timeline, D("2026-03-02"), new PlanSettings());
        live.Single(p => p.Kind == PlanKind.Reassessment).Due.ShouldBe(D("2019-06-01"));
        live.Single(p => p.Kind == PlanKind.FundingEnd).Due.ShouldBe(D("2019-01-30"));
        live.Single(p => p.Kind == PlanKind.Silence).Due.ShouldBe(D("2018-12-01"));

        var other = new PlanSettings { FollowUpYears = [2, 3], ReassessmentMonths = 6, FundingEndDaysBefore = 30, SilenceMonths = 0 };
        var changed = PlanRules.Derive(h.Timeline, D("2026-03-02"), other);
        changed.Single(p => p.Kind == PlanKind.Reassessment).Due.ShouldBe(D("2018-12-01"));
        changed.Single(p => p.Kind == PlanKind.FundingEnd).Due.ShouldBe(D("2019-03-01"));
        changed.ShouldNotContain(p => p.Kind == PlanKind.Silence);

        h.Add(new ProjectStopped(h.ProjectId, D("2020-01-15"), "t", ["other"], null));
        PlanRules.Derive(h.Timeline, D("2026-03-02"), other).Where(p => p.Kind == PlanKind.FollowUp).Select(p => p.Due)
            .ShouldBe([D("2022-01-15"), D("2023-01-15")]);
        PlanRules.Derive(h.Timeline, D("2026-03-02"), new PlanSettings()).Where(p => p.Kind == PlanKind.FollowUp).Select(p => p.Due)
            .ShouldBe([D("2021-01-15"), D("2022-01-15"), D("2025-01-15")]);
    }

    [Fact]
    public void a_rule_makes_its_plan_once_even_after_it_was_cancelled()
    {
        var h = Emerging("2025-11-01");
        var plans = new List<Plan>();
        var first = Reconcile(plans, h, D("2026-03-02"));
        first.Made.Select(p => p.Kind).ShouldBe([PlanKind.Reassessment]);
        PlanBook.Close(first.Made[0], PlanState.Cancelled, Now, "t", "inutile");
        Reconcile(plans, h, D("2026-03-02")).Any.ShouldBeFalse();
    }

    [Fact]
    public void a_new_funding_or_the_end_of_that_funding_closes_its_end_and_nothing_else_does()
    {
        var h = Emerging("2024-01-01");
        h.Add(new FundingSecured(h.ProjectId, D("2024-02-01"), "t", "F1", FundingSourceKind.PublicSubsidy, "Région", 5000, D("2024-02-01"), D("2026-06-30")));
        var plans = new List<Plan>();
        Reconcile(plans, h, D("2026-03-02"), new PlanSettings { ReassessmentMonths = 0, SilenceMonths = 0 });
        var end = plans.Single(p => p.Kind == PlanKind.FundingEnd);
        h.Add(new FundingEnded(h.ProjectId, D("2026-03-01"), "t", "AUTRE", null));
        h.Note("2026-03-01");
        Reconcile(plans, h, D("2026-03-02"), new PlanSettings { ReassessmentMonths = 0, SilenceMonths = 0 });
        end.State.ShouldBe(PlanState.Open);
        var ended = h.Add(new FundingEnded(h.ProjectId, D("2026-03-02"), "t", "F1", null));
        Reconcile(plans, h, D("2026-03-02"), new PlanSettings { ReassessmentMonths = 0, SilenceMonths = 0 });
        (end.State, end.FulfilledBy, end.DoneOn).ShouldBe((PlanState.Done, ended, D("2026-03-02")));
    }

    [Fact]
    public void a_funding_secured_long_before_another_fundings_end_leaves_its_end_plan_open_one_secured_near_the_end_closes_it()
    {
        var h = Emerging("2015-01-01");
        h.Add(new FundingSecured(h.ProjectId, D("2015-09-01"), "t", "F01", FundingSourceKind.PublicSubsidy, "Région", 5000, D("2015-09-01"), D("2017-08-27")));
        var settings = new PlanSettings { ReassessmentMonths = 0, SilenceMonths = 0 };
        var plans = new List<Plan>();
        Reconcile(plans, h, D("2016-03-02"), settings);
        var end = plans.Single(p => p.Kind == PlanKind.FundingEnd && p.FundingId == "F01");
        end.Due.ShouldBe(D("2017-06-28"));

        h.Add(new FundingSecured(h.ProjectId, D("2016-03-01"), "t", "F02", FundingSourceKind.PublicSubsidy, "Département", 3000, D("2016-03-01"), null));
        Reconcile(plans, h, D("2016-03-02"), settings);
        end.State.ShouldBe(PlanState.Open, "F02, secured a year and a half before F01's end, says nothing of what follows F01");

        h.Add(new FundingSecured(h.ProjectId, D("2017-06-27"), "t", "F03", FundingSourceKind.PublicSubsidy, "État", 1000, D("2017-06-27"), null));
        Reconcile(plans, h, D("2017-06-27"), settings);
        end.State.ShouldBe(PlanState.Open, "the day before the plan's window");

        var renewed = h.Add(new FundingSecured(h.ProjectId, D("2017-06-28"), "t", "F01", FundingSourceKind.PublicSubsidy, "Région", 5000, D("2017-08-28"), null));
        Reconcile(plans, h, D("2017-06-28"), settings);
        (end.State, end.FulfilledBy, end.DoneOn).ShouldBe((PlanState.Done, renewed, D("2017-06-28")));
    }

    [Fact]
    public void a_done_plan_made_from_a_milestone_then_retracted_is_cancelled_and_no_longer_reads_done()
    {
        var h = Emerging("2015-01-01");
        var first = h.Add(new FundingSecured(h.ProjectId, D("2015-09-01"), "t", "F01", FundingSourceKind.PublicSubsidy, "Région", 5000, D("2015-09-01"), D("2017-08-27")));
        var settings = new PlanSettings { ReassessmentMonths = 0, SilenceMonths = 0 };
        var plans = new List<Plan>();
        Reconcile(plans, h, D("2016-03-02"), settings);
        var end = plans.Single(p => p.Kind == PlanKind.FundingEnd);
        end.MadeFrom.ShouldBe(first);
        h.Add(new FundingSecured(h.ProjectId, D("2017-06-28"), "t", "F02", FundingSourceKind.PublicSubsidy, "Région", 5000, D("2017-08-28"), null));
        Reconcile(plans, h, D("2017-06-28"), settings);
        end.State.ShouldBe(PlanState.Done);

        // The first funding never was: its end had nothing to plan.
        h.Retract("2017-07-01", first);
        var changes = Reconcile(plans, h, D("2017-07-01"), settings);
        (end.State, end.CancelReason, end.FulfilledBy, end.DoneOn).ShouldBe((PlanState.Cancelled, PlanBook.Retracted, null, null));
        changes.Changed.ShouldContain(end);
        Reconcile(plans, h, D("2017-07-01"), settings).Any.ShouldBeFalse("a second reconciliation changes nothing");
    }

    [Fact]
    public void a_moved_funding_end_plan_keeps_its_window_from_the_day_it_was_first_due()
    {
        var h = Emerging("2015-01-01");
        h.Add(new FundingSecured(h.ProjectId, D("2015-09-01"), "t", "F01", FundingSourceKind.PublicSubsidy, "Région", 5000, D("2015-09-01"), D("2017-08-27")));
        var settings = new PlanSettings { ReassessmentMonths = 0, SilenceMonths = 0 };
        var plans = new List<Plan>();
        Reconcile(plans, h, D("2016-03-02"), settings);
        var end = plans.Single(p => p.Kind == PlanKind.FundingEnd);
        end.Moves.Add(new PlanMove(end.Due, D("2017-08-01"), "t", Now, null));
        end.Due = D("2017-08-01");
        var secured = h.Add(new FundingSecured(h.ProjectId, D("2017-07-03"), "t", "F02", FundingSourceKind.PublicSubsidy, "Département", 3000, D("2017-07-03"), null));
        Reconcile(plans, h, D("2017-07-03"), settings);
        (end.State, end.FulfilledBy).ShouldBe((PlanState.Done, secured));
    }

    [Fact]
    public void retracting_the_stop_reopens_what_it_cancelled_and_cancels_its_follow_ups()
    {
        var h = Emerging("2025-06-01");
        var plans = new List<Plan>();
        Reconcile(plans, h, D("2026-03-02"));
        var reassessment = plans.Single(p => p.Kind == PlanKind.Reassessment);
        var stop = h.Add(new ProjectStopped(h.ProjectId, D("2026-02-01"), "t", ["other"], null));
        Reconcile(plans, h, D("2026-03-02"));
        (reassessment.State, reassessment.CancelReason).ShouldBe((PlanState.Cancelled, PlanBook.Stopped));

        h.Retract("2026-03-02", stop);
        var changes = Reconcile(plans, h, D("2026-03-02"));
        (reassessment.State, reassessment.CancelReason, reassessment.ClosedAt, reassessment.ClosedBy).ShouldBe((PlanState.Open, null, null, null));
        changes.Changed.ShouldContain(reassessment);
        plans.Where(p => p.Kind == PlanKind.FollowUp).ShouldAllBe(p => p.State == PlanState.Cancelled && p.CancelReason == PlanBook.Retracted);
        plans.Count(p => p.Kind == PlanKind.Reassessment).ShouldBe(1, "the rule's plan is reopened, not made twice");
        Reconcile(plans, h, D("2026-03-02")).Any.ShouldBeFalse("a second reconciliation changes nothing");

        h.Add(new ProjectStopped(h.ProjectId, D("2026-03-02"), "t", ["other"], null));
        Reconcile(plans, h, D("2026-03-02"));
        (reassessment.State, reassessment.CancelReason).ShouldBe((PlanState.Cancelled, PlanBook.Stopped), "a stop logged anew cancels it again");
    }

    [Fact]
    public void a_late_stop_makes_follow_ups_already_overdue_and_cancels_what_only_a_live_project_has()
    {
        var h = Emerging("2015-01-01");
        var plans = new List<Plan>();
        Reconcile(plans, h, D("2026-03-02"));
        plans.Single(p => p.Kind == PlanKind.Reassessment).State.ShouldBe(PlanState.Open);
        h.Add(new ProjectStopped(h.ProjectId, D("2019-05-10"), "t", ["other"], null));
        var changes = Reconcile(plans, h, D("2026-03-02"));
        changes.Made.Where(p => p.Kind == PlanKind.FollowUp).Select(p => p.Due).ShouldBe([D("2020-05-10"), D("2021-05-10"), D("2024-05-10")]);
        changes.Made.ShouldAllBe(p => p.State == PlanState.Open && p.Due < D("2026-03-02"));
        plans.Where(p => p.Kind is PlanKind.Reassessment or PlanKind.Silence).ShouldAllBe(p => p.State == PlanState.Cancelled && p.CancelReason == PlanBook.Stopped);
    }
}
