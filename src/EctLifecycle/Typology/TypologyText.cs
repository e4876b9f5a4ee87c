namespace EctLifecycle.Typology;

/// <summary>The typology's French sentences: the verdict, the reading of the silhouette, a cluster's description.</summary>
public static class TypologyText
{
    private static readonly System.Globalization.CultureInfo French = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");

    public static string N(double d) => d.ToString("0.00", French);

    /// <summary>
    /// Kaufman and Rousseeuw's reading of a mean silhouette (<i>Finding Groups in Data</i>, 1990): above 0.70 a strong
    /// structure, 0.51 to 0.70 reasonable, 0.26 to 0.50 weak and perhaps artificial, below no substantial structure.
    /// </summary>
    public static string Reading(double silhouette) => silhouette switch
    {
        > 0.70 => "structure forte",
        > 0.50 => "structure raisonnable",
        > 0.25 => "structure faible, peut-être artificielle",
        _ => "aucune structure substantielle",
    };

    public const string ReadingSource = "lecture de Kaufman et Rousseeuw (Finding Groups in Data, 1990) : au-dessus de 0,70 structure forte, de 0,51 à 0,70 raisonnable, de 0,26 à 0,50 faible, peut-être artificielle, en dessous aucune structure substantielle";

    public static string TooFew(int projects, DateOnly asOf, int least) =>
        $"Trop peu de projets pour chercher des types : {projects} projet{(projects > 1 ? "s" : "")} en cours au {asOf:dd/MM/yyyy}, il en faut au moins {least} (réglage Typology:MinProjects).";

    public static string AllAlike(int projects) =>
        $"Pas de typologie nette : les {projects} projets en cours ne se distinguent sur aucun des traits comparés.";

    public static string Verdict(bool clear, int k, double silhouette, double least) => clear
        ? $"Typologie nette : {k} groupes, silhouette moyenne {N(silhouette)} ({Reading(silhouette)}), au-dessus du seuil de {N(least)}."
        : $"Pas de typologie nette : la meilleure partition ({k} groupes) a une silhouette moyenne de {N(silhouette)} ({Reading(silhouette)}), "
          + $"qui ne dépasse pas le seuil de {N(least)}. L'étude le constatait aussi : {ProjectTypology.StudySays}";

    /// <summary>The verdict in a few words, for a chart's title.</summary>
    public static string Short(ProjectTypology t) => (t.Status, t.Clusters, t.Silhouette) switch
    {
        (TypologyStatus.ClearTypology, { } k, { } s) => $"typologie nette, {k} groupes (silhouette {N(s)})",
        (TypologyStatus.NoClearTypology, { } k, { } s) => $"pas de typologie nette (meilleure partition : {k} groupes, silhouette {N(s)})",
        (TypologyStatus.NoClearTypology, _, _) => "pas de typologie nette",
        _ => "trop peu de projets",
    };

    /// <summary>What sets a cluster apart from all the projects typed, in words: its most distinctive features, with both means.</summary>
    public static string Describe(IReadOnlyList<FeatureContrast> distinctive, double from)
    {
        if (distinctive.Count == 0)
            return $"proche de l'ensemble des projets typés : aucun trait à plus de {N(from)} écart-type de la moyenne";
        return string.Join(", ", distinctive.Select(x =>
        {
            var f = TypologyFeatures.Find(x.Feature);
            return $"{(x.Deviation > 0 ? f.High : f.Low)} ({f.Shown(x.ClusterMean)} contre {f.Shown(x.PortfolioMean)})";
        }));
    }
}
