using System.Globalization;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;

namespace EctLifecycle.Analytics;

/// <summary>
/// The French reading of a tidy row, for the CSV's <c>libelle</c> column: its subject, its measure and, when the value
/// is a word of the API (a stage, a form, yes or no), that word in French. The other columns keep the API's values,
/// which R and pandas read. The words come from <see cref="FrenchLabels"/>, <see cref="AnalyticsLabels"/>, the pillars'
/// labels and the grids' criteria; a part it does not know is left as it is.
/// </summary>
public sealed class TidyLabels(GridCatalog grids, Func<string, string?>? subjectPart = null)
{
    /// <summary>
    /// The labels of an answer whose subjects have parts of its own (<paramref name="subjectPart"/>: a part of a subject in
    /// French, or null for the common ones), such as the durability report's survival curves, which Analytics does not read.
    /// </summary>
    public TidyLabels With(Func<string, string?> subjectPart) => new(grids, subjectPart);

    private static readonly Dictionary<string, string> Measures = new()
    {
        ["threshold"] = "Seuil de potentiel ECT",
        ["atOrAboveThreshold"] = "Projets au seuil",
        ["thresholdComparison"] = "Comparaison au seuil",
        ["node"] = "Nœud de la distribution (score obtenu par le plus de projets)",
        ["nodeProjects"] = "Projets au score le plus fréquent",
        ["mostProjects"] = "Score obtenu par le plus de projets",
        ["projects"] = "Nombre de projets",
        ["count"] = "Nombre de projets",
        ["score"] = "Score ECT",
        ["ectPotential"] = "Potentiel ECT (score au seuil)",
        ["meetsScore"] = "Score au seuil",
        ["meetsCarrier"] = "Porteur présent",
        ["meetsResilience"] = "Résilience au-dessus de la moyenne du portefeuille",
        ["preselected"] = "Présélectionné",
        ["selected"] = "Retenu pour l'échantillon",
        ["stage"] = "Étape",
        ["legalForm"] = "Forme juridique",
        ["emergenceContext"] = "Cadre d'émergence",
        ["change"] = "Changement",
        ["crossesThreshold"] = "Passage du seuil",
        // The pillars' persistence (Persistence/).
        ["live"] = "Projets en vie", ["stopped"] = "Projets arrêtés", ["emergedOn"] = "Émergence", ["stoppedOn"] = "Arrêt",
        ["driftedAway"] = "Projets éloignés du potentiel ECT", ["cameCloser"] = "Projets rapprochés du potentiel ECT",
        ["potentialAtEmergence"] = "Potentiel ECT à l'émergence (fin de la première année)", ["potentialNow"] = "Potentiel ECT aujourd'hui",
        ["trend"] = "Depuis l'émergence", ["kept"] = "Projets qui ont gardé le pilier", ["lost"] = "Projets qui ont perdu le pilier",
        ["gained"] = "Projets qui ont gagné sur le pilier", ["notYetAYear"] = "Projets de moins d'un an",
        ["meanAtEmergence"] = "Moyenne à l'émergence", ["meanPeak"] = "Moyenne au pic", ["meanNow"] = "Moyenne aujourd'hui",
        ["projectsReporting"] = "Projets qui mesurent leur production",
        // The durability reports (Durability/): the portfolio's, a stopped project's, the network's section.
        ["medianLifespanYears"] = "Durée de vie médiane des projets arrêtés (années)", ["medianSurvivalYears"] = "Survie médiane (années)",
        ["count:activityTakenOver"] = "Projets arrêtés dont l'activité a été reprise", ["count:assetsPassedOn"] = "Projets arrêtés dont les biens ont été transmis",
        ["count:lastingNetwork"] = "Projets arrêtés dont le réseau perdure", ["sum:jobsKept"] = "Emplois gardés après l'arrêt (somme)",
        ["medianYearsFromHubSupportEndToStop"] = "Années médianes de la fin de l'accompagnement du pôle à l'arrêt",
        ["yearsFromHubSupportEndToStop"] = "Années de la fin de l'accompagnement du pôle à l'arrêt", ["watchList"] = "Projets à surveiller",
        ["atRisk"] = "Projets encore suivis", ["stops"] = "Arrêts", ["censored"] = "Projets sortis du suivi sans arrêt (censurés)",
        ["survival"] = "Probabilité de survie", ["lifespanYears"] = "Durée de vie (années)", ["reason"] = "Raison de l'arrêt",
        ["hubStance"] = "Position du pôle", ["signal"] = "Signal de vigilance", ["activeActors"] = "Acteurs actifs",
        ["localActorShare"] = "Part d'acteurs locaux", ["actorLeft"] = "Acteur parti", ["activeFundingEuros"] = "Financements actifs (€)",
        ["publicShare"] = "Part publique des ressources", ["perfusionDays"] = "Jours sous perfusion publique",
        ["expertiseOutside"] = "Expertise cherchée hors du territoire", ["activityTakenOverBy"] = "Activité reprise par",
        ["assetsPassedOnTo"] = "Biens transmis à", ["lastingNetwork"] = "Réseau qui perdure", ["jobsKept"] = "Emplois gardés",
        ["followUp:activityStillRunning"] = "Suivi : activité toujours en cours", ["followUp:networkStillActive"] = "Suivi : réseau toujours actif",
        ["followUp:jobsStillThere"] = "Suivi : emplois toujours là", ["note"] = "Note",
        ["actors"] = "Acteurs", ["actorsInTwoOrMore"] = "Acteurs dans 2 projets ou plus", ["coMemberships"] = "Liens (acteurs en commun)",
        ["density"] = "Densité", ["components"] = "Composantes", ["hubProjects"] = "Projets du pôle", ["hubDegree"] = "Degré du pôle",
        ["hubBetweenness"] = "Intermédiarité du pôle",
    };

    public string Of(TidyRow row) => row.Label ?? $"{Subject(row.Subject)} · {Measure(row.Subject, row.Measure, row.UnitShown)}{Value(row.Measure, row.Value)}";

    private string Subject(string subject)
    {
        if (subject == "portfolio") return "Portefeuille";
        if (subject.StartsWith("score:", StringComparison.Ordinal)) return $"Projets au score {subject["score:".Length..]}";
        return string.Join(", ", subject.Split('|').Select(part =>
        {
            if (subjectPart?.Invoke(part) is { } own) return own;
            if (part == "network") return "Réseau";
            if (part == "survival:all") return "Survie, tous les projets";
            if (!part.Contains('=')) return part;
            var (field, value) = (part[..part.IndexOf('=')], part[(part.IndexOf('=') + 1)..]);
            if (field == "offset") return Offset(int.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
            if (field == "pillar") return value == "score" ? "score ECT" : Charts.PillarLabel(value);
            // The pillars' persistence of live or stopped projects (Persistence/).
            if (field == "stopped") return value switch { "live" => "Projets en vie", "stopped" => "Projets arrêtés", _ => "Tous les projets" };
            if (field == "years") return $"après {value.Replace('.', ',')} an(s)";
            if (field == "date" && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                return $"au {day:dd/MM/yyyy}";
            // A survival curve of a group: « Survie, forme juridique : SCIC ».
            if (field.StartsWith("survival:", StringComparison.Ordinal) && Vocabulary.TryParseWire<CohortField>(field["survival:".Length..], out var curve))
                return $"Survie, {AnalyticsLabels.CohortTitle(curve, value)}";
            return Vocabulary.TryParseWire<CohortField>(field, out var by) ? AnalyticsLabels.CohortTitle(by, value) : part;
        }));
    }

    private static string Offset(int years) => years switch
    {
        0 => "année du jalon",
        < 0 => $"{-years} an{(years < -1 ? "s" : "")} avant le jalon",
        _ => $"{years} an{(years > 1 ? "s" : "")} après le jalon",
    };

    private string Measure(string subject, string measure, string? unitShown = null)
    {
        var parts = measure.Split(':');
        // Two grids side by side: « grille v2 : … ».
        if (parts.Length > 1 && grids.Find(parts[0]) is { } grid)
            return $"Grille {grid.Version} : {Measure(subject, string.Join(':', parts[1..])).ToLowerInvariant()}";
        if (subject == "portfolio" && measure is "preselected" or "selected")
            return measure == "selected" ? "Projets retenus pour l'échantillon" : "Projets présélectionnés";
        if (parts.Length > 1 && Measures.TryGetValue(measure, out var whole)) return whole;
        return parts switch
        {
            [var figure, var output, ..] when OutputFigures.ContainsKey(figure) && OutputsMeasuredKind.IsMeasure(output) =>
                $"{OutputFigures[figure]} : {Output(parts[1..], unitShown)}",
            [var output, ..] when OutputsMeasuredKind.IsMeasure(output) => Output(parts, unitShown),
            ["mean" or "median", var what] => $"{(parts[0] == "mean" ? "Moyenne" : "Médiane")} : {(what == "score" ? "score ECT" : Charts.PillarLabel(what))}",
            ["count", "stage", var stage] => $"Nombre de projets à l'étape « {FrenchLabels.Of(typeof(Stage), stage) ?? stage} »",
            ["count", "legalForm", var form] => $"Nombre de projets de forme juridique « {LegalFormLabel(form)} »",
            ["count", "emergenceContext", var context] => $"Nombre de projets de cadre d'émergence « {FrenchLabels.Of(typeof(EmergenceContext), context) ?? context} »",
            ["count", "reason", var reason] => $"Projets arrêtés pour la raison « {FrenchLabels.Of(typeof(StopReason), reason) ?? reason} »",
            ["count", "hubStance", var stance] => $"Projets arrêtés dont le pôle a choisi « {FrenchLabels.Of(typeof(HubStance), stance) ?? stance} »",
            ["atEmergence" or "peak" or "now" or "fate" or "atStop", var what] => $"{Reading(parts[0])} : {(what == "score" ? "score ECT" : Charts.PillarLabel(what))}",
            ["rule", var rule] => rule switch
            {
                "driftPoints" => "Réglage : éloigné à partir de (points de score en moins)",
                "closerPoints" => "Réglage : rapproché à partir de (points de score en plus)",
                _ => "Réglage : pilier perdu ou gagné à partir de (écart de moyenne)",
            },
            ["points", var criterion] => $"Points : {grids.All.Select(g => g.Find(criterion)?.Label).FirstOrDefault(l => l is not null) ?? criterion}",
            [var single] => Measures.GetValueOrDefault(single, single),
            _ => measure,
        };
    }

    private static string Reading(string when) => when switch
    {
        "atEmergence" => "À l'émergence (fin de la première année)",
        "peak" => "Au pic",
        "now" => "Aujourd'hui (ou à l'arrêt)",
        "atStop" => "À l'arrêt",
        _ => "Depuis l'émergence",
    };

    // What projects produce (Outputs/): « Somme : Volume d'activité (12 derniers mois) — paniers ».
    private static readonly Dictionary<string, string> OutputFigures = new()
    {
        ["sum"] = "Somme", ["reporting"] = "Projets qui la mesurent", ["mean"] = "Moyenne", ["median"] = "Médiane",
        ["producedAtStop"] = "Produit à l'arrêt",
    };

    // The unit as the row shows it when it has one (as staff wrote it), else as the measure names it.
    private static string Output(string[] parts, string? unitShown) =>
        OutputsMeasuredKind.LabelOf(parts[0], parts.Length > 1 ? unitShown ?? string.Join(':', parts[1..]) : null);

    private static string LegalFormLabel(string form) => form == "none" ? "aucune" : FrenchLabels.Of(typeof(LegalForm), form) ?? form;

    private static string Value(string measure, object? value) => (measure, value) switch
    {
        (_, bool b) => $" : {AnalyticsLabels.YesNo(b)}",
        ("stage", string stage) => $" : {FrenchLabels.Of(typeof(Stage), stage) ?? stage}",
        ("legalForm", string form) => $" : {LegalFormLabel(form)}",
        ("legalForm", null) => " : aucune",
        // A stop's reason, its own words after the code when it has some: « fundingLostOrEnded: la Région s'est retirée ».
        ("reason", string reason) when reason.Split(": ", 2) is [var code, ..] && FrenchLabels.Of(typeof(StopReason), code) is { } said =>
            $" : {said}{(reason.Length > code.Length ? $" ({reason[(code.Length + 2)..]})" : "")}",
        ("hubStance", string stance) => $" : {FrenchLabels.Of(typeof(HubStance), stance) ?? stance}",
        ("change", string types) => $" : {string.Join(", ", types.Split(' ').Select(t => FrenchLabels.MilestoneTypes.GetValueOrDefault(t, t)))}",
        ("trend", string trend) => $" : {trend switch { "driftedAway" => "éloigné du potentiel ECT", "cameCloser" => "rapproché", "steady" => "stable", _ => "moins d'un an" }}",
        (var m, string fate) when m.StartsWith("fate:", StringComparison.Ordinal) => $" : {fate switch { "lost" => "perdu", "gained" => "gagné", "kept" => "gardé", _ => "moins d'un an" }}",
        ("crossesThreshold", string crossing) => $" : {Crossing(crossing)}",
        ("thresholdComparison", string comparison) => $" : {AnalyticsLabels.Comparison(comparison)}",
        ("node", null) => " : aucun nœud net (plusieurs scores à égalité, ou moins de deux projets)",
        _ => "",
    };

    // "up:20->27": the project reaches the threshold under the other grid; "down:…" it loses it.
    private static string Crossing(string crossing)
    {
        var (direction, scores) = (crossing[..crossing.IndexOf(':')], crossing[(crossing.IndexOf(':') + 1)..].Replace("->", " → "));
        return $"{(direction == "up" ? "atteint le seuil" : "perd le seuil")} sous l'autre grille ({scores})";
    }
}
