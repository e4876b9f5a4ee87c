using EctLifecycle.Analytics;
using EctLifecycle.Scoring;
using JasperFx.CommandLine;
using Marten;

namespace EctLifecycle.Persistence;

public sealed class PersistenceInput : AnalyticsInput
{
    [FlagAlias("drift-points"), Description("Éloigné : potentiel ECT à l'émergence et au moins N points de score en moins (par défaut le réglage Persistence:DriftPoints, 3)")]
    public string? DriftPointsFlag { get; set; }

    [FlagAlias("closer-points"), Description("Rapproché : au moins N points de score en plus depuis l'émergence (par défaut Persistence:CloserPoints, 3)")]
    public string? CloserPointsFlag { get; set; }

    [FlagAlias("pillar-points"), Description("Pilier perdu ou gagné à partir de cet écart de moyenne, 0-3 (par défaut Persistence:PillarPoints, 0.5)")]
    public string? PillarPointsFlag { get; set; }
}

[Description("La pérennité des piliers : à l'émergence, au pic et aujourd'hui ; les projets éloignés du potentiel ECT et ceux qui s'en sont rapprochés", Name = "persistence")]
public sealed class PersistenceCommand : AnalyticsCommand<PersistenceInput>
{
    protected override async Task<ITidy?> AnswerAsync(PersistenceInput input, AnalyticsParameters p, IQuerySession session, GridCatalog grids, Dictionary<string, string[]> errors)
    {
        var flags = new Dictionary<string, string?>
        {
            ["driftPoints"] = input.DriftPointsFlag, ["closerPoints"] = input.CloserPointsFlag, ["pillarPoints"] = input.PillarPointsFlag,
        };
        var found = new Dictionary<string, string[]>();
        var rules = Services.GetRequiredService<PersistenceRules>().With(name => flags[name], found);
        foreach (var (name, messages) in found) errors[$"--{Kebab(name)}"] = messages;
        if (errors.Count > 0) return null;
        return await PillarPersistence.OfAsync(await PortfolioHistory.LoadAsync(session, p, CancellationToken.None), p, rules);
    }

    private static string Kebab(string name) => string.Concat(name.Select(c => char.IsUpper(c) ? $"-{char.ToLowerInvariant(c)}" : c.ToString()));

    protected override void PrintTable(ITidy answer)
    {
        var r = (PillarPersistence)answer;
        Print($"Pérennité des piliers au {r.AsOf:dd/MM/yyyy}, grille {r.GridVersion} : {r.Live} projets en vie, {r.Stopped} arrêtés",
            ["Projets", "Pilier", "Gardé", "Perdu", "Gagné", "Moins d'un an", "Émergence", "Pic", "Aujourd'hui"],
            r.Pillars.Select(t => (IEnumerable<string>)[PersistenceLabels.Group(t.Group), t.Label, t.Kept.ToString(), t.Lost.ToString(), t.Gained.ToString(),
                t.NotYetAYear.ToString(), N(t.MeanAtEmergence), N(t.MeanPeak), N(t.MeanNow)]));
        Print($"Éloignés du potentiel ECT ({PersistenceLabels.DriftRule(r)})", ["Clé", "Projet", "État", "Score à l'émergence", "Pic", "Aujourd'hui", "Écart"],
            r.DriftedAway.Select(Row));
        Print($"Rapprochés ({PersistenceLabels.CloserRule(r)})", ["Clé", "Projet", "État", "Score à l'émergence", "Pic", "Aujourd'hui", "Écart"],
            r.CameCloser.Select(Row));
    }

    private static IEnumerable<string> Row(ProjectPersistence x) =>
        [x.Key, x.Name, x.Stopped ? $"arrêté le {x.StoppedOn:dd/MM/yyyy}" : "en vie", x.Score.AtEmergence.Value.ToString("0"),
            $"{x.Score.Peak.Value:0} ({x.Score.Peak.Date:dd/MM/yyyy})", x.Score.Now.Value.ToString("0"), x.Score.Change.ToString("+0;-0;0")];
}
