using EctLifecycle.Accounts;
using EctLifecycle.Actors;
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

namespace EctLifecycle.Lineage;

public static class LineageEndpoint
{
    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery]
    [WolverineGet("/api/analytics/lineage"), Tags("Analyses"),
     EndpointSummary("Les projets nés d'autres : la forêt des filiations, et par porteur et par méthode les projets qui ont suivi, leurs étapes et scores")]
    [ProducesResponseType<ProjectLineage>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static Task<IResult> Json(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, IActorIdentities a, CancellationToken ct) =>
        Answer(r, s, g, c, a, false, ct);

    [Authorize(Policy = Authentication.CanAnalyse)]
    [AnalyticsQuery(jsonOrCsv: false)]
    [WolverineGet("/api/analytics/lineage.csv"), Tags("Analyses"), EndpointSummary("La même analyse, en CSV long")]
    public static Task<IResult> Csv(HttpRequest r, IQuerySession s, GridCatalog g, BusinessCalendar c, IActorIdentities a, CancellationToken ct) =>
        Answer(r, s, g, c, a, true, ct);

    private static Task<IResult> Answer(HttpRequest request, IQuerySession session, GridCatalog grids, BusinessCalendar calendar,
        IActorIdentities identities, bool csvRoute, CancellationToken ct) =>
        AnalyticsRequest.RunAsync(request, session, grids, calendar, csvRoute, "lineage", (_, p) => async () =>
            await ProjectLineage.OfAsync(await PortfolioHistory.LoadAsync(session, p, ct), p, identities, ct));
}

[Description("Les projets nés d'autres (réplicabilité) : filiations, et par porteur et par méthode les projets qui ont suivi", Name = "lineage")]
public sealed class LineageCommand : AnalyticsCommand<AnalyticsInput>
{
    protected override async Task<ITidy?> AnswerAsync(AnalyticsInput input, AnalyticsParameters p, IQuerySession session, GridCatalog grids,
        Dictionary<string, string[]> errors)
    {
        if (input.ChartFlag is not null) errors["--chart"] = ["pas de graphique pour cette analyse : --format csv pour la tracer ailleurs"];
        if (errors.Count > 0) return null;
        return await ProjectLineage.OfAsync(await PortfolioHistory.LoadAsync(session, p, CancellationToken.None), p,
            Services.GetRequiredService<IActorIdentities>(), CancellationToken.None);
    }

    protected override void PrintTable(ITidy answer)
    {
        var l = (ProjectLineage)answer;
        Print($"Filiations au {l.AsOf:dd/MM/yyyy} : {l.BornOfOthers} projet(s) sur {l.Projects} nés d'autre chose",
            ["Projet", "Génération", "Étape", "Score"],
            l.Trees.SelectMany(t => Rows(t, 0)));
        Print("Par porteur et par méthode", ["Porteur ou méthode", "Projets qui ont suivi", "Score moyen", "Projets"],
            l.Carriers.Select(g => (IEnumerable<string>)[$"Porteur {g.Name}", g.Projects.ToString(), N(g.MeanScore), string.Join(", ", g.Followers.Select(f => f.Key))])
                .Concat(l.Methods.Select(g => (IEnumerable<string>)[$"Méthode « {g.Name} »", g.Projects.ToString(), N(g.MeanScore), string.Join(", ", g.Followers.Select(f => f.Key))])));
    }

    private static IEnumerable<IEnumerable<string>> Rows(LineageNode n, int depth) =>
        n.Children.SelectMany(c => Rows(c, depth + 1))
            .Prepend([$"{new string(' ', depth * 2)}{n.Key} {n.Name}", depth.ToString(), FrenchLabels.Of(n.Stage), n.Score.ToString()]);
}
