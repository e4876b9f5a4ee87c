using EctLifecycle.Projects;

namespace EctLifecycle.Web;

/// <summary>A milestone's facts in a short French phrase, for the journey's timeline.</summary>
public static class TimelineText
{
    /// <param name="grids">Where an assessment's criteria find their labels (the grid it was made under, else the default).</param>
    public static string Of(IProjectEvent e, Scoring.GridCatalog? grids = null) => e switch
    {
        ProjectRegistered r => $" : {r.Name} ({r.Sector}, {r.Commune})",
        ActorJoinedCollective a => $" : {a.ActorName} ({FrenchLabels.Of(a.Kind)}, {(a.IsLocal ? "local" : "extérieur")}, {FrenchLabels.Of(a.Role).ToLowerInvariant()}" +
            $"{(a.NaturalPerson == true ? ", personne physique" : a.NaturalPerson is null && NaturalPersons.IsPerson(a) ? ", personne physique par défaut" : "")})",
        ActorLeftCollective a => $" : {a.ActorName} — {a.Reason}",
        CarrierIdentified c => $" : {c.CarrierName}{Person(c.NaturalPerson)}",
        CarrierLost c => $" : {c.Reason}",
        CarryingHandedOver h => $" : de {h.From} à {h.To}{Person(h.ToNaturalPerson)}{(h.HubAsIntermediary ? ", par l'intermédiaire du pôle" : "")}",
        NaturalPersonMarked m => $" : « {m.Name} » {(m.NaturalPerson ? "est" : "n'est pas")} une personne physique",
        StructuringPathChosen p => $" : {FrenchLabels.Of(p.Path)}{(p.HostStructure is { } h ? $" ({h})" : "")}",
        LegalFormAdopted f => $" : {FrenchLabels.Of(f.Form)}{(f.OtherLabel is { } o ? $" ({o})" : "")}{(f.InEss ? ", ESS" : "")}",
        FundingSecured f => $" : {f.Funder}, {f.AmountEuros:N0} € ({FrenchLabels.Of(f.SourceKind)}, réf. {f.FundingId})",
        FundingEnded f => $" : réf. {f.FundingId}{(f.Reason is { } r ? $" — {r}" : "")}",
        AccompanimentStarted a => $" : {(a.ByHub ? "par le pôle" : $"par {a.Structure}")}{(a.Programme is { } p ? $" ({p})" : "")}",
        AccompanimentEnded a => $" : {(a.ByHub ? "par le pôle" : $"par {a.Structure}")}",
        ExternalExpertiseSought x => $" : {x.What} auprès de {x.FromWhom}{(x.OutsideTerritory ? " (hors territoire)" : "")}",
        CriteriaAssessed c => $" : {string.Join(" ; ", c.Scores.Select(s => Assessed(s, c.GridVersion, grids)))}",
        ProjectPaused p => $" : {p.Reason}",
        ProjectResumed r => r.Note is { } n ? $" : {n}" : "",
        ProjectStopped s => $" : {string.Join(", ", StopReasons.Of(s).Select(r => r.Text is { } t ? $"{FrenchLabels.Of(r.Reason)} ({t})" : FrenchLabels.Of(r.Reason)))}{(s.Note is { } n ? $" — {n}" : "")}",
        NoteAdded n => $" : {n.Text}",
        MilestoneRetracted m => $" : {m.Reason}",
        _ => "",
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

    private static string Person(bool? said) => said == true ? " (personne physique)" : "";
}
