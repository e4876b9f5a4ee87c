using EctLifecycle.Timelines;
using Microsoft.AspNetCore.Mvc;
using EctLifecycle.Projects;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace EctLifecycle;

public sealed record HealthReport(string Status, string Database, string Portfolio, int? Projects, IReadOnlyDictionary<string, long>? SkippedRows);

/// <summary>
/// <c>GET /health</c>: 200 when the app can answer, that is when the database answers and the projects can be counted
/// through the app's own reader of the event store (a schema it does not know would fail here, not only there; the rows
/// it skips are listed); 503 otherwise. The error itself is logged, never echoed to an anonymous caller.
/// </summary>
public static class HealthEndpoint
{
    // Long enough for the first load after a start at the benchmarks' largest size to be on its way, short enough for a probe.
    private static readonly TimeSpan PortfolioTimeout = TimeSpan.FromSeconds(10);

    [WolverineGet("/health"), AllowAnonymous]
    [Tags("Santé"), EndpointSummary("200 quand la base répond et que le portefeuille se lit, 503 sinon")]
    [ProducesResponseType<HealthReport>(200), ProducesResponseType<HealthReport>(503)]
    public static async Task<IResult> Get(IDocumentStore store, ILogger<HealthReport> log, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        try
        {
            await session.QueryAsync<int>("select 1", ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A probe asks every few seconds during an outage: one line each, not a stack trace.
            log.LogWarning("Health: the database does not answer ({Error})", ex.GetBaseException().Message);
            return Unhealthy(new HealthReport("unhealthy", "down", "unknown", null, null));
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(PortfolioTimeout);
        try
        {
            var projects = await TimelineStore.Of(store).CountProjectsAsync(timeout.Token);
            return Results.Ok(new HealthReport("healthy", "up", "readable", projects, TimelineStore.Of(store).Skipped.Counts));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            log.LogWarning("Health: the portfolio was not read within {Seconds} s (still loading after a start?)", PortfolioTimeout.TotalSeconds);
            return Unhealthy(new HealthReport("unhealthy", "up", "loading", null, null));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogError(ex, "Health: the portfolio cannot be read");
            return Unhealthy(new HealthReport("unhealthy", "up", "unreadable", null, null));
        }
    }

    private static IResult Unhealthy(HealthReport report) => new RetryLater(Results.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable));

    private sealed class RetryLater(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.Headers.RetryAfter = Faults.OutageAnswers.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(context);
        }
    }
}
