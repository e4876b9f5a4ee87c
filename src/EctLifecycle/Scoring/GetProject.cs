using EctLifecycle.Timelines;
using Microsoft.AspNetCore.Mvc;
using EctLifecycle.Http;
using Marten;
using Wolverine.Http;
using EctLifecycle.Projects;

namespace EctLifecycle.Scoring;

/// <summary><c>GET /api/projects/{id}?asOf=&amp;grid=</c>: the project's state, indicators and ECT score at a business date.</summary>
public static class GetProjectEndpoint
{
    [WolverineGet("/api/projects/{id}")]
    [Http.Query("asOf", "La date métier (AAAA-MM-JJ) ; par défaut aujourd'hui.", Date = true)]
    [Http.Query("grid", "La version de la grille ECT ; par défaut la grille courante.", Grid = true)]
    [Tags("Projets"), EndpointSummary("L'état d'un projet, ses indicateurs et son score ECT à une date métier")]
    [ProducesResponseType<ProjectView>(200), ProducesResponseType<HttpValidationProblemDetails>(400), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Get(
        Guid id, string? asOf, string? grid, IQuerySession session, GridCatalog grids, BusinessCalendar calendar, CancellationToken ct)
    {
        if (ReadParameters.TryRead(asOf, grid, calendar, grids, out var p) is { } bad) return bad;
        var timeline = await session.LoadTimelineAsync(id, ct);
        if (timeline is null) return Problems.ProjectNotFound(id);
        var state = timeline.StateAsOf(p.AsOf);
        return state is null
            ? Problems.NotFound("Projet pas encore né à cette date",
                $"le projet {id} a émergé le {timeline.Registration!.Event.OccurredOn:dd/MM/yyyy}, après le {p.AsOf:dd/MM/yyyy}")
            : Results.Ok(ProjectView.Of(state, p.AsOf, p.Grid));
    }
}

public sealed record ProjectList(DateOnly AsOf, string GridVersion, IReadOnlyList<ProjectSummary> Projects);
