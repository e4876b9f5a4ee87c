using EctLifecycle.Analytics;
using EctLifecycle.ScoreHistory;

namespace EctLifecycle.Typology;

public enum TypologyStatus { TooFewProjects, NoClearTypology, ClearTypology }

/// <summary>One number of clusters tried: its partition's mean silhouette and inertia (sum of squared distances to the centroids).</summary>
public sealed record TypologyCandidate(int Clusters, double Silhouette, double Inertia);

/// <summary>A feature's mean in a cluster beside its mean over the projects typed, and how many standard deviations apart.</summary>
public sealed record FeatureContrast(string Feature, string Label, double ClusterMean, double PortfolioMean, double Deviation);

/// <summary>A project typed: its cluster, its silhouette (null when out of the sample, <see cref="TypologySettings.SilhouetteSample"/>), and where it is on the plane of the two first principal components.</summary>
public sealed record TypedProject(Guid Id, string Key, string Name, int Cluster, double? Silhouette, double X, double Y);

public sealed record TypologyCluster(
    int Number, int Size, double? Silhouette, string Description, IReadOnlyList<FeatureContrast> Distinctive,
    IReadOnlyDictionary<string, double> Means, IReadOnlyList<TypedProject> Projects);

/// <summary>
/// A typology, honestly: the live projects at a date clustered on their pillars and journey (<see cref="TypologyFeatures"/>),
/// by k-means for every number of clusters from 2 to <see cref="TypologySettings.MaxClusters"/>; the number kept is the one
/// of best mean silhouette, and the answer calls it a typology only above <see cref="TypologySettings.MinSilhouette"/>.
/// Otherwise it says « pas de typologie nette », as the study found, and still shows the best partition and its figure.
/// </summary>
public sealed record ProjectTypology(
    DateOnly AsOf, string GridVersion, DateOnly? KnownAt, int Projects, TypologyStatus Status, string Verdict,
    int? Clusters, double? Silhouette, string? Reading, double MinSilhouette, int MaxClusters, int MinProjects, int Seed, int SilhouetteOf,
    IReadOnlyList<string> Features, IReadOnlyList<TypologyCandidate> Candidates, IReadOnlyList<TypologyCluster> Groups,
    IReadOnlyList<double> ComponentShares) : ITidy, IDrawnAnswer
{
    /// <summary>How many projects each k-means run was fitted on: all of them, or a draw past <see cref="TypologySettings.KMeansSample"/>.</summary>
    public int FittedOn { get; init; }

    /// <summary>What the study says, quoted (seed <c>000_63fefee6844dd0ec.txt</c>).</summary>
    public const string StudySays = "« L'enquête quantitative n'a pas permis d'identifier de typologie de projets. »";

    public static async Task<ProjectTypology> OfAsync(PortfolioHistory history, AnalyticsParameters p, TypologySettings settings, CancellationToken ct = default) =>
        Of(await history.AtAsync(p.AsOf, p.Grid, ct), p, settings);

    public static ProjectTypology Of(IReadOnlyList<ScorePeriod> rows, AnalyticsParameters p, TypologySettings settings)
    {
        var live = rows.Where(r => r.StoppedOn is null).ToList();
        ProjectTypology Answer(TypologyStatus status, string verdict, IReadOnlyList<string> features) => new(
            p.AsOf, p.Grid.Version, p.KnownAt, live.Count, status, verdict, null, null, null, settings.MinSilhouette,
            settings.MaxClusters, settings.MinProjects, settings.Seed, 0, features, [], [], []);

        if (live.Count < settings.MinProjects)
            return Answer(TypologyStatus.TooFewProjects, TypologyText.TooFew(live.Count, p.AsOf, settings.MinProjects), []);
        var data = TypologyFeatures.Standardise(live, p.AsOf);
        var ids = data.Features.Select(f => f.Id).ToList();
        if (data.Features.Count == 0)
            return Answer(TypologyStatus.NoClearTypology, TypologyText.AllAlike(live.Count), ids);

        var sample = Clustering.Sample(live.Count, settings.SilhouetteSample, settings.Seed);
        // Drawn apart from the silhouettes' projects (the seed's complement): those are not all among the fitted ones.
        var fitOn = Clustering.Sample(live.Count, settings.KMeansSample, ~settings.Seed);
        // Each number of clusters is tried on its own core (k-means runs one thread, from fixed seeds): the same partitions.
        var tried = Enumerable.Range(2, Math.Max(0, Math.Min(settings.MaxClusters, fitOn.Count - 1) - 1)).AsParallel().AsOrdered()
            .Select(k => Clustering.KMeans(data.Points, k, settings.Seed, settings.Restarts, fitOn))
            .ToList()
            .OfType<Partition>()
            .Select(partition =>
            {
                var s = Clustering.Silhouettes(data.Points, partition.Labels, partition.K, sample);
                return (Candidate: new TypologyCandidate(partition.K, Math.Round(s.Average(), 4), Math.Round(partition.Inertia, 4)), Partition: partition, Silhouettes: s);
            })
            .ToList();
        if (tried.Count == 0)
            return Answer(TypologyStatus.NoClearTypology, TypologyText.AllAlike(live.Count), ids);

        // The best mean silhouette; on a tie, the fewer clusters.
        var best = tried.OrderByDescending(t => t.Candidate.Silhouette).ThenBy(t => t.Candidate.Clusters).First();
        var silhouette = best.Candidate.Silhouette;
        var clear = silhouette > settings.MinSilhouette;
        var components = PrincipalComponents.Of(data.Points);
        var sampled = sample.Select((i, w) => (i, w)).ToDictionary(x => x.i, x => best.Silhouettes[x.w]);
        // Each kept feature's raw values and their mean over the projects typed, read once for every cluster.
        var raw = data.Features.Select(f => live.Select(x => f.Raw(x, p.AsOf)).ToArray()).ToArray();
        var means = raw.Select(values => values.Average()).ToArray();
        var groups = Enumerable.Range(0, best.Partition.K)
            .Select(c => Cluster(c, live, data, raw, means, best.Partition.Labels, sampled, components, settings)).ToList();
        return new ProjectTypology(p.AsOf, p.Grid.Version, p.KnownAt, live.Count,
            clear ? TypologyStatus.ClearTypology : TypologyStatus.NoClearTypology,
            TypologyText.Verdict(clear, best.Partition.K, silhouette, settings.MinSilhouette),
            best.Partition.K, silhouette, TypologyText.Reading(silhouette), settings.MinSilhouette, settings.MaxClusters,
            settings.MinProjects, settings.Seed, sample.Count, ids, tried.Select(t => t.Candidate).ToList(), groups,
            components.Shares.Select(x => Math.Round(x, 4)).ToList()) { FittedOn = fitOn.Count };
    }

    private static TypologyCluster Cluster(
        int c, IReadOnlyList<ScorePeriod> live, Standardised data, double[][] raw, double[] means, int[] labels,
        IReadOnlyDictionary<int, double> silhouettes, PrincipalComponents components, TypologySettings settings)
    {
        var members = Enumerable.Range(0, live.Count).Where(i => labels[i] == c).ToList();
        var contrasts = data.Features.Select((f, d) => new FeatureContrast(f.Id, f.Label,
                Math.Round(members.Average(i => raw[d][i]), 4), Math.Round(means[d], 4),
                Math.Round(members.Average(i => data.Points[i][d]), 4)))
            .ToList();
        var distinctive = contrasts.Where(x => Math.Abs(x.Deviation) >= settings.DistinctiveFrom)
            // Features as far apart (to the hundredth) are named in the list's order: the pillars first.
            .OrderByDescending(x => Math.Round(Math.Abs(x.Deviation), 2)).ThenBy(x => Order(x.Feature)).Take(3).ToList();
        var projects = members.Select(i =>
        {
            var xy = components.Project(data.Points[i]);
            return new TypedProject(live[i].ProjectId, live[i].Key, live[i].Name, c + 1,
                silhouettes.TryGetValue(i, out var s) ? Math.Round(s, 4) : null,
                Math.Round(xy.ElementAtOrDefault(0), 4), Math.Round(xy.ElementAtOrDefault(1), 4));
        }).OrderBy(x => x.Key, StringComparer.Ordinal).ToList();
        var sampled = members.Where(silhouettes.ContainsKey).Select(i => silhouettes[i]).ToList();
        return new TypologyCluster(c + 1, members.Count, sampled.Count == 0 ? null : Math.Round(sampled.Average(), 4),
            TypologyText.Describe(distinctive, settings.DistinctiveFrom), distinctive,
            contrasts.ToDictionary(x => x.Feature, x => x.ClusterMean), projects);
    }

    private static int Order(string feature) => TypologyFeatures.All.Select((f, i) => (f, i)).First(x => x.f.Id == feature).i;

    public IEnumerable<TidyRow> Tidy()
    {
        yield return new("portfolio", AsOf, "projects", Projects, "Projets en cours typés");
        yield return new("portfolio", AsOf, "status", Status.Wire(), $"Verdict : {Verdict}");
        yield return new("portfolio", AsOf, "clusters", Clusters, "Nombre de groupes de la meilleure partition");
        yield return new("portfolio", AsOf, "silhouette", Silhouette, $"Silhouette moyenne de la meilleure partition{(Reading is { } r ? $" : {r}" : "")}");
        yield return new("portfolio", AsOf, "silhouetteOf", SilhouetteOf, "Projets dont la silhouette est calculée (tous, ou un tirage au-delà de Typology:SilhouetteSample)");
        yield return new("portfolio", AsOf, "fittedOn", FittedOn, "Projets sur lesquels chaque k-moyennes est ajusté (tous, ou un tirage au-delà de Typology:KMeansSample)");
        yield return new("portfolio", AsOf, "minSilhouette", MinSilhouette, "Seuil de silhouette d'une typologie nette (réglage Typology:MinSilhouette)");
        foreach (var x in Candidates)
        {
            yield return new($"k:{x.Clusters}", AsOf, "silhouette", x.Silhouette, $"Partition en {x.Clusters} groupes · Silhouette moyenne");
            yield return new($"k:{x.Clusters}", AsOf, "inertia", x.Inertia, $"Partition en {x.Clusters} groupes · Inertie intra-groupes");
        }
        foreach (var g in Groups)
        {
            var subject = $"cluster:{g.Number}";
            yield return new(subject, AsOf, "projects", g.Size, $"Groupe {g.Number} · Nombre de projets");
            yield return new(subject, AsOf, "silhouette", g.Silhouette, $"Groupe {g.Number} · Silhouette moyenne");
            yield return new(subject, AsOf, "description", g.Description, $"Groupe {g.Number} · Description");
            foreach (var (feature, mean) in g.Means)
                yield return new(subject, AsOf, $"mean:{feature}", mean, $"Groupe {g.Number} · Moyenne : {TypologyFeatures.Find(feature).Label}");
        }
        foreach (var x in Groups.SelectMany(g => g.Projects).OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            yield return new(x.Key, AsOf, "cluster", x.Cluster, $"{x.Key} · Groupe");
            yield return new(x.Key, AsOf, "silhouette", x.Silhouette, $"{x.Key} · Silhouette");
            yield return new(x.Key, AsOf, "pc1", x.X, $"{x.Key} · Première composante principale");
            yield return new(x.Key, AsOf, "pc2", x.Y, $"{x.Key} · Deuxième composante principale");
        }
    }

    public ScottPlot.Plot Chart() => TypologyCharts.Plane(this);
}
