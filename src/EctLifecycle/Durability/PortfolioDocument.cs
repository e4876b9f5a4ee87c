using EctLifecycle.Analytics;
using EctLifecycle.Persistence;
using EctLifecycle.Projects;

namespace EctLifecycle.Durability;

/// <summary>The portfolio report laid out for the board: figures, survival, reasons, what remains, the watch list.</summary>
public static class PortfolioDocument
{
    /// <summary><paramref name="network"/>: the network's picture, or why there is none; null when not drawn (Markdown).</summary>
    public static ReportDocument Of(PortfolioReport r, Network.Picture? network = null)
    {
        var blocks = new List<Block>
        {
            new KeyFigures([
                ("Projets au " + Fr.Date(r.AsOf), r.Projects.ToString()),
                ("En vie", r.Live.ToString()),
                ("Arrêtés", r.StoppedCount.ToString()),
                ("Durée de vie médiane des projets arrêtés", Fr.Years(r.MedianLifespanYears)),
                ("Survie médiane (Kaplan-Meier)", r.Survival.MedianYears is { } m ? Fr.Years(m) : "non atteinte : plus de la moitié des projets vivent"),
                ("Projets à surveiller", r.WatchList.Count.ToString()),
            ]),
            new Paragraph($"Grille {r.GridVersion}." + (r.KnownAt is { } k ? $" La base telle qu'elle était le {Fr.Date(k)}." : "")),

            new Heading("Les projets arrêtés"),
            new Table(["Clé", "Projet", "Forme", "Émergence", "Arrêt", "Durée de vie", "Raisons", "Ce qui reste", "Position du pôle", "Produit à l'arrêt"],
                r.Stopped.Select(s => Fr.Row(s.Key, s.Name, s.LegalForm is { } f ? FrenchLabels.Of(f) : "—", Fr.Date(s.EmergedOn),
                    Fr.Date(s.StoppedOn), Fr.Years(s.LifespanYears), ReasonsText(s.Reasons), RemainsText(s.Remains),
                    s.HubStance is { } h ? FrenchLabels.Of(h) : "non précisée",
                    s.ProducedAtStop.Count == 0 ? "non mesuré" : string.Join(", ", s.ProducedAtStop.Select(OutputsMeasuredKind.Phrase)))).ToList(),
                "Aucun projet arrêté à cette date."),

            new Heading("Combien de temps vivent les projets"),
            new Paragraph("Courbe de survie de Kaplan-Meier : l'événement est l'arrêt ; un projet encore en vie compte jusqu'à la date " +
                          "du rapport puis sort du calcul (censuré, marqué d'une croix) ; le temps court depuis l'émergence."),
            new Figure(() => DurabilityCharts.Survival([r.Survival], SurvivalBy.All, "Survie des projets depuis leur émergence"),
                "Survie de l'ensemble des projets"),
            SurvivalTable(r.Survival),
        };
        foreach (var group in r.SurvivalBy)
        {
            blocks.Add(new Heading(group.Label, 3));
            blocks.Add(new Figure(() => DurabilityCharts.Survival(group.Curves, group.By, $"Survie {group.Label.ToLowerInvariant()}"), group.Label));
            blocks.Add(new Table(["Groupe", "Projets", "Arrêts", "Survie à 2 ans", "Survie à 5 ans", "Survie médiane"],
                group.Curves.Select(c => Fr.Row(SurvivalBy.GroupLabel(group.By, c.Group), c.Projects.ToString(), c.Stops.ToString(),
                    At(c, 2), At(c, 5), c.MedianYears is { } m ? Fr.Years(m) : "non atteinte")).ToList()));
        }

        blocks.Add(new Heading("Pourquoi ils se sont arrêtés"));
        blocks.Add(new Figure(() => DurabilityCharts.Reasons(r), "Raisons des arrêts"));
        blocks.Add(new Table(["Raison", "Projets"], r.Reasons.Select(t => Fr.Row(t.Label, t.Projects.ToString())).ToList()));
        if (r.OtherReasons.Count > 0) blocks.Add(new Bullets(r.OtherReasons.Select(t => $"Autre raison : {t}").ToList()));

        blocks.Add(new Heading("Ce qui reste"));
        blocks.Add(new KeyFigures([
            ("Activité reprise", r.Remains.ActivityTakenOver.ToString()),
            ("Biens ou savoirs transmis", r.Remains.AssetsPassedOn.ToString()),
            ("Réseau qui perdure", r.Remains.LastingNetwork.ToString()),
            ("Emplois maintenus", r.Remains.JobsKept.ToString()),
            ("Projets suivis après l'arrêt", r.Remains.FollowedUp.ToString()),
            ("Activité encore en cours au dernier suivi", r.Remains.StillRunningAtLastFollowUp.ToString()),
            ("Réseau encore actif au dernier suivi", r.Remains.NetworkActiveAtLastFollowUp.ToString()),
        ]));
        blocks.Add(new Table(["Position du pôle", "Projets"], r.HubStances.Select(t => Fr.Row(t.Label, t.Projects.ToString())).ToList()));
        blocks.Add(new Table(["Clé", "Dernier suivi", "Activité", "Reprise par", "Biens utilisés", "Réseau actif", "Emplois", "Note"],
            r.Stopped.Where(s => s.LastFollowUp is not null).Select(s => FollowUpRow(s.Key, s.LastFollowUp!)).ToList(),
            "Aucun suivi après arrêt."));

        blocks.Add(new Heading("Les acteurs qui ont continué ailleurs"));
        blocks.Add(new Paragraph($"{r.ActorsWentOn.Select(a => a.StoppedKey).Distinct().Count()} projet(s) arrêté(s) dont un acteur du collectif, " +
            $"ou le porteur, à l'arrêt s'est retrouvé dans un autre projet après l'arrêt. {ActorsAfterStop.WithoutDirectory}"));
        blocks.Add(new Table(["Clé", "Projet arrêté", "Arrêt", "Acteur", "Ensuite dans"],
            r.ActorsWentOn.Select(a => Fr.Row(a.StoppedKey, a.StoppedName, Fr.Date(a.StoppedOn), a.Actor, string.Join(", ", a.Elsewhere))).ToList(),
            "Aucun acteur d'un projet arrêté ne s'est retrouvé dans un autre projet."));

        blocks.Add(new Heading("Entre la fin de l'accompagnement et l'arrêt"));
        blocks.Add(new Paragraph($"{r.SupportToStop.AfterHubSupportEnded} projet(s) se sont arrêtés après la fin de l'accompagnement du pôle " +
            $"(délai médian : {Fr.Years(r.SupportToStop.MedianYears)}), {r.SupportToStop.HubActiveAtStop} l'étaient encore à l'arrêt, " +
            $"{r.SupportToStop.NeverByHub} ne l'ont jamais été."));
        blocks.Add(new Table(["Clé", "Projet", "Délai entre fin d'accompagnement et arrêt"],
            r.Stopped.Select(s => Fr.Row(s.Key, s.Name, s.YearsFromHubSupportEndToStop is { } y ? Fr.Years(y)
                : s.HubActiveAtStop ? "accompagné jusqu'à l'arrêt" : "jamais accompagné par le pôle")).ToList()));

        blocks.Add(new Heading("Les projets à surveiller"));
        blocks.Add(new Paragraph(WatchDocument.Rule));
        blocks.Add(WatchDocument.Table(r.WatchList));
        blocks.Add(new Paragraph($"Rétrospectivement, {r.StoppedWithSignalsBeforeStop} des {r.StoppedCount} projets arrêtés montraient " +
                                 $"au moins {WatchRules.MinSignals} de ces signaux la veille de leur arrêt."));
        blocks.Add(new Table(["Clé", "Signaux la veille de l'arrêt"],
            r.Stopped.Select(s => Fr.Row(s.Key, s.SignalsBeforeStop.Count == 0 ? "aucun" : string.Join(" ; ", s.SignalsBeforeStop.Select(WatchDocument.Label)))).ToList()));

        blocks.AddRange(PersistenceSection(r.Persistence));
        if (r.Network is { } n) blocks.AddRange(n.Blocks(network ?? n.Undrawn()));
        else if (r.NetworkLeftOut is { } why) blocks.AddRange([new Heading(NetworkSection.Title), new Paragraph(why)]);
        if (r.Territory is { } t) blocks.AddRange(t.Blocks());
        if (r.Typology is { } y) blocks.AddRange(y.Blocks());

        return new ReportDocument("Durabilité des projets", $"Portefeuille au {Fr.Date(r.AsOf)}", blocks);
    }

    /// <summary>The pillars' persistence, of live projects as of stopped ones: the study's question asked of the whole portfolio.</summary>
    private static IEnumerable<Block> PersistenceSection(PillarPersistence p)
    {
        yield return new Heading("La pérennité des piliers");
        yield return new Paragraph($"L'étude demande de {PersistenceLabels.Question}. {PersistenceLabels.Readings}");
        yield return new KeyFigures([
            ("Éloignés du potentiel ECT", p.DriftedAway.Count.ToString()),
            ("Rapprochés", p.CameCloser.Count.ToString()),
            ("En vie / arrêtés", $"{p.Live} / {p.Stopped}"),
        ]);
        yield return new Figure(() => PersistenceChart.Of(p), "Les piliers de l'émergence à aujourd'hui");
        yield return new Paragraph(PersistenceLabels.PillarRule(p) + ".");
        yield return new Table(["Projets", "Pilier", "Gardé", "Perdu", "Gagné", "Moins d'un an", "À l'émergence", "Au pic", "Aujourd'hui"],
            p.Pillars.Select(t => Fr.Row(PersistenceLabels.Group(t.Group), t.Label, t.Kept.ToString(), t.Lost.ToString(), t.Gained.ToString(),
                t.NotYetAYear.ToString(), Fr.Number(t.MeanAtEmergence), Fr.Number(t.MeanPeak), Fr.Number(t.MeanNow))).ToList());
        foreach (var (title, rule, list) in new[] { ("Éloignés du potentiel ECT", PersistenceLabels.DriftRule(p), p.DriftedAway), ("Rapprochés", PersistenceLabels.CloserRule(p), p.CameCloser) })
        {
            yield return new Heading($"{title} ({list.Count})", 3);
            yield return new Paragraph(rule + ".");
            yield return new Table(["Clé", "Projet", "État", "Score à l'émergence", "Pic", "Aujourd'hui", "Écart"],
                list.Select(x => Fr.Row(x.Key, x.Name, x.Stopped ? $"arrêté le {Fr.Date(x.StoppedOn)}" : "en vie", Fr.Number(x.Score.AtEmergence.Value, "0"),
                    $"{Fr.Number(x.Score.Peak.Value, "0")} ({Fr.Date(x.Score.Peak.Date)})", Fr.Number(x.Score.Now.Value, "0"), x.Score.Change.ToString("+0;-0;0"))).ToList(),
                "Aucun projet.");
        }
    }

    /// <summary>The survival at a time, when some project was followed that long.</summary>
    private static string At(SurvivalCurve c, double years) =>
        c.Steps.Any(s => s.Years >= years) ? Fr.Pct(c.Steps.LastOrDefault(s => s.Years <= years)?.Survival ?? 1) : "—";

    private static Table SurvivalTable(SurvivalCurve c) => new(["Années", "Suivis", "Arrêts", "Censurés", "Survie"],
        c.Drops.Select(s => Fr.Row(Fr.Number(s.Years), s.AtRisk.ToString(), s.Stops.ToString(), s.Censored.ToString(), Fr.Pct(s.Survival))).ToList(),
        "Aucun arrêt : la courbe reste à 100 %.");

    public static IReadOnlyList<string> FollowUpRow(string first, FollowUp f) =>
        Fr.Row(first, Fr.Date(f.On), Fr.YesNo(f.ActivityStillRunning), Fr.Or(f.TakenOverBy), Fr.YesNo(f.AssetsStillUsed),
            Fr.YesNo(f.NetworkStillActive), f.JobsStillThere?.ToString() ?? "—", Fr.Or(f.Note));

    public static string ReasonsText(IEnumerable<StopReasonRead> reasons) =>
        string.Join(", ", reasons.Select(r => r.Text is null ? FrenchLabels.Of(r.Reason) : $"{FrenchLabels.Of(r.Reason)} ({r.Text})"));

    public static string RemainsText(Remains m)
    {
        var parts = new List<string>();
        if (m.ActivityTakenOverBy is { } by) parts.Add($"activité reprise par {by}");
        if (m.AssetsPassedOnTo is { } to) parts.Add($"biens transmis à {to}");
        if (m.LastingNetwork) parts.Add("un réseau qui perdure");
        if (m.JobsKept > 0) parts.Add($"{m.JobsKept} emploi(s) maintenu(s)");
        return parts.Count == 0 ? "rien de consigné" : string.Join(", ", parts);
    }
}
