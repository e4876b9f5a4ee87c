using EctLifecycle.Projects;

namespace EctLifecycle.Analytics;

/// <summary>
/// The French words of the analytics' own lists (periods, cohort fields, anchors) and of each cohort's value, for the
/// pages, the charts and the CSV's label column. The domain's lists are <see cref="FrenchLabels"/>'s, the pillars
/// <see cref="Charts.PillarLabel"/>'s: this file only names what is the analytics' own.
/// </summary>
public static class AnalyticsLabels
{
    /// <summary>A question's name in French, as the journal says what was downloaded (the route's name stays in its details).</summary>
    public static string QuestionTitle(string name) => name switch
    {
        "portfolio" => "Portefeuille à une date", "distribution" => "Distribution des scores", "compare" => "Deux grilles",
        "sample" => "Échantillon qualitatif", "cohorts" => "Dérive par cohorte", "aligned" => "Dérive alignée",
        "drift" => "Dérive d'un projet", "typology" => "Typologie", "persistence" => "Pérennité des piliers",
        "territory" => "Territoire", "outputs" => "Production des projets", "entrepreneurial-figure" => "Figure entrepreneuriale",
        "lineage" => "Projets nés d'autres", "hub-events" => "Événements du pôle", "network" => "Réseau des acteurs",
        _ => name,
    };

    public static string Of(Period period) => period switch
    {
        Period.Month => "mois",
        Period.Quarter => "trimestre",
        _ => "année",
    };

    public static string Of(CohortField field) => field switch
    {
        CohortField.EmergenceContext => "Cadre d'émergence",
        CohortField.HubRole => "Rôle du pôle",
        CohortField.LegalForm => "Forme juridique",
        CohortField.Sector => "Secteur",
        CohortField.Accompanied => "Accompagné par le pôle",
        CohortField.EmergenceYear => "Année d'émergence",
        CohortField.Territory => "Territoire",
        CohortField.PopulationClass => "Population de la commune",
        _ => "Arrêté",
    };

    public static string Of(AlignAnchor anchor) => anchor switch
    {
        AlignAnchor.HubSupportEnded => "Fin de l'accompagnement par le pôle",
        AlignAnchor.LegalFormAdopted => "Adoption d'une forme juridique",
        AlignAnchor.CarrierLost => "Perte du porteur",
        AlignAnchor.Emergence => "Émergence du projet",
        _ => "Premier financement",
    };

    public const string AllProjects = "Tous les projets";

    /// <summary>The grid's threshold comparison (its wire name in the CSV) in French.</summary>
    public static string Comparison(string wire) => wire == "above" ? "strictement au-dessus du seuil" : "au seuil ou au-dessus";

    public static string Comparison(Scoring.ThresholdComparison comparison) =>
        Comparison(comparison == Scoring.ThresholdComparison.Above ? "above" : "atOrAbove");

    /// <summary>The distribution's « nœud » beside the grid's threshold, in one French sentence (pages, charts, CLI).</summary>
    public static string Node(Distribution d) => d.Node switch
    {
        { Score: { } score } n when score == d.Threshold =>
            $"Nœud à {score} ({n.Projects} projets) : au seuil de la grille ({d.Threshold}).",
        { Score: { } score } n =>
            $"Nœud à {score} ({n.Projects} projets) : ailleurs qu'au seuil de la grille ({d.Threshold}).",
        { Tied.Count: > 0 } n =>
            $"Aucun nœud net : {n.Projects} projet(s) à chacun des scores {string.Join(", ", n.Tied)} ; seuil de la grille : {d.Threshold}.",
        _ => $"Aucun nœud : aucun projet noté ; seuil de la grille : {d.Threshold}.",
    };

    /// <summary>A cohort's value (<see cref="Cohorts.ValueOf"/>, as the API gives it) in French.</summary>
    public static string Cohort(CohortField? by, string value) => by switch
    {
        null => AllProjects,
        CohortField.EmergenceContext => FrenchLabels.Of(typeof(EmergenceContext), value) ?? value,
        CohortField.HubRole => FrenchLabels.Of(typeof(HubRole), value) ?? value,
        CohortField.LegalForm => value == "none" ? "Aucune" : FrenchLabels.Of(typeof(LegalForm), value) ?? value,
        CohortField.Accompanied or CohortField.Stopped => YesNo(value is "yes" or "stopped"),
        CohortField.Territory => Communes.Territory.PlaceLabel(value),
        CohortField.PopulationClass => Communes.TerritorySettings.WireLabel(value),
        _ => value,
    };

    public static string YesNo(bool value) => value ? "oui" : "non";

    /// <summary>
    /// A cohort in a chart's legend: its value, and its field too when the value alone says nothing (« oui », « non »
    /// read « Accompagné par le pôle : oui »).
    /// </summary>
    public static string CohortLegend(CohortField? by, string value) =>
        by is CohortField.Accompanied or CohortField.Stopped ? CohortTitle(by, value) : Cohort(by, value);

    /// <summary>A cohort as a person reads it: « Accompagné par le pôle : oui ».</summary>
    public static string CohortTitle(CohortField? by, string value) => by is { } f ? $"{Of(f)} : {Cohort(f, value)}" : AllProjects;

    /// <summary>A parameter's list for an error message of a page: its French labels.</summary>
    public static string Allowed<TEnum>(Func<TEnum, string> label) where TEnum : struct, Enum =>
        string.Join(", ", Enum.GetValues<TEnum>().Select(label));
}
