namespace EctLifecycle.Typology;

/// <summary>
/// The typology's rules: every one is the tool's default, none is the study's (it only says « L'enquête quantitative n'a
/// pas permis d'identifier de typologie de projets »). Section <c>Typology</c> of appsettings.json, or <c>Typology__…</c> variables.
/// </summary>
public sealed class TypologySettings
{
    public const string Section = "Typology";

    /// <summary>The partitions tried have from 2 to this many clusters (fewer when there are few projects).</summary>
    public int MaxClusters { get; set; } = 6;

    /// <summary>
    /// The best partition's mean silhouette must be above this for the answer to call it a typology. 0.50: Kaufman and
    /// Rousseeuw (<i>Finding Groups in Data</i>, 1990) read 0.51 to 0.70 as « a reasonable structure », 0.26 to 0.50 as weak.
    /// </summary>
    public double MinSilhouette { get; set; } = 0.5;

    /// <summary>Below this many live projects at the date no partition is tried: the answer says so.</summary>
    public int MinProjects { get; set; } = 10;

    /// <summary>The k-means seed: the same portfolio gives the same answer.</summary>
    public int Seed { get; set; } = 19;

    /// <summary>K-means runs for each number of clusters, from seeds Seed, Seed+1…; the run of least inertia is kept.</summary>
    public int Restarts { get; set; } = 5;

    /// <summary>
    /// Above this many projects, the mean silhouettes are those of this many projects drawn with the seed (each one's
    /// silhouette exact, against every project): the exact mean costs n² distances for each number of clusters.
    /// </summary>
    public int SilhouetteSample { get; set; } = 2000;

    /// <summary>
    /// Above this many live projects, each k-means run is fitted on this many projects drawn with the seed, then every project
    /// joins the group of the nearest of the run's centres: a run's cost grows with the projects, and the report runs
    /// <see cref="Restarts"/> of them for each number of groups (at L, 84,000 live projects, the 25 runs took 12.7 s of one
    /// core with ML.NET, about 1 s on two cores with <see cref="Clustering.KMeans"/>: docs/benchmarks.md). 20,000 keeps every
    /// portfolio up to M fitted whole.
    /// </summary>
    public int KMeansSample { get; set; } = 20_000;

    /// <summary>A feature describes a cluster when its mean there is this many standard deviations from the portfolio's.</summary>
    public double DistinctiveFrom { get; set; } = 0.5;

    /// <summary>The settings the configuration sets, as one instance (the endpoint, the page and the command share it); a wrong one stops the start.</summary>
    public static void Register(IServiceCollection services, IConfiguration configuration)
    {
        var settings = new TypologySettings();
        configuration.GetSection(Section).Bind(settings);
        if (settings.Problems().ToList() is { Count: > 0 } problems)
            throw new InvalidOperationException($"Réglages de la typologie invalides : {string.Join(" ; ", problems)}.");
        services.AddSingleton(settings);
    }

    /// <summary>The settings' own limits, in French; empty when they hold.</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxClusters < 2) yield return $"{Section}:MaxClusters doit valoir au moins 2 ({MaxClusters})";
        if (MinSilhouette is < -1 or > 1) yield return $"{Section}:MinSilhouette doit être entre -1 et 1 ({MinSilhouette})";
        if (MinProjects < 3) yield return $"{Section}:MinProjects doit valoir au moins 3 ({MinProjects})";
        if (SilhouetteSample < 10) yield return $"{Section}:SilhouetteSample doit valoir au moins 10 ({SilhouetteSample})";
        if (KMeansSample < 10 || KMeansSample <= MaxClusters)
            yield return $"{Section}:KMeansSample doit valoir au moins 10 et plus que MaxClusters ({KMeansSample})";
        if (Restarts < 1) yield return $"{Section}:Restarts doit valoir au moins 1 ({Restarts})";
        if (DistinctiveFrom <= 0) yield return $"{Section}:DistinctiveFrom doit être positif ({DistinctiveFrom})";
    }
}
