using EctLifecycle.Scoring;

namespace EctLifecycle.Tests.Scoring;

public class GridTests
{
    private static readonly GridCatalog Catalog = GridCatalog.LoadFrom(GridCatalog.DefaultFolder);

    [Fact]
    public void the_default_grid_v1_has_13_criteria_a_maximum_of_39_and_the_threshold_26()
    {
        var v1 = Catalog.Default;
        v1.Version.ShouldBe("v1");
        v1.Criteria.Count.ShouldBe(13);
        v1.MaxScore.ShouldBe(39);
        v1.Threshold.ShouldBe(26);
        v1.Pillars.Select(p => p.Id).ShouldBe(
            ["collective-ownership", "territorial-anchoring", "hybrid-economic-model", "territorial-resilience"]);
        v1.Criteria.GroupBy(c => c.Pillar).ToDictionary(g => g.Key, g => g.Count())
            .ShouldBe(new Dictionary<string, int>
            {
                ["collective-ownership"] = 4, ["territorial-anchoring"] = 3,
                ["hybrid-economic-model"] = 3, ["territorial-resilience"] = 3,
            });
        v1.Criteria.Where(c => c.Source == CriterionSource.Assessed).Select(c => c.Id).ShouldBe(
            ["cooperation-alive", "territorial-need", "inhabitant-appropriation",
             "ecological-transition", "social-cohesion", "local-activity-jobs"], ignoreOrder: true);
        v1.Criteria.ShouldAllBe(c => c.Levels.Count == 4 && !string.IsNullOrWhiteSpace(c.Label));
    }

    [Fact]
    public void a_grid_file_that_breaks_the_rules_is_refused_with_every_problem_named()
    {
        const string json = """
        {
          "version": "bad", "title": "t", "description": "d", "threshold": 99,
          "pillars": [ { "id": "a", "label": "A" } ],
          "criteria": [
            { "id": "x", "pillar": "a", "label": "X", "levels": { "0": "", "1": "", "2": "" }, "source": "assessed" },
            { "id": "x", "pillar": "zz", "label": "Y", "levels": { "0": "", "1": "", "2": "", "3": "" },
              "source": "derived", "indicator": "noSuchIndicator", "thresholds": [ { "min": 2, "points": 1 }, { "min": 1, "points": 4 } ] }
          ]
        }
        """;
        var ex = Should.Throw<InvalidGridException>(() => Grid.Parse(json, "bad.json"));
        ex.Message.ShouldContain("exactly the four ECT pillars");
        ex.Message.ShouldContain("threshold 99 is outside 0..6");
        ex.Message.ShouldContain("criterion id 'x' is used twice");
        ex.Message.ShouldContain("levels must describe 0, 1, 2 and 3 points");
        ex.Message.ShouldContain("unknown pillar 'zz'");
        ex.Message.ShouldContain("unknown numeric indicator 'noSuchIndicator'");
        ex.Message.ShouldContain("threshold points must be 0-3");
        ex.Message.ShouldContain("increasing order");
    }

    [Fact]
    public void an_unknown_version_is_not_found()
    {
        Catalog.Find("v999").ShouldBeNull();
        Catalog.Find("V1").ShouldNotBeNull();
    }
}
