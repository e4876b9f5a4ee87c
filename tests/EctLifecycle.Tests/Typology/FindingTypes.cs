using System.Text;
using System.Text.Json;
using EctLifecycle.Analytics;
using EctLifecycle.Scoring;
using EctLifecycle.ScoreHistory;
using EctLifecycle.Typology;

namespace EctLifecycle.Tests.Typology;

/// <summary>
/// The typology on hand-built portfolios: two obvious groups are found as two, with their members and a high silhouette;
/// noise is answered « pas de typologie nette » with its best partition still shown; the same portfolio gives the same
/// answer twice; too few projects get a French sentence.
/// </summary>
public class FindingTypes
{
    private static readonly GridCatalog Grids = GridCatalog.LoadFrom(GridCatalog.DefaultFolder);
    private static readonly DateOnly On = new(2024, 6, 30);
    private static readonly AnalyticsParameters At = new(On, Grids.Default, null);
    private static readonly TypologySettings Settings = new();

    private static ScorePeriod Project(string key, double pillars, Stage stage, int emergedYear, bool ess, bool hub, double publicShare, int actors, double local) => new()
    {
        ProjectId = Guid.NewGuid(), Key = key, Name = $"Projet {key}", Grid = "v1", From = new DateOnly(2010, 1, 1),
        Stage = stage.Wire(), EmergedOn = new DateOnly(emergedYear, 3, 1), EmergenceYear = emergedYear,
        Pillars = Grid.PillarIds.Select((id, i) => (id, pillars + 0.05 * i)).ToDictionary(x => x.id, x => x.Item2),
        LegalForm = ess ? "association" : "sarl", LegalFormInEss = ess, Path = ess ? "newLegalEntity" : "extensionOfExistingStructure",
        EverAccompaniedByHub = hub, PublicShare = publicShare, ActiveActors = actors, LocalActorShare = local,
    };

    /// <summary>Ten associations accompanied by the hub, old, strong on every pillar; ten young firms alone, weak: a little jitter in each.</summary>
    private static List<ScorePeriod> TwoGroups()
    {
        var rows = new List<ScorePeriod>();
        for (var i = 0; i < 10; i++)
        {
            rows.Add(Project($"A{i:00}", 2.6 + 0.03 * (i % 4), Stage.Operating, 2012 + i % 3, ess: true, hub: true, 0.7 + 0.01 * i, 9 + i % 3, 0.85 + 0.01 * (i % 5)));
            rows.Add(Project($"B{i:00}", 0.4 + 0.03 * (i % 3), Stage.Idea, 2022 + i % 2, ess: false, hub: false, 0.1 + 0.01 * i, 2 + i % 2, 0.3 + 0.01 * (i % 4)));
        }
        return rows;
    }

    /// <summary>Forty projects whose every trait is drawn at random, independently: no type to find.</summary>
    private static List<ScorePeriod> Noise()
    {
        var random = new Random(7);
        var stages = new[] { Stage.Idea, Stage.Collective, Stage.Structuring, Stage.Operating };
        return Enumerable.Range(0, 40).Select(i =>
        {
            var p = Project($"N{i:00}", 0, stages[random.Next(4)], 2005 + random.Next(19), random.Next(2) == 0, random.Next(2) == 0,
                random.NextDouble(), 1 + random.Next(15), random.NextDouble());
            p.Pillars = Grid.PillarIds.ToDictionary(id => id, _ => Math.Round(random.NextDouble() * 3, 2));
            return p;
        }).ToList();
    }

    [Fact]
    public void two_obvious_groups_are_two_clusters_with_a_high_silhouette_and_the_right_members()
    {
        var t = ProjectTypology.Of(TwoGroups(), At, Settings);

        t.Status.ShouldBe(TypologyStatus.ClearTypology);
        t.Clusters.ShouldBe(2);
        t.Silhouette!.Value.ShouldBeGreaterThan(0.7);
        t.Reading.ShouldBe("structure forte");
        t.Candidates.Select(c => c.Clusters).ShouldBe([2, 3, 4, 5, 6]);
        t.Groups.Select(g => g.Size).ShouldBe([10, 10]);
        var byFirstLetter = t.Groups.Select(g => g.Projects.Select(x => x.Key[0]).Distinct().ToList()).ToList();
        byFirstLetter.ShouldAllBe(letters => letters.Count == 1, "each cluster is one of the two groups");
        var strong = t.Groups.Single(g => g.Projects[0].Key.StartsWith('A'));
        strong.Description.ShouldContain("élevé");
        strong.Description.ShouldContain(" contre ");
        t.Groups.Single(g => g.Projects[0].Key.StartsWith('B')).Description.ShouldContain("faible");
        t.Verdict.ShouldStartWith("Typologie nette : 2 groupes, silhouette moyenne 0,");
    }

    [Fact]
    public void noise_is_no_clear_typology_and_still_shows_its_best_partition_and_figure()
    {
        var t = ProjectTypology.Of(Noise(), At, Settings);

        t.Status.ShouldBe(TypologyStatus.NoClearTypology);
        t.Silhouette!.Value.ShouldBeLessThanOrEqualTo(Settings.MinSilhouette);
        t.Groups.Count.ShouldBe(t.Clusters!.Value);
        t.Groups.Sum(g => g.Size).ShouldBe(40);
        t.Verdict.ShouldStartWith("Pas de typologie nette : la meilleure partition (");
        t.Verdict.ShouldContain(ProjectTypology.StudySays);
        t.Candidates.Max(c => c.Silhouette).ShouldBe(t.Silhouette.Value);
    }

    [Fact]
    public void the_same_portfolio_gives_the_same_answer_twice()
    {
        var rows = Noise();
        var first = JsonSerializer.Serialize(ProjectTypology.Of(rows, At, Settings));
        var second = JsonSerializer.Serialize(ProjectTypology.Of(rows, At, Settings));
        second.ShouldBe(first);
    }

    [Fact]
    public void too_few_projects_get_a_french_sentence_and_no_partition()
    {
        var t = ProjectTypology.Of(TwoGroups().Take(5).ToList(), At, Settings);

        t.Status.ShouldBe(TypologyStatus.TooFewProjects);
        t.Verdict.ShouldBe("Trop peu de projets pour chercher des types : 5 projets en cours au 30/06/2024, il en faut au moins 10 (réglage Typology:MinProjects).");
        t.Groups.ShouldBeEmpty();
        var csv = Encoding.UTF8.GetString(TidyCsv.File(t.Tidy(), new TidyLabels(Grids)));
        csv.ShouldContain("portfolio,2024-06-30,status,tooFewProjects,\"Verdict : Trop peu de projets");
    }

    [Fact]
    public void stopped_projects_are_not_typed()
    {
        var rows = TwoGroups();
        foreach (var r in rows.Take(12)) { r.StoppedOn = new DateOnly(2023, 1, 1); r.Stage = Stage.Stopped.Wire(); }

        ProjectTypology.Of(rows, At, Settings).Status.ShouldBe(TypologyStatus.TooFewProjects);
    }

    [Fact]
    public void the_silhouette_is_the_exact_formula()
    {
        // Two pairs on a line: 0, 1 and 10, 11. For 0: a = 1, b = (10 + 11) / 2 = 10.5, s = 9.5 / 10.5.
        double[][] points = [[0], [1], [10], [11]];
        var s = Clustering.Silhouettes(points, [0, 0, 1, 1], 2);
        s[0].ShouldBe(9.5 / 10.5, 1e-12);
        s[1].ShouldBe((9.5 - 1) / 9.5, 1e-12);
        Clustering.Silhouettes(points, [0, 1, 1, 1], 2)[0].ShouldBe(0, "a point alone in its cluster");
    }

    [Fact]
    public void the_silhouettes_computed_several_at_once_equal_the_formula_computed_one_distance_at_a_time()
    {
        // Clusters of sizes that are no multiple of the processor's vectors, one larger than a tile of the columns (512),
        // one of a single point, in 12 dimensions as the typology's: every silhouette against the formula, term by term.
        var random = new Random(3);
        int[] sizes = [1, 3, 700, 37, 129];
        var labels = sizes.SelectMany((size, c) => Enumerable.Repeat(c, size)).OrderBy(_ => random.Next()).ToArray();
        var points = labels.Select(c => Enumerable.Range(0, 12).Select(d => c * (d % 3) + random.NextDouble() * 2).ToArray()).ToArray();
        var which = Clustering.Sample(points.Length, 300, 5);
        var computed = Clustering.Silhouettes(points, labels, sizes.Length, which);
        for (var w = 0; w < which.Count; w++)
        {
            var i = which[w];
            var means = Enumerable.Range(0, sizes.Length).Select(c => Enumerable.Range(0, points.Length)
                .Where(j => j != i && labels[j] == c).Select(j => Math.Sqrt(points[i].Zip(points[j], (x, y) => (x - y) * (x - y)).Sum())).Sum()).ToArray();
            var own = labels[i];
            var expected = sizes[own] == 1 ? 0 : Expected(means[own] / (sizes[own] - 1),
                Enumerable.Range(0, sizes.Length).Where(c => c != own).Min(c => means[c] / sizes[c]));
            computed[w].ShouldBe(expected, 1e-12, $"point {i} of cluster {own}");
        }

        static double Expected(double a, double b) => (b - a) / Math.Max(a, b);
    }

    [Fact]
    public void k_means_finds_three_separate_clouds_of_unequal_sizes_from_every_seed()
    {
        // 60, 25 and 6 points around three centres far apart: every seeded run ends on the three clouds, whatever its start.
        var random = new Random(11);
        (double X, double Y, int Size)[] clouds = [(0, 0, 60), (20, 0, 25), (0, 20, 6)];
        var cloud = clouds.SelectMany((c, n) => Enumerable.Repeat(n, c.Size)).ToArray();
        var points = cloud.Select(n => new[] { clouds[n].X + random.NextDouble(), clouds[n].Y + random.NextDouble() }).ToArray();
        foreach (var seed in Enumerable.Range(1, 20))
        {
            var partition = Clustering.KMeans(points, 3, seed, restarts: 1).ShouldNotBeNull();
            // Numbered by size: the largest cloud is cluster 0.
            partition.Labels.ShouldBe(cloud, $"seed {seed}");
            partition.Inertia.ShouldBe(Clustering.Inertia(points, cloud, 3), 1e-9);
        }
        Clustering.KMeans(points, 2, 1, restarts: 5)!.Inertia.ShouldBeGreaterThan(Clustering.KMeans(points, 3, 1, restarts: 5)!.Inertia);
    }

    [Fact]
    public void past_the_sample_size_the_mean_silhouette_is_a_seeded_samples_and_each_sampled_one_stays_exact()
    {
        var rows = TwoGroups();
        var t = ProjectTypology.Of(rows, At, new TypologySettings { SilhouetteSample = 12 });

        t.Clusters.ShouldBe(2);
        t.SilhouetteOf.ShouldBe(12);
        var typed = t.Groups.SelectMany(g => g.Projects).ToList();
        typed.Count(x => x.Silhouette is null).ShouldBe(8);
        var all = ProjectTypology.Of(rows, At, Settings).Groups.SelectMany(g => g.Projects).ToDictionary(x => x.Key, x => x.Silhouette);
        typed.Where(x => x.Silhouette is not null).ShouldAllBe(x => x.Silhouette == all[x.Key]);
        ProjectTypology.Of(rows, At, new TypologySettings { SilhouetteSample = 12 }).Silhouette.ShouldBe(t.Silhouette);
    }

    [Fact]
    public void past_the_k_means_sample_size_the_runs_are_fitted_on_a_seeded_draw_and_every_project_joins_its_nearest_group()
    {
        var rows = TwoGroups();
        var fitted = ProjectTypology.Of(rows, At, new TypologySettings { KMeansSample = 12 });
        var whole = ProjectTypology.Of(rows, At, Settings);

        fitted.FittedOn.ShouldBe(12);
        whole.FittedOn.ShouldBe(20);
        fitted.Clusters.ShouldBe(2);
        // The eight projects left out of the draw are in the group of their kind, as when every project is fitted.
        static string Members(ProjectTypology t) => string.Join(" | ", t.Groups.Select(g => string.Join(",", g.Projects.Select(x => x.Key).Order())));
        Members(fitted).ShouldBe(Members(whole));
        fitted.Tidy().ShouldContain(r => r.Measure == "fittedOn" && Equals(r.Value, 12));
    }

    [Fact]
    public void a_k_means_draw_no_larger_than_the_groups_tried_is_refused_in_french()
    {
        new TypologySettings().Problems().ShouldBeEmpty();
        new TypologySettings { KMeansSample = 6 }.Problems().ShouldHaveSingleItem().ShouldStartWith("Typology:KMeansSample doit valoir au moins 10 et plus que MaxClusters");
        new TypologySettings { KMeansSample = 12, MaxClusters = 12 }.Problems().ShouldHaveSingleItem().ShouldContain("KMeansSample");
        new TypologySettings { KMeansSample = 13, MaxClusters = 12 }.Problems().ShouldBeEmpty();
    }

    [Fact]
    public void the_csv_says_each_row_in_french()
    {
        var t = ProjectTypology.Of(TwoGroups(), At, Settings);
        var csv = Encoding.UTF8.GetString(TidyCsv.File(t.Tidy(), new TidyLabels(Grids)));

        csv.ShouldContain("portfolio,2024-06-30,clusters,2,Nombre de groupes de la meilleure partition");
        csv.ShouldContain("k:2,2024-06-30,silhouette,");
        csv.ShouldContain("A00,2024-06-30,cluster,");
        csv.ShouldContain("Groupe 1 · Moyenne : Pilier « Portage collectif »");
    }
}
