using System.Text;
using EctLifecycle.Analytics;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Web;
using ScottPlot.Plottables;

namespace EctLifecycle.Tests.Analytics;

/// <summary>
/// The study's rules as the tool reads them: the distribution's « nœud » computed from the scores and shown beside the
/// threshold, and « au-dessus » of the threshold as a setting of the grid (default: at or above).
/// </summary>
public class TheStudysRules
{
    private static readonly GridCatalog Grids = GridCatalog.LoadFrom(GridCatalog.DefaultFolder);
    private static readonly DateOnly On = new(2024, 6, 30);

    private static readonly Lazy<IReadOnlyList<ProjectTimeline>> Study = new(() => DemoPortfolio.Study()
        .Select(p => new ProjectTimeline(p.Events.Select((e, i) => new TimelineEntry(Guid.NewGuid(), i + 1, DateTimeOffset.UnixEpoch.AddMinutes(i), e))))
        .ToList());

    /// <summary>The grid v1 as its file is, but read « strictly above » (its <c>thresholdComparison</c> set to <c>above</c>).</summary>
    private static Grid V1Above()
    {
        var json = File.ReadAllText(Path.Combine(GridCatalog.DefaultFolder, "v1.json"));
        json.ShouldContain("\"thresholdComparison\": \"atOrAbove\"");
        return Grid.Parse(json.Replace("\"thresholdComparison\": \"atOrAbove\"", "\"thresholdComparison\": \"above\""), "v1-above.json");
    }

    private static Distribution Of(params int[] scores) => Distribution.OfScores(scores, Grids.Default, On, null);

    private static string Csv(Distribution d) => Encoding.UTF8.GetString(TidyCsv.File(d.Tidy(), new TidyLabels(Grids)));

    [Fact]
    public void a_clear_mode_below_the_threshold_is_the_node_and_is_shown_apart_from_the_threshold()
    {
        var d = Of(10, 12, 12, 18, 18, 18, 18, 22, 26, 26, 31);

        d.Node!.Score.ShouldBe(18);
        d.Node.Projects.ShouldBe(4);
        d.NodeAtThreshold.ShouldBeFalse();
        d.Threshold.ShouldBe(26);
        AnalyticsLabels.Node(d).ShouldBe("Nœud à 18 (4 projets) : ailleurs qu'au seuil de la grille (26).");
        var csv = Csv(d);
        csv.ShouldContain("portfolio,2024-06-30,node,18,Portefeuille · Nœud de la distribution (score obtenu par le plus de projets)");
        csv.ShouldContain("portfolio,2024-06-30,nodeProjects,4,");
        csv.ShouldContain("portfolio,2024-06-30,threshold,26,");
    }

    [Fact]
    public void a_node_at_the_threshold_says_the_threshold_holds()
    {
        var d = Of(8, 14, 14, 20, 20, 20, 26, 26, 26, 26, 26, 30);

        d.Node!.Score.ShouldBe(26);
        d.NodeAtThreshold.ShouldBeTrue();
        AnalyticsLabels.Node(d).ShouldBe("Nœud à 26 (5 projets) : au seuil de la grille (26).");
    }

    [Fact]
    public void scores_tied_for_the_most_projects_or_all_alone_make_no_node_and_say_which_scores_tie()
    {
        var tied = Of(14, 14, 14, 22, 22, 22, 30);
        tied.Node!.Score.ShouldBeNull();
        tied.Node.Tied.ShouldBe([14, 22]);
        AnalyticsLabels.Node(tied).ShouldBe("Aucun nœud net : 3 projet(s) à chacun des scores 14, 22 ; seuil de la grille : 26.");
        var csv = Csv(tied);
        csv.ShouldContain("portfolio,2024-06-30,node,,\"Portefeuille · Nœud de la distribution (score obtenu par le plus de projets) : aucun nœud net");
        csv.ShouldContain("score:14,2024-06-30,mostProjects,1,Projets au score 14 · Score obtenu par le plus de projets : oui");

        var alone = Of(5, 9, 30);
        alone.Node!.Score.ShouldBeNull("one project at a score is no node");
        alone.Node.Tied.ShouldBe([5, 9, 30]);

        var empty = Of();
        empty.Node!.Score.ShouldBeNull();
        AnalyticsLabels.Node(empty).ShouldBe("Aucun nœud : aucun projet noté ; seuil de la grille : 26.");
    }

    [Fact]
    public void the_grids_read_at_or_above_by_default_and_a_grid_file_may_say_above_or_nothing()
    {
        Grids.All.ShouldAllBe(g => g.ThresholdComparison == ThresholdComparison.AtOrAbove);
        Grids.Default.Reaches(26).ShouldBeTrue();
        Grids.Default.Reaches(25).ShouldBeFalse();

        var above = V1Above();
        above.ThresholdComparison.ShouldBe(ThresholdComparison.Above);
        above.Reaches(26).ShouldBeFalse();
        above.Reaches(27).ShouldBeTrue();

        var json = File.ReadAllText(Path.Combine(GridCatalog.DefaultFolder, "v1.json"));
        Grid.Parse(json.Replace("\"thresholdComparison\": \"atOrAbove\",", ""), "silent.json").ThresholdComparison.ShouldBe(ThresholdComparison.AtOrAbove);
        Should.Throw<InvalidGridException>(() => Grid.Parse(json.Replace("\"thresholdComparison\": \"atOrAbove\"", "\"thresholdComparison\": \"over\""), "bad.json"));
    }

    [Fact]
    public async Task the_demo_has_its_node_at_26_and_its_8_projects_at_26_count_at_or_above_but_not_strictly_above()
    {
        var history = PortfolioHistory.Of(Study.Value);
        var atOrAbove = new AnalyticsParameters(On, Grids.Default, null);
        var strictly = new AnalyticsParameters(On, V1Above(), null);

        // The distribution: its node, as the study reads its figure 3, and the projects that reach the threshold.
        var d = await Distribution.OfAsync(history, atOrAbove);
        d.Node!.Score.ShouldBe(26);
        d.Node.Projects.ShouldBe(8);
        d.AtOrAboveThreshold.ShouldBe(15);
        var dAbove = await Distribution.OfAsync(history, strictly);
        dAbove.AtOrAboveThreshold.ShouldBe(7);
        dAbove.Node!.Score.ShouldBe(26, "the node is read from the scores, whatever the comparison");

        // The ECT potential of each project, in the portfolio at a date and in a project's drift.
        var at26 = (await history.AtAsync(On, Grids.Default)).Where(s => s.Score == 26).ToList();
        at26.Count.ShouldBe(8);
        at26.ShouldAllBe(s => s.EctPotential);
        (await history.AtAsync(On, strictly.Grid)).Where(s => s.Score == 26).ShouldAllBe(s => !s.EctPotential);
        (await PortfolioAt.OfAsync(history, strictly)).Profiles.Count(x => x.Score.EctPotential).ShouldBe(7);
        var timeline = (await history.TimelineAsync(at26[0].ProjectId))!;
        var drift = Drift.Of(timeline, Grids.Default).Last(x => x.Date <= On);
        drift.Score.ShouldBe(26);
        drift.EctPotential.ShouldBeTrue();
        Drift.Of(timeline, strictly.Grid).Last(x => x.Date <= On).EctPotential.ShouldBeFalse();

        // The qualitative sample's preselection, and the grid comparison's crossings.
        (await Sample.OfAsync(history, atOrAbove)).Preselected.ShouldBe(15);
        (await Sample.OfAsync(history, strictly)).Preselected.ShouldBe(7);
        (await GridComparison.OfAsync(history, atOrAbove, strictly.Grid)).CrossedDown.Count.ShouldBe(8);

        // The charts draw the threshold just before the first score that reaches it, and mark the node.
        Charts.Of(d).GetPlottables<VerticalLine>().Single().X.ShouldBe(25.5);
        Charts.Of(dAbove).GetPlottables<VerticalLine>().Single().X.ShouldBe(26.5);
        Charts.Of(await Sample.OfAsync(history, strictly)).GetPlottables<VerticalLine>().Single().X.ShouldBe(26.5);
        var html = InlineChart.Html(Charts.Of(d), "La distribution");
        html.ShouldContain("Nœud de la distribution : score 26 (8 projets)");
        html.ShouldContain("Seuil ECT (26 points, au seuil ou au-dessus)");
        InlineChart.Html(Charts.Of(dAbove), "La distribution").ShouldContain("Seuil ECT (26 points, strictement au-dessus du seuil)");
    }
}
