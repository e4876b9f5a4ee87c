using EctLifecycle.Analytics;
using EctLifecycle.Scoring;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EctLifecycle.Typology;

[Description("Une typologie des projets en cours à une date (k-moyennes, nombre de groupes choisi par la silhouette), ou « pas de typologie nette »", Name = "typology")]
public sealed class TypologyCommand : AnalyticsCommand<AnalyticsInput>
{
    protected override async Task<ITidy?> AnswerAsync(AnalyticsInput input, AnalyticsParameters p, IQuerySession session, GridCatalog grids, Dictionary<string, string[]> errors) =>
        await ProjectTypology.OfAsync(await PortfolioHistory.LoadAsync(session, p, CancellationToken.None), p, Services.GetRequiredService<TypologySettings>());

    protected override void PrintTable(ITidy answer)
    {
        var t = (ProjectTypology)answer;
        Cli.Consoles.Payload.WriteLine($"Typologie au {t.AsOf:dd/MM/yyyy}, grille {t.GridVersion}, {t.Projects} projets en cours : {t.Verdict}");
        if (t.Candidates.Count == 0) return;
        Print("Silhouette moyenne selon le nombre de groupes", ["Groupes", "Silhouette", "Lecture", "Inertie"],
            t.Candidates.Select(c => (IEnumerable<string>)[c.Clusters.ToString(), N(c.Silhouette), TypologyText.Reading(c.Silhouette), N(c.Inertia)]));
        Print($"Les {t.Clusters} groupes de la meilleure partition", ["Groupe", "Projets", "Silhouette", "Ce qui le distingue", "Projets (clés)"],
            t.Groups.Select(g => (IEnumerable<string>)[g.Number.ToString(), g.Size.ToString(), g.Silhouette is { } s ? N(s) : "—", g.Description,
                string.Join(", ", g.Projects.Select(x => x.Key))]));
    }
}
