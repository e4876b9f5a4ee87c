using EctLifecycle.Analytics;
using EctLifecycle.Persistence;
using EctLifecycle.Projects;

namespace EctLifecycle.Durability;

/// <summary>The report on one stopped project laid out for the board, from emergence to what remains.</summary>
public static class ProjectDocument
{
    public static ReportDocument Of(ProjectReport r)
    {
        var p = r.Project;
        var stop = r.Stop;
        var support = r.Support;
        return new ReportDocument($"{p.Name} ({p.Key})", $"Projet arrêté le {Fr.Date(r.StoppedOn)} — rapport au {Fr.Date(r.AsOf)}",
        [
            new KeyFigures([
                ("Secteur", p.Sector), ("Commune", p.Commune),
                ("Cadre d'émergence", FrenchLabels.Of(p.EmergenceContext)), ("Rôle du pôle à l'émergence", FrenchLabels.Of(p.HubRole)),
                ("Inspiré d'un autre territoire", Fr.YesNo(p.InspiredElsewhere)),
                ("Émergence", Fr.Date(r.EmergedOn)), ("Arrêt", Fr.Date(r.StoppedOn)), ("Durée de vie", Fr.Years(r.LifespanYears)),
            ]),
            new Paragraph(p.Summary),

            new Heading("Le parcours"),
            new Table(["Étape", "Depuis le"], r.Stages.Select(s => Fr.Row(FrenchLabels.Of(s.Stage), Fr.Date(s.From))).ToList()),
            new Table(["Voie de structuration", "Choisie le", "Structure hôte"],
                r.StructuringPaths.Select(s => Fr.Row(FrenchLabels.Of(s.Path), Fr.Date(s.On), Fr.Or(s.HostStructure))).ToList(),
                "Aucune voie de structuration choisie."),
            new Table(["Forme juridique", "Adoptée le", "ESS"],
                r.LegalForms.Select(f => Fr.Row(f.OtherLabel ?? FrenchLabels.Of(f.Form), Fr.Date(f.Since), Fr.YesNo(f.InEss))).ToList(),
                "Aucune forme juridique adoptée."),

            new Heading("Les piliers de l'ECT"),
            new Paragraph("« À l'émergence » lit le projet à la fin de sa première année, comme le critère du collectif à l'émergence."),
            new Figure(() => DurabilityCharts.Pillars(r), "Dérive des piliers jusqu'à l'arrêt"),
            new Table(["", "À l'émergence", "Au plus haut", "À l'arrêt", "Écart depuis le plus haut"],
                r.Pillars.Select(a => Fr.Row(a.Label, Reading(a, a.AtEmergence), $"{Reading(a, a.Peak)} ({Fr.Date(a.Peak.Date)})",
                    Reading(a, a.AtStop), Value(a, a.FromPeakToStop, signed: true))).ToList()),

            new Heading("Le collectif et les ressources"),
            new Figure(() => DurabilityCharts.CollectiveAndResources(r), "Le collectif et la part publique des ressources"),
            new Table(["Acteur", "Type", "Local", "Rôle", "Arrivée", "Départ", "Raison du départ"],
                r.Collective.Members.Select(m => Fr.Row(m.ActorName, FrenchLabels.Of(m.Kind), Fr.YesNo(m.IsLocal), FrenchLabels.Of(m.Role),
                    Fr.Date(m.JoinedOn), Fr.Date(m.LeftOn), Fr.Or(m.LeftReason))).ToList(), "Aucun acteur consigné."),
            new Table(["Financement", "Type", "Financeur", "Montant", "Obtenu le", "Terminé le"],
                r.Resources.Fundings.Select(f => Fr.Row(f.FundingId, FrenchLabels.Of(f.SourceKind), f.Funder, Fr.Euros(f.AmountEuros),
                    Fr.Date(f.SecuredOn), Fr.Date(f.EndedOn))).ToList(), "Aucune ressource consignée."),
            new Paragraph(r.Resources.Perfusion.Count == 0
                ? "Le projet n'a jamais vécu sous perfusion (plus de 80 % d'argent public)."
                : $"Sous perfusion (plus de 80 % d'argent public) {Fr.Pct(r.Resources.PerfusionShareOfLife)} de sa vie : " +
                  string.Join(", ", r.Resources.Perfusion.Select(x => $"du {Fr.Date(x.From)} au {Fr.Date(x.To)}")) + "."),

            new Heading("L'accompagnement"),
            new Table(["Par", "Programme", "Début", "Fin"],
                support.Accompaniments.Select(a => Fr.Row(a.ByHub ? "le pôle" : Fr.Or(a.Structure), Fr.Or(a.Programme),
                    Fr.Date(a.StartedOn), Fr.Date(a.EndedOn))).ToList(), "Aucun accompagnement."),
            new Paragraph(!support.EverByHub ? "Le projet n'a jamais été accompagné par le pôle."
                : support.HubActiveAtStop ? "Le pôle l'accompagnait encore quand il s'est arrêté."
                : $"L'accompagnement du pôle a pris fin le {Fr.Date(support.LastHubSupportEnd)}, {Fr.Years(support.YearsFromHubSupportEndToStop)} avant l'arrêt."),
            new Table(["Expertise sollicitée", "Auprès de", "Le", "Hors territoire"],
                r.Expertise.Select(x => Fr.Row(x.What, x.FromWhom, Fr.Date(x.SoughtOn), Fr.YesNo(x.OutsideTerritory))).ToList(),
                "Aucune expertise extérieure sollicitée."),

            new Heading("L'arrêt et ce qui reste"),
            new KeyFigures([
                ("Raisons", PortfolioDocument.ReasonsText(stop.Reasons)),
                ("Ce qui reste", PortfolioDocument.RemainsText(stop.Remains)),
                ("Position du pôle", stop.HubStance is { } h ? FrenchLabels.Of(h) : "non précisée"),
                ("Consigné par", stop.LoggedBy),
            ]),
            new Paragraph(Fr.Or(stop.Note, "Pas de note à l'arrêt.")),
            new Table(["Ce qu'il avait produit à l'arrêt", "Valeur", "Mesurée le"],
                r.ProducedAtStop.Select(v => Fr.Row(OutputsMeasuredKind.LabelOf(v.Measure), OutputsMeasuredKind.Phrase(v), Fr.Date(v.On))).ToList(),
                "Aucune production mesurée avant l'arrêt."),
            new Table(["Suivi", "Le", "Activité", "Reprise par", "Biens utilisés", "Réseau actif", "Emplois", "Note"],
                r.FollowUps.Select((f, i) => PortfolioDocument.FollowUpRow($"{i + 1}", f)).ToList(), "Aucun suivi depuis l'arrêt."),

            new Heading("Les notes de l'équipe"),
            new Table(["Le", "Par", "Note"], r.Notes.Select(n => Fr.Row(Fr.Date(n.On), n.LoggedBy, n.Text)).ToList(), "Aucune note."),
        ]);
    }

    private static string Reading(PillarArc a, Reading r) => Value(a, r.Value, signed: false);

    private static string Value(PillarArc a, double v, bool signed) =>
        (signed && v > 0 ? "+" : "") + (a.Id == PillarArc.Score ? Fr.Number(v, "0") : Fr.Number(v));
}
