using EctLifecycle.Timelines;
using EctLifecycle.Accounts;
using EctLifecycle.Projects;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EctLifecycle.Privacy;

/// <summary><c>GET /api/privacy/persons</c> (admin): the register of the natural persons the projects name.</summary>
public static class GetPersonsEndpoint
{
    [WolverineGet("/api/privacy/persons"), Authorize(Policy = Authentication.CanAdminister)]
    [Tags("Données personnelles"), EndpointSummary("Le registre des personnes nommées : chaque nom de personne physique, ses projets et ses événements")]
    [ProducesResponseType<PersonRegisterView>(200)]
    public static async Task<PersonRegisterView> Get(IQuerySession session, CancellationToken ct) =>
        await PersonRegister.OfAsync(() => session.EachTimelineAsync(ct), ct);
}
