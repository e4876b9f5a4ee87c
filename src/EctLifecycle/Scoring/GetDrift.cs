using EctLifecycle.Timelines;
using Microsoft.AspNetCore.Mvc;
using EctLifecycle.Http;
using Marten;
using Wolverine.Http;
using EctLifecycle.Projects;

namespace EctLifecycle.Scoring;

public sealed record DriftCause(Guid EventId, string Type);

public sealed record DriftPoint(
    DateOnly Date, int Score, bool EctPotential, IReadOnlyDictionary<string, double> PillarMeans,
    IReadOnlyList<DriftCause> Events);

public sealed record DriftAnswer(Guid ProjectId, string GridVersion, int Threshold, IReadOnlyList<DriftPoint> Points);

public static class Drift
{
    /// <summary>
    /// One point per business date at which any pillar mean or the score changed, with the milestones of that date.
    /// Folds once, in business order; a date's milestones are all applied before scoring it.
    /// </summary>
    public static IReadOnlyList<DriftPoint> Of(ProjectTimeline timeline, Grid grid)
    {
        var points = new List<DriftPoint>();
        DriftPoint? last = null;
        // The timeline's days are folded once and their scores kept: a drift costs only its points.
        var cards = timeline.SummariesOfDays(grid);
        for (var day = 0; day < cards.Count; day++)
        {
            var card = cards[day];
            var means = card.Pillars.ToDictionary(p => p.Id, p => p.Mean);
            if (last is not null && last.Score == card.Score && means.All(m => last.PillarMeans[m.Key] == m.Value)) continue;
            last = new DriftPoint(timeline.DateOfDay(day), card.Score, grid.Reaches(card.Score), means,
                timeline.EventsOfDay(day).Select(e => new DriftCause(e.EventId, MilestoneKinds.TypeOf(e.Event))).ToList());
            points.Add(last);
        }
        return points;
    }
}

/// <summary><c>GET /api/projects/{id}/drift?grid=</c>: how each pillar and the score moved over the project's life.</summary>
public static class GetDriftEndpoint
{
    [WolverineGet("/api/projects/{id}/drift")]
    [Tags("Projets"), EndpointSummary("Un point par date métier où la moyenne d'un pilier ou le score a changé")]
    [ProducesResponseType<DriftAnswer>(200), ProducesResponseType<HttpValidationProblemDetails>(400), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Get(
        Guid id, string? grid, IQuerySession session, GridCatalog grids, BusinessCalendar calendar, CancellationToken ct)
    {
        if (ReadParameters.TryRead(null, grid, calendar, grids, out var p) is { } bad) return bad;
        var timeline = await session.LoadTimelineAsync(id, ct);
        if (timeline is null) return Problems.ProjectNotFound(id);
        return Results.Ok(new DriftAnswer(id, p.Grid.Version, p.Grid.Threshold, Drift.Of(timeline, p.Grid)));
    }
}
