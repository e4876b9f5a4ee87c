using System.Security.Claims;
using EctLifecycle.Accounts;
using EctLifecycle.Communes;
using EctLifecycle.Http;
using EctLifecycle.Http.OpenApi;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EctLifecycle.Actors;

/// <summary>
/// <c>GET /api/actors?q=&amp;kind=&amp;commune=</c>: the directory's entries whose name holds the text (accents, case and
/// punctuation ignored), of a kind, of a commune (INSEE code), with their projects; merged entries read as the kept one.
/// </summary>
public static class SearchActorsEndpoint
{
    public const int Limit = 50;

    [WolverineGet("/api/actors"), Authorize(Policy = Authentication.CanRead)]
    [Query("q", "Une partie du nom (accents et majuscules indifférents) ; vide : tous.")]
    [Query("kind", "Le type d'acteur (publicBody, association, company, farmer, inhabitant, hub, supportStructure, researchBody, other, naturalPerson).")]
    [Query("commune", "Le code INSEE de la commune de l'acteur.")]
    [Query("page", "Le numéro de la page (à partir de 1, 50 acteurs par page) ; l'en-tête X-Total-Count donne combien d'acteurs répondent.")]
    [Tags("Acteurs"), EndpointSummary("Les acteurs de l'annuaire qui répondent à un nom, un type, une commune, avec leurs projets")]
    [ProducesResponseType<List<ActorView>>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static async Task<IResult> Get(
        string? q, string? kind, string? commune, HttpRequest request, HttpResponse response, IQuerySession session, Territory territory, CancellationToken ct)
    {
        var pageErrors = new Dictionary<string, string[]>();
        var page = Analytics.AnalyticsParameters.ReadCount("page", request.Query["page"].FirstOrDefault(), 1, 1, 1_000_000, pageErrors);
        var (found, matching, errors) = await SearchAsync(session, territory, q, kind, commune, ct, page ?? 1);
        foreach (var (field, messages) in pageErrors) errors[field] = messages;
        if (errors.Count > 0) return Problems.Invalid(errors);
        response.Headers["X-Total-Count"] = matching.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Ok(found);
    }

    /// <summary>The page <paramref name="page"/> (from 1) of the actors found, <see cref="Limit"/> a page, and how many were found in all.</summary>
    public static async Task<(IReadOnlyList<ActorView> Found, int Matching, Dictionary<string, string[]> Errors)> SearchAsync(
        IQuerySession session, Territory territory, string? q, string? kind, string? commune, CancellationToken ct, int page = 1)
    {
        var errors = new Dictionary<string, string[]>();
        DirectoryKind? ofKind = null;
        if (!string.IsNullOrWhiteSpace(kind) && (ofKind = DirectoryKinds.Parse(kind)) is null)
            errors["kind"] = [$"type inconnu « {kind} », attendu parmi : {DirectoryKinds.Allowed}"];
        var code = string.IsNullOrWhiteSpace(commune) ? null : commune.Trim();
        if (code is not null && territory.Catalog.Find(code) is null) errors["commune"] = [$"aucune commune n'a le code INSEE « {code} »"];
        if (errors.Count > 0) return ([], 0, errors);

        var directory = await DirectoryNow.ReadAsync(session, ct);
        var key = ActorNames.Key(q ?? "");
        var matching = directory.Actors
            .Where(a => directory.MergedInto(a.Id) is null && a.NameKey.Contains(key, StringComparison.Ordinal)
                && (ofKind is null || a.Kind == ofKind) && (code is null || a.CommuneCode == code))
            .ToList();
        var found = matching
            .OrderBy(a => a.NameKey.StartsWith(key, StringComparison.Ordinal) ? 0 : 1).ThenBy(a => a.NameKey, StringComparer.Ordinal)
            .Skip((Math.Max(1, page) - 1) * Limit).Take(Limit).Select(a => directory.View(a, territory)).ToList();
        return (found, matching.Count, errors);
    }
}

public sealed record ActorRegisteredAnswer(Guid Id);

/// <summary><c>POST /api/actors</c>: <c>{ name, kind, communeCode?, isLocal? }</c>, a new entry; 201 with its id, 400 naming the field.</summary>
public static class RegisterActorEndpoint
{
    [WolverinePost("/api/actors"), Authorize(Policy = Authentication.CanWrite)]
    [Tags("Acteurs"), EndpointSummary("Inscrire un acteur dans l'annuaire (nom, type, commune, local ou non)")]
    [ProducesResponseType<ActorRegisteredAnswer>(201), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static async Task<IResult> Post(
        HttpRequest request, ClaimsPrincipal user, IDocumentStore store, Territory territory, TimeProvider time, CancellationToken ct)
    {
        var body = await JsonBody.ReadObjectAsync(request, ct);
        if (body.Problem is not null) return body.Problem;
        var reader = new FieldReader(body.Root!.Value);
        var fields = ActorInput.Read(reader, territory);
        reader.RejectUnknown();
        if (!reader.Ok || fields is null) return Problems.Invalid(reader.Errors);
        var id = await RegisterAsync(store, time, fields, user.Login(), ct);
        return Results.Json(new ActorRegisteredAnswer(id), statusCode: StatusCodes.Status201Created);
    }

    public static async Task<Guid> RegisterAsync(IDocumentStore store, TimeProvider time, ActorFields fields, string by, CancellationToken ct)
    {
        var id = Guid.CreateVersion7(time.GetUtcNow());
        await using var session = store.LightweightSession();
        session.Events.StartStream<Actor>(id, new ActorRegistered(id, fields.Name, fields.Kind, fields.CommuneCode, fields.IsLocal, by));
        await session.SaveChangesAsync(ct);
        return id;
    }
}

/// <summary><c>POST /api/actors/{id}/corrections</c>: the entry as it should read (same fields as a registration); an event, the registration kept.</summary>
public static class CorrectActorEndpoint
{
    [WolverinePost("/api/actors/{id}/corrections"), Authorize(Policy = Authentication.CanWrite)]
    [Tags("Acteurs"), EndpointSummary("Corriger un acteur de l'annuaire (un fait de plus, l'inscription reste)")]
    [ProducesResponseType<ActorRegisteredAnswer>(200), ProducesResponseType<HttpValidationProblemDetails>(400), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Post(
        Guid id, HttpRequest request, ClaimsPrincipal user, IDocumentStore store, Territory territory, CancellationToken ct)
    {
        var body = await JsonBody.ReadObjectAsync(request, ct);
        if (body.Problem is not null) return body.Problem;
        var reader = new FieldReader(body.Root!.Value);
        var fields = ActorInput.Read(reader, territory);
        reader.RejectUnknown();
        if (!reader.Ok || fields is null) return Problems.Invalid(reader.Errors);
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<Actor>(id, ct) is null) return ActorProblems.NotFound(id);
        session.Events.Append(id, new ActorCorrected(id, fields.Name, fields.Kind, fields.CommuneCode, fields.IsLocal, user.Login()));
        await session.SaveChangesAsync(ct);
        return Results.Ok(new ActorRegisteredAnswer(id));
    }
}

public static class ActorProblems
{
    public static IResult NotFound(Guid id) => Problems.NotFound("Acteur inconnu", $"aucun acteur de l'annuaire n'a l'identifiant {id}");
}
