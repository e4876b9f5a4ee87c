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
    [Tags("Données personnelles"), EndpointSummary("Every name said or counted a natural person's, with the projects and events that hold it")]
    [ProducesResponseType<PersonRegisterView>(200)]
    public static async Task<PersonRegisterView> Get(IQuerySession session, CancellationToken ct) =>
        PersonRegister.Of(await session.LoadAllTimelinesAsync(ct));
}
