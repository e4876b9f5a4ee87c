using EctLifecycle.Communes;
using EctLifecycle.Http.OpenApi;
using EctLifecycle.Scoring;
using EctLifecycle.ScoreHistory;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EctLifecycle.Placement;

/// <summary>A proposed commune for a project's free text, and why.</summary>
public sealed record ProposedCommune(CommuneAnswer Commune, string Why);

/// <summary>A project not placed in a commune of the official code yet: the text it was registered with, and the communes it may mean.</summary>
public sealed record CommuneProposal(Guid ProjectId, string Key, string Name, string Typed, DateOnly EmergedOn, IReadOnlyList<ProposedCommune> Proposals);

/// <summary>
/// The projects whose commune is still the free text of their registration (the demo's, an import's, a project registered
/// before the official code), each with the communes that text may mean (<see cref="CommuneMatching"/>). Staff confirm one
/// on the page <c>/communes</c> or by logging <c>communePlaced</c>: nothing is linked by itself.
/// </summary>
public static class CommuneProposals
{
    public static async Task<IReadOnlyList<CommuneProposal>> OfAsync(IQuerySession session, GridCatalog grids, Territory territory, CancellationToken ct)
    {
        var version = grids.Default.Version;
        // Each project's current period (the one still holding) says its commune now.
        var current = await session.Query<ScorePeriod>().Where(p => p.Grid == version && p.To == null && p.CommuneCode == null)
            .OrderBy(p => p.RegistrationSequence).ToListAsync(ct);
        return current.Select(p => new CommuneProposal(p.ProjectId, p.Key, p.Name, p.Commune, p.EmergedOn,
                CommuneMatching.Propose(territory.Catalog, p.Commune, territory.Settings.Departement)
                    .Select(m => new ProposedCommune(CommuneAnswer.Of(m.Commune, territory), m.Why)).ToList()))
            .ToList();
    }
}

public static class CommuneProposalsEndpoint
{
    [WolverineGet("/api/communes/proposals")]
    [Tags("Communes"), EndpointSummary("Les projets pas encore placés dans une commune du code officiel, et les communes que leur texte peut désigner")]
    [ProducesResponseType<List<CommuneProposal>>(200)]
    public static async Task<IResult> Get(IQuerySession session, GridCatalog grids, Territory territory, CancellationToken ct) =>
        Results.Ok(await CommuneProposals.OfAsync(session, grids, territory, ct));
}
