using EctLifecycle.Timelines;
using System.Security.Claims;
using EctLifecycle.Accounts;
using EctLifecycle.Http;
using EctLifecycle.Http.OpenApi;
using EctLifecycle.Projects;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EctLifecycle.Actors;

/// <summary><c>GET /api/actors/links/proposals?project=</c>: the links the linking step proposes (all projects, or one by key or id).</summary>
public static class LinkProposalsEndpoint
{
    [WolverineGet("/api/actors/links/proposals"), Authorize(Policy = Authentication.CanWrite)]
    [Query("project", "La clé ou l'identifiant d'un projet ; vide : tous les projets.")]
    [Tags("Acteurs"), EndpointSummary("Les liens proposés entre les noms saisis dans les projets et l'annuaire (même nom, nom proche, même commune), à confirmer")]
    [ProducesResponseType<List<LinkProposal>>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static async Task<IResult> Get(string? project, IQuerySession session, ActorSettings settings, CancellationToken ct)
    {
        Guid? id = null;
        if (!string.IsNullOrWhiteSpace(project))
        {
            id = await ProjectKey.ResolveAsync(session, project.Trim());
            if (id == Guid.Empty || await session.LoadTimelineAsync(id.Value, ct) is null)
                return Problems.Invalid("project", $"aucun projet de clé ou d'identifiant « {project.Trim()} »");
        }
        return Results.Ok(await Linking.ProposeAsync(session, settings, id, ct));
    }
}

public sealed record LinkDecided(Guid ActorId, Guid ProjectId, string Name, bool Linked);

/// <summary>
/// <c>POST /api/actors/links</c> (confirm) and <c>POST /api/actors/links/rejections</c> (refuse): <c>{ projectId, name,
/// actorId }</c>, the name as typed in the project's milestones. A fact on the entry's stream either way.
/// </summary>
public static class DecideLinkEndpoint
{
    [WolverinePost("/api/actors/links"), Authorize(Policy = Authentication.CanWrite)]
    [Tags("Acteurs"), EndpointSummary("Confirmer qu'un nom saisi dans un projet est cet acteur de l'annuaire")]
    [ProducesResponseType<LinkDecided>(201), ProducesResponseType<HttpValidationProblemDetails>(400), ProducesResponseType<ProblemDetails>(409)]
    public static Task<IResult> Confirm(HttpRequest request, ClaimsPrincipal user, IDocumentStore store, CancellationToken ct) =>
        DecideAsync(request, user, store, true, ct);

    public static async Task<IResult> DecideAsync(HttpRequest request, ClaimsPrincipal user, IDocumentStore store, bool link, CancellationToken ct)
    {
        var body = await JsonBody.ReadObjectAsync(request, ct);
        if (body.Problem is not null) return body.Problem;
        var reader = new FieldReader(body.Root!.Value);
        var projectId = reader.Guid("projectId");
        var name = reader.RequiredString("name");
        var actorId = reader.Guid("actorId");
        reader.RejectUnknown();
        if (!reader.Ok) return Problems.Invalid(reader.Errors);
        return await DecideAsync(store, projectId!.Value, name, actorId!.Value, link, user.Login(), ct);
    }

    public static async Task<IResult> DecideAsync(IDocumentStore store, Guid projectId, string name, Guid actorId, bool link, string by, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var errors = new Dictionary<string, string[]>();
        var actor = await session.LoadAsync<Actor>(actorId, ct);
        if (actor is null) errors["actorId"] = [$"aucun acteur de l'annuaire n'a l'identifiant « {actorId} »"];
        var timeline = await session.LoadTimelineAsync(projectId, ct);
        if (timeline is null) errors["projectId"] = [$"aucun projet d'identifiant « {projectId} »"];
        else if (!Linking.Names(timeline, name)) errors["name"] = [$"aucun jalon du projet ne nomme « {name} » (arrivée, départ, porteur, financeur)"];
        if (errors.Count > 0) return Problems.Invalid(errors);
        var asTyped = ActorNames.AsInProject(name);
        if (actor!.Links.Any(l => l.ProjectId == projectId && ActorNames.AsInProject(l.Name) == asTyped))
            return Problems.Conflict("alreadyLinked", $"« {name} » est déjà lié à cet acteur dans ce projet");
        if (!link && actor.Rejected.Any(l => l.ProjectId == projectId && ActorNames.AsInProject(l.Name) == asTyped))
            return Problems.Conflict("alreadyRejected", $"ce lien de « {name} » est déjà refusé");
        session.Events.Append(actorId, link
            ? new ActorNameLinked(actorId, projectId, name.Trim(), by)
            : new ActorLinkRejected(actorId, projectId, name.Trim(), by));
        await session.SaveChangesAsync(ct);
        return Results.Json(new LinkDecided(actorId, projectId, name.Trim(), link), statusCode: StatusCodes.Status201Created);
    }
}

public static class RejectLinkEndpoint
{
    [WolverinePost("/api/actors/links/rejections"), Authorize(Policy = Authentication.CanWrite)]
    [Tags("Acteurs"), EndpointSummary("Refuser un lien proposé : ce nom de ce projet n'est pas cet acteur (il ne sera plus proposé)")]
    [ProducesResponseType<LinkDecided>(201), ProducesResponseType<HttpValidationProblemDetails>(400), ProducesResponseType<ProblemDetails>(409)]
    public static Task<IResult> Reject(HttpRequest request, ClaimsPrincipal user, IDocumentStore store, CancellationToken ct) =>
        DecideLinkEndpoint.DecideAsync(request, user, store, false, ct);
}
