using EctLifecycle.Projects;

namespace EctLifecycle.Web;

/// <summary>A milestone's facts in a short French phrase, for the journey's timeline: its kind's, an assessment's with its criteria's labels.</summary>
public static class TimelineText
{
    /// <param name="grids">Where an assessment's criteria find their labels (the grid it was made under, else the default).</param>
    public static string Of(IProjectEvent e, Scoring.GridCatalog? grids = null) => e switch
    {
        ProjectRegistered r => $" : {r.Name} ({r.Sector}, {r.Commune})",
        CriteriaAssessed c => $" : {string.Join(" ; ", c.Scores.Select(s => Assessed(s, c.GridVersion, grids)))}",
        _ => MilestoneKinds.Of(e)?.Summary(e) ?? "",
    };

    /// <summary>« Coopération vivante : 3 points (les partenaires se réunissent chaque mois) ».</summary>
    public static string Assessed(CriterionScore s, string gridVersion, Scoring.GridCatalog? grids) =>
        $"{CriterionLabel(s.CriterionId, gridVersion, grids)} : {s.Points} point{(s.Points > 1 ? "s" : "")}" +
        (s.Rationale is { } why ? $" ({why})" : "");

    /// <summary>A criterion's label in the grid it was assessed under (else in any grid that has it): never its id.</summary>
    public static string CriterionLabel(string criterionId, string gridVersion, Scoring.GridCatalog? grids) =>
        (grids?.Find(gridVersion)?.Find(criterionId) ?? grids?.All.Select(g => g.Find(criterionId)).FirstOrDefault(c => c is not null))?.Label
        ?? "critère d'une grille retirée";

    /// <summary>What a grid's derived criterion is computed from, in words.</summary>
    public static string IndicatorLabel(string? indicator) => indicator switch
    {
        "actorKindCount" => "nombre de types d'acteurs",
        "actorRetention" => "maintien des acteurs",
        "actorsAtEmergence" => "acteurs à l'émergence",
        "carrierPresent" => "présence d'un porteur",
        "financialAutonomy" => "autonomie financière",
        "fundingSourceKindCount" => "nombre de types de ressources",
        "governance" => "gouvernance",
        "localActorShare" => "part d'acteurs locaux",
        _ => "indicateur des jalons",
    };
}
