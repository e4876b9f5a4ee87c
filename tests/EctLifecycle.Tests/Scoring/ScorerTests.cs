using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;
using static EctLifecycle.Tests.Support.History;

namespace EctLifecycle.Tests.Scoring;

public class ScorerTests
{
    private static readonly Grid V1 = GridCatalog.LoadFrom(GridCatalog.DefaultFolder).Default;

    private static ScoreCard Score(History h, string date) => Scorer.Score(V1, h.Timeline.StateAsOf(D(date))!);

    private static int Points(ScoreCard card, string criterion) => card.Criteria.Single(c => c.Id == criterion).Points;

    [Fact]
    public void indicators_count_an_actor_once_whatever_the_case_of_its_name_and_keep_kinds_and_sources_in_order()
    {
        var h = Emerging("2020-01-01");
        h.Actor("2020-02-01", "Amap du Val", ActorKind.Association, local: true);
        h.Actor("2020-03-01", "Ferme", ActorKind.Farmer, local: false);
        h.Left("2020-06-01", "amap du val");
        h.Actor("2021-06-01", "AMAP DU VAL", ActorKind.Association, local: true); // back, after the first year
        h.Actor("2021-07-01", "Mairie", ActorKind.PublicBody, local: true);
        h.Funding("2020-06-01", "F2", FundingSourceKind.Sales, 3_000);
        h.Funding("2020-06-01", "F1", FundingSourceKind.PublicSubsidy, 9_000);

        var i = Indicators.Of(h.Timeline.StateAsOf(D("2021-12-31"))!);
        i.ActorsEverJoined.ShouldBe(3);
        i.ActorsAtEmergence.ShouldBe(2);
        i.ActiveActors.ShouldBe(3);
        i.LocalActorShare.ShouldBe(Math.Round(2.0 / 3, 4));
        i.ActorKinds.ShouldBe(new[] { ActorKind.Association, ActorKind.Farmer, ActorKind.PublicBody }.Order().ToList());
        i.FundingSourceKinds.ShouldBe(new[] { FundingSourceKind.Sales, FundingSourceKind.PublicSubsidy }.Order().ToList());
        i.ActiveFundingEuros.ShouldBe(12_000);
        i.PublicShare.ShouldBe(0.75);
    }

    [Fact]
    public void indicators_list_a_kind_outside_the_vocabulary_in_order_and_carry_no_name_from_one_project_to_the_next()
    {
        var h = Emerging("2020-01-01");
        h.Actor("2020-02-01", "Amap du Val", ActorKind.Association, local: true);
        h.Actor("2020-03-01", "Inconnu", (ActorKind)70, local: false);
        h.Actor("2020-04-01", "Mairie", ActorKind.PublicBody, local: true);
        var other = Emerging("2020-01-01");
        other.Actor("2020-02-01", "AMAP du val", ActorKind.Association, local: true);

        var i = Indicators.Of(h.Timeline.StateAsOf(D("2021-12-31"))!);
        i.ActorKinds.ShouldBe([ActorKind.PublicBody, ActorKind.Association, (ActorKind)70]); // the vocabulary's order, then the unknown
        i.ActorsEverJoined.ShouldBe(3);
        // The same thread, another project: the names of the first are not counted again.
        var j = Indicators.Of(other.Timeline.StateAsOf(D("2021-12-31"))!);
        j.ActorsEverJoined.ShouldBe(1);
        j.ActorsAtEmergence.ShouldBe(1);
        j.ActorKinds.ShouldBe([ActorKind.Association]);
    }

    [Fact]
    public void a_lone_idea_scores_zero_and_reports_its_assessed_criteria_as_not_assessed()
    {
        var card = Score(Emerging("2020-01-01"), "2020-01-01");
        card.Score.ShouldBe(0);
        card.MaxScore.ShouldBe(39);
        card.EctPotential.ShouldBeFalse();
        card.Criteria.Where(c => c.Source == CriterionSource.Assessed).ShouldAllBe(c => !c.Assessed && c.Points == 0);
    }

    [Fact]
    public void derived_criteria_follow_the_thresholds_written_in_the_grid()
    {
        var h = Emerging("2020-01-01");
        h.Actor("2020-02-01", "Mairie", ActorKind.PublicBody, local: true);
        h.Actor("2020-03-01", "Ferme", ActorKind.Farmer, local: true);
        h.Actor("2020-04-01", "Labo", ActorKind.ResearchBody, local: false);
        h.Actor("2021-06-01", "Habitants", ActorKind.Inhabitant, local: true); // after the first year
        h.Carrier("2020-05-01", "Léa");
        h.Funding("2020-06-01", "F1", FundingSourceKind.PublicSubsidy, 17_000);
        h.Funding("2020-06-01", "F2", FundingSourceKind.Sales, 3_000);
        h.FormAdopted("2020-09-01", LegalForm.Scic);

        var card = Score(h, "2021-12-31");
        Points(card, "collective-at-emergence").ShouldBe(2); // 3 actors within the first year
        Points(card, "actor-diversity").ShouldBe(3);         // 4 kinds
        Points(card, "shared-governance").ShouldBe(3);       // SCIC
        Points(card, "local-actors").ShouldBe(3);            // 3 of 4 local = 0.75
        Points(card, "entrepreneurial-figure").ShouldBe(3);
        Points(card, "resource-diversity").ShouldBe(2);      // two kinds
        Points(card, "financial-autonomy").ShouldBe(0);      // 85 % public: sous perfusion
        card.Score.ShouldBe(16);
        card.Pillars.Single(p => p.Id == "collective-ownership").Mean.ShouldBe(2.0);
        card.Pillars.Single(p => p.Id == "hybrid-economic-model").Points.ShouldBe(5);

        h.Funding("2022-01-01", "F3", FundingSourceKind.Donations, 10_000); // public share now 17/30 = 57 %
        var later = Score(h, "2022-06-01");
        Points(later, "financial-autonomy").ShouldBe(2);
        Points(later, "resource-diversity").ShouldBe(3);
    }

    [Fact]
    public void assessed_criteria_take_the_latest_assessment_as_of_the_date()
    {
        var h = Emerging("2020-01-01");
        h.Assessed("2020-06-01", ("cooperation-alive", 3), ("social-cohesion", 2));
        h.Assessed("2022-06-01", ("cooperation-alive", 1));

        Points(Score(h, "2020-05-31"), "cooperation-alive").ShouldBe(0);
        Points(Score(h, "2021-01-01"), "cooperation-alive").ShouldBe(3);
        var late = Score(h, "2023-01-01");
        Points(late, "cooperation-alive").ShouldBe(1);
        Points(late, "social-cohesion").ShouldBe(2);
        late.Criteria.Single(c => c.Id == "cooperation-alive").AssessedOn.ShouldBe(D("2022-06-01"));
    }

    [Fact]
    public void the_ect_potential_is_reached_at_the_threshold()
    {
        var h = Emerging("2020-01-01");
        foreach (var (name, kind) in new[] { ("A", ActorKind.PublicBody), ("B", ActorKind.Farmer), ("C", ActorKind.Company), ("D", ActorKind.Inhabitant), ("E", ActorKind.Association) })
            h.Actor("2020-02-01", name, kind);
        h.Carrier("2020-03-01", "Léa");
        h.FormAdopted("2020-04-01", LegalForm.Scic);
        h.Funding("2020-05-01", "F1", FundingSourceKind.Sales, 5000);
        h.Funding("2020-05-01", "F2", FundingSourceKind.Memberships, 1000);
        h.Funding("2020-05-01", "F3", FundingSourceKind.PublicSubsidy, 1000);
        // derived: 3+3+3 + 3 + 3+3+3 = 21; 5 more assessed points reach 26
        h.Assessed("2020-06-01", ("cooperation-alive", 2), ("territorial-need", 2), ("social-cohesion", 0));
        Score(h, "2020-06-01").Score.ShouldBe(25);
        Score(h, "2020-06-01").EctPotential.ShouldBeFalse();
        h.Assessed("2020-07-01", ("ecological-transition", 1));
        Score(h, "2020-07-01").Score.ShouldBe(26);
        Score(h, "2020-07-01").EctPotential.ShouldBeTrue();
    }

    [Fact]
    public void drift_has_a_point_only_where_a_pillar_or_the_score_changed()
    {
        var h = Emerging("2020-01-01");
        var join = h.Actor("2020-02-01", "A", ActorKind.PublicBody);
        h.Note("2020-03-01");
        h.Actor("2020-04-01", "B", ActorKind.Farmer);
        var wrong = h.Assessed("2020-05-01", ("social-cohesion", 3));
        h.Retract("2020-06-01", wrong);

        var drift = Drift.Of(h.Timeline, V1);
        drift.Select(p => p.Date).ShouldBe([D("2020-01-01"), D("2020-02-01"), D("2020-04-01")]);
        drift[1].Events.Single().EventId.ShouldBe(join);
        drift[1].Events.Single().Type.ShouldBe("actorJoined");
        drift.ShouldAllBe(p => p.PillarMeans["territorial-resilience"] == 0, "a retracted assessment counts nowhere");
        drift.Select(p => p.Score).ShouldBe([0, 3, 5]);
    }
}
