using EctLifecycle.Accounts;
using EctLifecycle.Analytics;
using EctLifecycle.Http;
using EctLifecycle.Http.OpenApi;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EctLifecycle.Figure;

public static class FigureEndpoint
{
    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery]
    [WolverineGet("/api/analytics/entrepreneurial-figure"), Tags("Analyses"),
     EndpointSummary("Avec ou sans figure entrepreneuriale, par type et statut du porteur : étapes atteintes, voie, piliers dans le temps, survie")]
    [ProducesResponseType<EntrepreneurialFigure>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static Task<IResult> Json(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, FigureSettings f, CancellationToken ct) =>
        Answer(r, s, g, c, f, false, ct);

    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery(jsonOrCsv: false)]
    [WolverineGet("/api/analytics/entrepreneurial-figure.csv"), Tags("Analyses"), EndpointSummary("La même analyse, en CSV long")]
    public static Task<IResult> Csv(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, FigureSettings f, CancellationToken ct) =>
        Answer(r, s, g, c, f, true, ct);

    private static Task<IResult> Answer(HttpRequest request, IQuerySession session, GridCatalog grids, BusinessCalendar calendar,
        FigureSettings settings, bool csvRoute, CancellationToken ct) =>
        AnalyticsRequest.RunAsync(request, session, grids, calendar, csvRoute, "entrepreneurial-figure", (_, p) => async () =>
            await EntrepreneurialFigure.OfAsync(await PortfolioHistory.LoadAsync(session, p, ct), p, settings, ct));
}

[Description("La figure entrepreneuriale : projets avec ou sans porteur, par type et statut du porteur (étapes, voie, piliers, survie)", Name = "figure")]
public sealed class FigureCommand : AnalyticsCommand<AnalyticsInput>
{
    protected override async Task<ITidy?> AnswerAsync(AnalyticsInput input, AnalyticsParameters p, IQuerySession session, GridCatalog grids,
        Dictionary<string, string[]> errors)
    {
        if (input.ChartFlag is not null) errors["--chart"] = ["pas de graphique pour cette analyse : --format csv pour la tracer ailleurs"];
        if (errors.Count > 0) return null;
        return await EntrepreneurialFigure.OfAsync(await PortfolioHistory.LoadAsync(session, p, CancellationToken.None), p,
            Services.GetRequiredService<FigureSettings>(), CancellationToken.None);
    }

    protected override void PrintTable(ITidy answer)
    {
        var f = (EntrepreneurialFigure)answer;
        Print($"Figure entrepreneuriale au {f.AsOf:dd/MM/yyyy}, grille {f.GridVersion} : {f.Projects} projets ; portage d'attente du pôle " +
              (f.HubInterimCarryingCounts ? "compté comme figure entrepreneuriale" : "non compté comme figure entrepreneuriale"),
            ["Comparaison", "Groupe", "Projets", "Arrêtés", .. EntrepreneurialFigure.Stages.Select(s => $"Atteint « {FrenchLabels.Of(s).ToLowerInvariant()} »"),
                "Survie médiane (ans)", "Effectif"],
            f.Groups.Select(g => (IEnumerable<string>)[EntrepreneurialFigure.ComparisonLabel(g.Comparison), g.Label, g.Projects.ToString(), g.Stopped.ToString(),
                .. g.Stages.Select(s => $"{s.Reached} ({N(s.Share * 100)} %)"), g.Survival.MedianYears is { } m ? N(m) : "—",
                g.SmallGroup ? "petit" : ""]));
    }
}
