using Microsoft.AspNetCore.Mvc;
using EctLifecycle.Http;
using Wolverine.Http;

namespace EctLifecycle.Scoring;

/// <summary><c>GET /api/grids</c> and <c>GET /api/grids/{version}</c>: the versioned ECT grids, as data.</summary>
public static class GetGridsEndpoint
{
    public sealed record GridSummary(string Version, string Title, int Criteria, int MaxScore, int Threshold, bool IsDefault);

    [WolverineGet("/api/grids")]
    [Tags("Grilles"), EndpointSummary("Les grilles ECT, par version")]
    [ProducesResponseType<List<GridSummary>>(200)]
    public static IResult List(GridCatalog grids) => Results.Ok(grids.All
        .Select(g => new GridSummary(g.Version, g.Title, g.Criteria.Count, g.MaxScore, g.Threshold, g == grids.Default))
        .ToList());
}

public static class GetGridEndpoint
{
    [WolverineGet("/api/grids/{version}")]
    [Tags("Grilles"), EndpointSummary("Une grille : piliers, critères, niveaux de points, règles de calcul")]
    [ProducesResponseType<Grid>(200), ProducesResponseType<ProblemDetails>(404)]
    public static IResult Get(string version, GridCatalog grids) => grids.Find(version) is { } grid
        ? Results.Ok(grid)
        : Problems.NotFound("Grille inconnue", $"aucune grille « {version} » ; grilles disponibles : {string.Join(", ", grids.Versions)}");
}
