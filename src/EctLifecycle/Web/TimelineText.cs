using EctLifecycle.Projects;

namespace EctLifecycle.Web;

/// <summary>A milestone's facts in a short French phrase, for the journey's timeline.</summary>
public static class TimelineText
{
    public static string Of(IProjectEvent e) => e switch
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
        CriteriaAssessed c => $" : {string.Join(", ", c.Scores.Select(s => $"{s.CriterionId} = {s.Points}"))}",
        ProjectPaused p => $" : {p.Reason}",
        ProjectResumed r => r.Note is { } n ? $" : {n}" : "",
        ProjectStopped s => $" : {string.Join(", ", s.Reasons)}{(s.Note is { } n ? $" — {n}" : "")}",
        NoteAdded n => $" : {n.Text}",
        MilestoneRetracted m => $" : {m.Reason}",
        _ => "",
    };

    private static string Person(bool? said) => said == true ? " (personne physique)" : "";
}
