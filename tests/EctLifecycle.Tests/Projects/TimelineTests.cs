using EctLifecycle.Projects;
using EctLifecycle.Tests.Support;
using static EctLifecycle.Tests.Support.History;

namespace EctLifecycle.Tests.Projects;

public class TimelineTests
{
    private static History AJourney()
    {
        var h = Emerging("2016-05-01");
        h.Actor("2016-06-01", "Mairie", ActorKind.PublicBody);
        h.Actor("2016-07-01", "Amap", ActorKind.Association);
        h.Carrier("2017-01-10", "Julie");
        h.Funding("2017-02-01", "F1", FundingSourceKind.PublicSubsidy, 20_000);
        h.FormAdopted("2017-03-01", LegalForm.Association);
        h.Left("2018-01-01", "Mairie");
        h.Funding("2018-02-01", "F2", FundingSourceKind.Sales, 5_000);
        h.FormAdopted("2019-09-01", LegalForm.Scic);
        return h;
    }

    [Fact]
    public void history_logged_out_of_order_folds_to_the_same_state_as_in_order()
    {
        var inOrder = AJourney();
        var shuffled = new History();
        // Registration first (a project exists before its history is filled in), the rest backwards.
        foreach (var e in new[] { inOrder.Entries[0] }.Concat(inOrder.Entries.Skip(1).Reverse()))
            shuffled.Add(e.Event);

        foreach (var date in new[] { "2016-05-01", "2016-06-15", "2017-02-15", "2018-01-01", "2019-12-31" })
        {
            var a = inOrder.Timeline.StateAsOf(D(date))!;
            var b = shuffled.Timeline.StateAsOf(D(date))!;
            b.Stage.ShouldBe(a.Stage, date);
            b.Actors.ShouldBe(a.Actors, date);
            b.Fundings.ShouldBe(a.Fundings, date);
            b.LegalForm.ShouldBe(a.LegalForm, date);
            b.Carrier.ShouldBe(a.Carrier, date);
        }
    }

    [Fact]
    public void state_as_of_a_date_ignores_what_happened_after_it()
    {
        var t = AJourney().Timeline;
        t.StateAsOf(D("2016-04-30")).ShouldBeNull();
        t.StateAsOf(D("2016-06-30"))!.ActiveActors.Select(a => a.ActorName).ShouldBe(["Mairie"]);
        t.StateAsOf(D("2017-06-01"))!.LegalForm!.Form.ShouldBe(LegalForm.Association);
        t.StateAsOf(D("2020-01-01"))!.LegalForm!.Form.ShouldBe(LegalForm.Scic, "a later adoption replaces the earlier form");
        t.StateAsOf(D("2020-01-01"))!.ActiveActors.Select(a => a.ActorName).ShouldBe(["Amap"]);
    }

    [Fact]
    public void ties_on_the_same_business_date_replay_in_recording_order()
    {
        var h = Emerging("2020-01-01");
        h.FormAdopted("2021-01-01", LegalForm.Association);
        h.FormAdopted("2021-01-01", LegalForm.Scop);
        h.Timeline.StateAsOf(D("2021-01-01"))!.LegalForm!.Form.ShouldBe(LegalForm.Scop);
    }

    [Fact]
    public void a_retracted_milestone_stays_in_the_history_and_counts_nowhere_else()
    {
        var h = Emerging("2020-01-01");
        var wrong = h.Actor("2020-02-01", "Erreur de saisie");
        h.Actor("2020-02-02", "Bonne asso");
        var retraction = h.Retract("2020-03-01", wrong);
        var t = h.Timeline;

        t.IsRetracted(wrong).ShouldBeTrue();
        t.Retractions[wrong].EventId.ShouldBe(retraction);
        t.InBusinessOrder().Select(e => e.EventId).ShouldContain(wrong);
        t.StateAsOf(D("2020-02-15"))!.Actors.Select(a => a.ActorName).ShouldBe(["Bonne asso"],
            "a retraction corrects a mistake: even before it was logged, the wrong fact never counts");
    }

    [Theory]
    [InlineData(Stage.Idea)]
    [InlineData(Stage.Collective)]
    [InlineData(Stage.Structuring)]
    [InlineData(Stage.Operating)]
    [InlineData(Stage.Paused)]
    [InlineData(Stage.Stopped)]
    public void the_stage_is_derived_from_the_facts(Stage expected)
    {
        var h = Emerging("2015-01-01");
        var id = h.ProjectId;
        h.Actor("2015-02-01", "A");
        if (expected >= Stage.Collective) h.Actor("2015-03-01", "B");
        if (expected >= Stage.Structuring) h.Add(new StructuringPathChosen(id, D("2016-01-01"), "t", StructuringPath.NewLegalEntity, null));
        if (expected >= Stage.Operating)
        {
            h.FormAdopted("2016-06-01", LegalForm.Scic);
            h.Funding("2016-07-01", "F", FundingSourceKind.Sales, 1000);
        }
        if (expected >= Stage.Paused) h.Add(new ProjectPaused(id, D("2018-01-01"), "t", "crise"));
        if (expected >= Stage.Stopped) h.Add(new ProjectStopped(id, D("2019-01-01"), "t", ["financement perdu"], null));

        h.Timeline.StateAsOf(D("2020-01-01"))!.Stage.ShouldBe(expected);
    }

    [Fact]
    public void an_extension_of_an_existing_structure_operates_once_resources_flow()
    {
        var h = Emerging("2015-01-01");
        h.Add(new StructuringPathChosen(h.ProjectId, D("2015-06-01"), "t", StructuringPath.ExtensionOfExistingStructure, "Asso hôte"));
        h.Timeline.StateAsOf(D("2015-07-01"))!.Stage.ShouldBe(Stage.Structuring);
        h.Funding("2015-08-01", "F", FundingSourceKind.Memberships, 300);
        h.Timeline.StateAsOf(D("2015-09-01"))!.Stage.ShouldBe(Stage.Operating);
    }
}
