using EctLifecycle.Projects;
using EctLifecycle.Tests.Support;
using static EctLifecycle.Tests.Support.History;

namespace EctLifecycle.Tests.Projects;

/// <summary>Decisions: a candidate milestone is placed in the business timeline and the history replayed.</summary>
public class RuleTests
{
    private static readonly Guid Candidate = Guid.Empty;

    private static string? Check(History h, IProjectEvent candidate) => h.Timeline.CheckAppend(candidate, Candidate)?.Code;

    [Fact]
    public void nothing_but_notes_after_a_stop()
    {
        var h = Emerging("2015-01-01");
        h.Add(new ProjectStopped(h.ProjectId, D("2019-01-01"), "t", ["plus de porteur"], null));
        Check(h, new ActorJoinedCollective(h.ProjectId, D("2019-02-01"), "t", "X", ActorKind.Farmer, true, ActorRole.Partner))
            .ShouldBe("projectStopped");
        Check(h, new NoteAdded(h.ProjectId, D("2019-02-01"), "t", "ce qu'il en reste")).ShouldBeNull();
        Check(h, new ActorJoinedCollective(h.ProjectId, D("2018-02-01"), "t", "X", ActorKind.Farmer, true, ActorRole.Partner))
            .ShouldBeNull("history entered late, before the stop, is fine");
    }

    [Fact]
    public void a_stop_dated_before_existing_milestones_is_refused_for_what_it_would_invalidate()
    {
        var h = Emerging("2015-01-01");
        var later = h.Actor("2019-02-01", "X");
        var violation = h.Timeline.CheckAppend(new ProjectStopped(h.ProjectId, D("2018-01-01"), "t", ["r"], null), Candidate)!;
        violation.Code.ShouldBe("projectStopped");
        violation.EventId.ShouldBe(later);
    }

    [Fact]
    public void resume_only_a_paused_project()
    {
        var h = Emerging("2015-01-01");
        Check(h, new ProjectResumed(h.ProjectId, D("2016-01-01"), "t", null)).ShouldBe("notPaused");
        h.Add(new ProjectPaused(h.ProjectId, D("2016-01-01"), "t", "crise"));
        Check(h, new ProjectResumed(h.ProjectId, D("2016-06-01"), "t", null)).ShouldBeNull();
        Check(h, new ProjectResumed(h.ProjectId, D("2015-12-01"), "t", null)).ShouldBe("notPaused", "not paused yet at that date");
    }

    [Fact]
    public void end_only_a_known_active_funding()
    {
        var h = Emerging("2015-01-01");
        h.Funding("2016-01-01", "F1", FundingSourceKind.PublicSubsidy, 1000);
        Check(h, new FundingEnded(h.ProjectId, D("2017-01-01"), "t", "F9", null)).ShouldBe("fundingNotActive");
        Check(h, new FundingEnded(h.ProjectId, D("2015-06-01"), "t", "F1", null)).ShouldBe("fundingNotActive");
        Check(h, new FundingEnded(h.ProjectId, D("2017-01-01"), "t", "f1", null)).ShouldBeNull();
        h.Add(new FundingEnded(h.ProjectId, D("2017-01-01"), "t", "F1", null));
        Check(h, new FundingEnded(h.ProjectId, D("2018-01-01"), "t", "F1", null)).ShouldBe("fundingNotActive");
        Check(h, new FundingSecured(h.ProjectId, D("2018-01-01"), "t", "F1", FundingSourceKind.Sales, "x", 1, null, null))
            .ShouldBe("duplicateFundingId");
    }

    [Fact]
    public void a_leaving_actor_must_be_in_the_collective()
    {
        var h = Emerging("2015-01-01");
        h.Actor("2016-01-01", "Mairie");
        Check(h, new ActorLeftCollective(h.ProjectId, D("2017-01-01"), "t", "Inconnu", "r")).ShouldBe("actorNotInCollective");
        Check(h, new ActorLeftCollective(h.ProjectId, D("2015-06-01"), "t", "Mairie", "r")).ShouldBe("actorNotInCollective");
        Check(h, new ActorLeftCollective(h.ProjectId, D("2017-01-01"), "t", "mairie", "r")).ShouldBeNull();
    }

    [Fact]
    public void nothing_before_the_emergence()
    {
        var h = Emerging("2015-01-01");
        Check(h, new NoteAdded(h.ProjectId, D("2014-12-31"), "t", "trop tôt")).ShouldBe("beforeEmergence");
    }

    [Fact]
    public void retracting_a_join_whose_leave_is_recorded_would_break_the_history()
    {
        var h = Emerging("2015-01-01");
        var joined = h.Actor("2016-01-01", "Mairie");
        var left = h.Left("2017-01-01", "Mairie");
        var violation = h.Timeline.CheckAppend(new MilestoneRetracted(h.ProjectId, D("2020-01-01"), "t", joined, "erreur"), Candidate)!;
        violation.Code.ShouldBe("actorNotInCollective");
        violation.EventId.ShouldBe(left);
    }

    [Fact]
    public void a_retraction_needs_a_retractable_target()
    {
        var h = Emerging("2015-01-01");
        var registration = h.Entries[0].EventId;
        var note = h.Note("2016-01-01");
        var retraction = h.Retract("2016-02-01", note);
        Check(h, new MilestoneRetracted(h.ProjectId, D("2020-01-01"), "t", Guid.NewGuid(), "r")).ShouldBe("unknownEvent");
        Check(h, new MilestoneRetracted(h.ProjectId, D("2020-01-01"), "t", registration, "r")).ShouldBe("registrationNotRetractable");
        Check(h, new MilestoneRetracted(h.ProjectId, D("2020-01-01"), "t", note, "r")).ShouldBe("alreadyRetracted");
        Check(h, new MilestoneRetracted(h.ProjectId, D("2020-01-01"), "t", retraction, "r")).ShouldBe("retractionNotRetractable");
    }
}
