using EctLifecycle.Analytics;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using JasperFx.CommandLine;
using Marten;

namespace EctLifecycle.Outputs;

public sealed class OutputsInput : AnalyticsInput
{
    [FlagAlias("by"), Description("Compare aussi par groupe : emergenceContext, hubRole, legalForm, sector, accompanied, emergenceYear, stopped")]
    public string? ByFlag { get; set; }
}

[Description("Ce que produisent les projets à une date : bénéficiaires, emplois (ETP), bénévoles, volumes par unité, chiffre d'affaires", Name = "outputs")]
public sealed class OutputsCommand : AnalyticsCommand<OutputsInput>
{
    protected override async Task<ITidy?> AnswerAsync(OutputsInput input, AnalyticsParameters p, IQuerySession session, GridCatalog grids,
        Dictionary<string, string[]> errors)
    {
        var by = AnalyticsParameters.ReadEnum<CohortField>("--by", input.ByFlag, null, errors);
        if (input.ChartFlag is not null) errors["--chart"] = ["pas de graphique pour cette analyse : --format csv pour la tracer ailleurs"];
        if (errors.Count > 0) return null;
        var settings = Services.GetRequiredService<OutputSettings>();
        return await OutputsEndpoint.OfAsync(session, p, by, settings, Services.GetRequiredService<Communes.Territory>(), CancellationToken.None);
    }

    protected override void PrintTable(ITidy answer)
    {
        var o = (OutputsAt)answer;
        Print($"Production au {o.AsOf:dd/MM/yyyy} : {o.ProjectsReporting} projet(s) sur {o.Projects} l'ont mesurée" +
              (o.CountStoppedProjects ? "" : " (projets arrêtés exclus après leur arrêt)"),
            ["Mesure", "Groupe", "Projets", "Somme", "Médiane", "Moyenne"],
            o.Figures.Select(f => (IEnumerable<string>)[
                f.Label,
                f.Cohort == OutputsAt.AllProjects ? AnalyticsLabels.AllProjects : AnalyticsLabels.CohortTitle(o.By, f.Cohort),
                f.Projects.ToString(), f.Format(f.Sum), f.Format(f.Median), f.Format(f.Mean)]));
    }
}
