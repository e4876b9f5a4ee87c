using EctLifecycle.Http;
using Wolverine.Http;

namespace EctLifecycle.Scoring;

/// <summary><c>GET /api/grids</c> and <c>GET /api/grids/{version}</c>: the versioned ECT grids, as data.</summary>
public static class GetGridsEndpoint
{
    public sealed record GridSummary(string Version, string Title, int Criteria, int MaxScore, int Threshold, bool IsDefault);

    [WolverineGet("/api/grids")]
    public static IResult List(GridCatalog grids) => Results.Ok(grids.All
        .Select(g => new GridSummary(g.Version, g.Title, g.Criteria.Count, g.MaxScore, g.Threshold, g == grids.Default))
        .ToList());
}

public static class GetGridEndpoint
{
    [WolverineGet("/api/grids/{version}")]
    public static IResult Get(string version, GridCatalog grids) => grids.Find(version) is { } grid
        ? Results.Ok(new { grid.Version, grid.Title, grid.Description, grid.Threshold, grid.MaxScore, grid.Pillars, grid.Criteria })
        : Problems.NotFound("Grille inconnue", $"aucune grille « {version} » ; grilles disponibles : {string.Join(", ", grids.Versions)}");
}
