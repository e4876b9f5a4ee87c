using EctLifecycle.Analytics;
using EctLifecycle.ScoreHistory;

namespace EctLifecycle.Typology;

/// <summary>
/// One thing a project is compared on: its value read off the project's score period at the date (<see cref="Raw"/>, as
/// shown), the value clustered (<see cref="Clustered"/>: the raw one, or its logarithm for a count), and the French words
/// that describe a cluster high or low on it.
/// </summary>
public sealed record TypologyFeature(
    string Id, string Label, Func<ScorePeriod, DateOnly, double> Raw, string High, string Low, Func<double, string> Shown,
    Func<double, double>? Transform = null)
{
    public double Clustered(ScorePeriod s, DateOnly asOf) => Transform is { } f ? f(Raw(s, asOf)) : Raw(s, asOf);
}

/// <summary>
/// The features the typology clusters on, the tool's choice: the four pillars' means (0-3) and the journey: how far along,
/// how old, a new legal entity, a legal form of the social economy, accompanied by the hub, the share of public money,
/// the collective's size and how local it is. Stopped projects are left out (they have no profile to type any more).
/// Each feature is standardised over the projects typed (mean 0, standard deviation 1) so that each weighs the same;
/// a feature equal for all of them is left out of the distances.
/// </summary>
public static class TypologyFeatures
{
    private static readonly System.Globalization.CultureInfo French = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");

    private static string Number(double d) => d.ToString("0.00", French);
    private static string Percent(double share) => $"{Math.Round(share * 100).ToString("0", French)} %";
    private static double Flag(bool b) => b ? 1 : 0;

    /// <summary>How far along its journey: idea 0, collective 1, structuring 2, operating 3; a pause counts as a collective (a group, no activity).</summary>
    public static double StageRank(Stage stage) => stage switch
    {
        Stage.Idea => 0,
        Stage.Collective or Stage.Paused => 1,
        Stage.Structuring => 2,
        _ => 3,
    };

    private static TypologyFeature Pillar(string id) => new($"pillar:{id}", $"Pilier « {Charts.PillarLabel(id)} »",
        (s, _) => s.Pillar(id), $"pilier « {Charts.PillarLabel(id)} » élevé", $"pilier « {Charts.PillarLabel(id)} » faible", Number);

    public static readonly IReadOnlyList<TypologyFeature> All =
    [
        .. Scoring.Grid.PillarIds.Select(Pillar),
        new("stage", "Avancement (0 idée, 1 collectif ou pause, 2 structuration, 3 activité)", (s, _) => StageRank(s.StageOf()),
            "plus avancés dans leur parcours", "moins avancés dans leur parcours", Number),
        new("ageYears", "Âge depuis l'émergence (années)", (s, asOf) => Math.Max(0, asOf.DayNumber - s.EmergedOn.DayNumber) / 365.25,
            "plus anciens", "plus récents", d => $"{d.ToString("0.0", French)} ans"),
        new("newLegalEntity", "Parcours : nouvelle entité juridique", (s, _) => Flag(s.PathOf() == StructuringPath.NewLegalEntity),
            "structurés en nouvelle entité juridique", "rarement en nouvelle entité juridique", Percent),
        new("essLegalForm", "Forme juridique de l'ESS", (s, _) => Flag(s.LegalFormInEss),
            "forme juridique de l'ESS", "rarement une forme juridique de l'ESS", Percent),
        new("hubAccompanied", "Accompagné par le pôle", (s, _) => Flag(s.EverAccompaniedByHub),
            "accompagnés par le pôle", "peu accompagnés par le pôle", Percent),
        new("publicShare", "Part d'argent public des financements actifs", (s, _) => s.PublicShare,
            "forte part d'argent public", "faible part d'argent public", Percent),
        new("activeActors", "Acteurs actifs dans le collectif", (s, _) => s.ActiveActors,
            "collectifs nombreux", "collectifs restreints", Number, Transform: x => Math.Log(1 + x)),
        new("localActorShare", "Part d'acteurs locaux", (s, _) => s.LocalActorShare,
            "acteurs surtout locaux", "peu d'acteurs locaux", Percent),
    ];

    public static TypologyFeature Find(string id) => All.First(f => f.Id == id);

    /// <summary>The projects' features standardised column by column; the features that vary (those kept) and each one's mean and standard deviation.</summary>
    public static Standardised Standardise(IReadOnlyList<ScorePeriod> projects, DateOnly asOf)
    {
        var kept = new List<(TypologyFeature Feature, double Mean, double Sd)>();
        foreach (var f in All)
        {
            var values = projects.Select(p => f.Clustered(p, asOf)).ToList();
            var mean = values.Count == 0 ? 0 : values.Average();
            var sd = values.Count == 0 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
            if (sd > 1e-9) kept.Add((f, mean, sd));
        }
        var points = projects.Select(p => kept.Select(k => (k.Feature.Clustered(p, asOf) - k.Mean) / k.Sd).ToArray()).ToArray();
        return new Standardised(kept.Select(k => k.Feature).ToList(), points, kept.Select(k => (k.Mean, k.Sd)).ToList());
    }
}

/// <summary>Each project's standardised features (one row a project, one column a feature kept), and each kept feature's mean and standard deviation.</summary>
public sealed record Standardised(IReadOnlyList<TypologyFeature> Features, double[][] Points, IReadOnlyList<(double Mean, double Sd)> Scales)
{
    /// <summary>Another project placed in the same space: its features at <paramref name="on"/>, on these means and deviations.</summary>
    public double[] Place(ScorePeriod project, DateOnly on) =>
        Features.Select((f, d) => (f.Clustered(project, on) - Scales[d].Mean) / Scales[d].Sd).ToArray();
}
