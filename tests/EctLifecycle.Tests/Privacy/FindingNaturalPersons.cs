using EctLifecycle.Portfolio;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;
using static EctLifecycle.Tests.Support.History;

namespace EctLifecycle.Tests.Privacy;

/// <summary>Which names a project's facts say are natural persons', and where names are found in texts.</summary>
public class FindingNaturalPersons
{
    private static HashSet<string> Found(string text, params string[] names)
    {
        var found = new HashSet<string>();
        new NameFinder(names).FindIn(text, found);
        return found;
    }

    [Theory]
    [InlineData("Réunion avec Marie Dupont.", true)]
    [InlineData("vu avec MARIE DUPONT hier", true)]
    [InlineData("Marie-Dupont", true)]
    [InlineData("Marie\nDupont", true)]
    [InlineData("Mariette Dupontel", false)]
    [InlineData("Marie Dupontel", false)]
    [InlineData("Dupont Marie", false)]
    [InlineData("", false)]
    public void a_name_is_found_by_its_whole_words_case_ignored(string text, bool found) =>
        Found(text, "Marie Dupont").SetEquals(found ? ["marie dupont"] : []).ShouldBeTrue();

    [Fact]
    public void accented_names_are_found_whatever_their_case_and_several_names_at_once()
    {
        Found("Hélène ÉTIENNE et Jean Martin ont signé ; Jean aussi.", "Hélène Étienne", "Jean Martin", "Jean", "Paul")
            .ShouldBe(["hélène étienne", "jean martin", "jean"], ignoreOrder: true);
        NameFinder.KeyOf("  Jean-Pierre   L'Huillier ").ShouldBe("jean pierre l huillier");
        NameFinder.KeyOf(" — ").ShouldBe("");
    }

    [Fact]
    public void every_text_of_an_event_is_searched_but_who_logged_it()
    {
        var id = Guid.NewGuid();
        var stop = new ProjectStopped(id, D("2020-01-01"), "paul.durand", ["other"], "note", "autre", "Marie Dupont", "Jean Martin")
            { Source = "Claire V." };
        new NameFinder(["Marie Dupont", "Jean Martin", "Claire V", "Paul Durand"]).FindIn(stop)
            .ShouldBe(["marie dupont", "jean martin", "claire v"], ignoreOrder: true);
        var assessed = new CriteriaAssessed(id, D("2020-01-01"), "t", "v1", [new CriterionScore("cooperation-alive", 2, "grâce à Marie Dupont")]);
        new NameFinder(["Marie Dupont"]).FindIn(assessed).ShouldBe(["marie dupont"]);
    }

    [Fact]
    public void an_inhabitant_nothing_was_said_of_counts_by_the_rule_and_other_kinds_do_not()
    {
        var h = Emerging("2015-01-01");
        h.Actor("2015-02-01", "Marie Dupont", ActorKind.Inhabitant);
        h.Actor("2015-02-01", "Ferme Durand", ActorKind.Farmer);
        h.Carrier("2015-03-01", "Jean Martin");
        var named = NaturalPersons.Of(h.Timeline);
        named["marie dupont"].IsPerson.ShouldBeTrue();
        named["marie dupont"].Said.ShouldBeNull();
        named["ferme durand"].IsPerson.ShouldBeFalse();
        named["jean martin"].IsPerson.ShouldBeFalse();
        NaturalPersons.KindsCountedWhenNotSaid.ShouldBe([ActorKind.Inhabitant]);
    }

    [Fact]
    public void a_flag_said_once_counts_until_a_later_mark_corrects_it_and_retracted_facts_say_nothing()
    {
        var h = Emerging("2015-01-01");
        h.Add(new ActorJoinedCollective(h.ProjectId, D("2015-02-01"), "t", "Marie Dupont", ActorKind.Inhabitant, true, ActorRole.Carrier, NaturalPerson: false));
        h.Add(new CarrierIdentified(h.ProjectId, D("2015-03-01"), "t", "marie dupont", NaturalPerson: true));
        NaturalPersons.IsPerson(h.Timeline, "Marie Dupont").ShouldBeTrue("one fact says she is a person");
        NaturalPersons.IsPerson(h.Timeline, "Marie Dupont", D("2015-02-15")).ShouldBeFalse("then, only her arrival had said, and it said no");

        var mark = h.Add(new NaturalPersonMarked(h.ProjectId, D("2016-01-01"), "t", "Marie  Dupont", false));
        NaturalPersons.IsPerson(h.Timeline, "Marie Dupont").ShouldBeFalse("the mark corrects the flags");
        h.Add(new NaturalPersonMarked(h.ProjectId, D("2015-12-01"), "t", "Marie Dupont", true));
        NaturalPersons.IsPerson(h.Timeline, "Marie Dupont").ShouldBeFalse("the latest mark in business order wins");
        h.Retract("2016-02-01", mark);
        NaturalPersons.IsPerson(h.Timeline, "Marie Dupont").ShouldBeTrue("the retracted mark says nothing");
    }

    [Fact]
    public void a_mark_names_a_name_the_project_holds_and_may_follow_a_stop()
    {
        var h = Emerging("2015-01-01");
        h.Add(new ProjectStopped(h.ProjectId, D("2019-01-01"), "t", ["goalReached"], null, ActivityTakenOverBy: "Paul Durand"));
        h.Timeline.CheckAppend(new NaturalPersonMarked(h.ProjectId, D("2019-02-01"), "t", "Paul Durand", true), Guid.Empty).ShouldBeNull();
        h.Timeline.CheckAppend(new NaturalPersonMarked(h.ProjectId, D("2019-02-01"), "t", "Paul Dupont", true), Guid.Empty)!.Code
            .ShouldBe("nameNotInProject");

        // The import checks whole histories: a mark alone with another mark of its name breaks the rule too.
        var lonely = h.Add(new NaturalPersonMarked(h.ProjectId, D("2019-02-01"), "t", "Jeanne Roux", true));
        h.Add(new NaturalPersonMarked(h.ProjectId, D("2019-03-01"), "t", "Jeanne Roux", false));
        h.Timeline.Violations().Select(v => (v.Code, v.EventId)).First().ShouldBe(("nameNotInProject", (Guid?)lonely));
    }

    [Fact]
    public void flags_and_marks_leave_every_days_state_and_score_as_they_are()
    {
        var grids = GridCatalog.LoadFrom(GridCatalog.DefaultFolder);
        History Story(bool said)
        {
            var h = Emerging("2015-01-01");
            bool? flag = said ? true : null;
            h.Add(new ActorJoinedCollective(h.ProjectId, D("2015-02-01"), "t", "Marie Dupont", ActorKind.Inhabitant, true, ActorRole.Initiator, flag));
            h.Add(new ActorJoinedCollective(h.ProjectId, D("2015-02-02"), "t", "Mairie", ActorKind.PublicBody, true, ActorRole.Funder, said ? false : null));
            h.Add(new CarrierIdentified(h.ProjectId, D("2015-03-01"), "t", "Marie Dupont", flag));
            h.Funding("2015-04-01", "F1", FundingSourceKind.Sales, 1000);
            h.Add(new CarryingHandedOver(h.ProjectId, D("2016-01-01"), "t", "Marie Dupont", "Jean Martin", false, flag));
            if (said) h.Add(new NaturalPersonMarked(h.ProjectId, D("2016-06-01"), "t", "Jean Martin", false));
            return h;
        }
        var (with, without) = (Story(true).Timeline, Story(false).Timeline);
        string Seen(ProjectTimeline t, DateOnly d, Grid grid) => t.StateAsOf(d) is { } state
            ? System.Text.Json.JsonSerializer.Serialize(new { state.Stage, Indicators = Indicators.Of(state), Card = Scorer.Score(grid, state, Indicators.Of(state)) })
            : "avant l'émergence";
        foreach (var grid in grids.All)
            for (var d = D("2014-12-01"); d <= D("2017-01-01"); d = d.AddDays(15))
                Seen(with, d, grid).ShouldBe(Seen(without, d, grid), $"{d} under {grid.Version}");
    }

    [Fact]
    public void the_flag_is_no_part_of_what_a_fact_says_but_a_mark_is()
    {
        var id = Guid.NewGuid();
        var plain = new ActorJoinedCollective(id, D("2015-02-01"), "t", "Marie Dupont", ActorKind.Inhabitant, true, ActorRole.Initiator);
        Fingerprint.Of(plain with { NaturalPerson = true }).ShouldBe(Fingerprint.Of(plain));
        var handover = new CarryingHandedOver(id, D("2016-01-01"), "t", "A", "B", false);
        Fingerprint.Of(handover with { ToNaturalPerson = false }).ShouldBe(Fingerprint.Of(handover));
        var mark = new NaturalPersonMarked(id, D("2016-01-01"), "t", "Marie Dupont", true);
        Fingerprint.Of(mark with { NaturalPerson = false }).ShouldNotBe(Fingerprint.Of(mark));
    }
}
