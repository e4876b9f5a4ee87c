using Microsoft.AspNetCore.Mvc;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace EctLifecycle;

/// <summary><c>GET /health</c>: 200 when the database answers, 503 otherwise.</summary>
public static class HealthEndpoint
{
    [WolverineGet("/health"), AllowAnonymous]
    [Tags("Santé"), EndpointSummary("200 when the database answers, 503 otherwise")]
    public static async Task<IResult> Get(IDocumentStore store, CancellationToken ct)
    {
        try
        {
            await using var session = store.QuerySession();
            var one = await session.QueryAsync<int>("select 1", ct);
            return Results.Ok(new { status = "healthy", database = one.Count == 1 ? "up" : "unknown" });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Results.Json(new { status = "unhealthy", database = "down", error = ex.GetBaseException().Message },
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
