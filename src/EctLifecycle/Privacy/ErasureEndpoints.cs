using System.Security.Claims;
using EctLifecycle.Accounts;
using EctLifecycle.Http;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EctLifecycle.Privacy;

public sealed record OccurrencesFound(int Projects, int Events, IReadOnlyList<ProjectOccurrences> ByProject);

public sealed record ErasureView(
    Guid Id, DateTimeOffset At, string Who, string Reason, string Pseudonym, Guid? ProjectId, int Projects, int Events,
    int Answers, DateTimeOffset? CompletedAt)
{
    public static ErasureView Of(Erasure e) =>
        new(e.Id, e.At, e.Who, e.Reason, e.Pseudonym, e.ProjectId, e.Streams.Count, e.EventsMasked, e.AnswersRewritten, e.CompletedAt);
}

/// <summary>
/// <c>POST /api/privacy/erasures</c> (admin): <c>{ "name", "projectId" (optional: an id or the hub's key), "reason" }</c>.
/// 201 with the pseudonym and the counts; 400 naming the field (a name under 3 letters, a reason missing or naming the
/// person, an unknown project); 404 when no event names the person, saying where it looked.
/// </summary>
public static class EraseEndpoint
{
    private static readonly string[] Fields = ["name", "projectId", "reason"];

    public static (string? Name, string? Project, string? Reason) Read(FieldReader reader) => (
        reader.String("name", required: true),
        reader.String("projectId", required: false, max: 100),
        reader.String("reason", required: true, max: FieldReader.MaxText));

    [WolverinePost("/api/privacy/erasures"), Authorize(Policy = Authentication.CanAdminister)]
    [Http.DescribedBody(Http.BodyKind.Erasure)]
    [Tags("Données personnelles"), EndpointSummary("Effacer le nom d'une personne de chaque événement qui la nomme (RGPD), remplacé par un pseudonyme")]
    [ProducesResponseType<ErasureDone>(201), ProducesResponseType<HttpValidationProblemDetails>(400), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Post(
        HttpRequest request, ClaimsPrincipal user, IDocumentStore store, BusinessCalendar calendar, Durability.DurabilityPages reports, CancellationToken ct)
    {
        var body = await JsonBody.ReadObjectAsync(request, ct);
        if (body.Problem is not null) return body.Problem;
        var root = body.Root!.Value;
        var reader = new FieldReader(root);
        var (name, project, reason) = Read(reader);
        foreach (var p in root.EnumerateObject().Where(p => !Fields.Contains(p.Name)))
            reader.Error(p.Name, $"champ inconnu : un effacement se demande avec {string.Join(", ", Fields)}");
        if (!reader.Ok) return Problems.Invalid(reader.Errors);

        await using var session = store.QuerySession();
        var (erasure, errors) = await Erasures.CheckAsync(session, name, project, reason, reasonRequired: true, ct);
        if (erasure is null) return Problems.Invalid(errors);
        if (await Erasures.EraseAsync(store, calendar.Time, erasure, user.Login(), ct) is not { } done)
            return Problems.NotFound("Personne introuvable", await Erasures.NowhereAsync(session, erasure, ct));
        reports.Forget(); // the reports' page's reports kept in memory named the person
        return Results.Json(done, statusCode: StatusCodes.Status201Created);
    }
}

/// <summary>
/// <c>GET /api/privacy/occurrences?name=&amp;projectId=</c> (admin): which projects name the person and in how many
/// events, before an erasure. 400 naming the field for a name under 3 letters or an unknown project.
/// </summary>
public static class OccurrencesEndpoint
{
    [WolverineGet("/api/privacy/occurrences"), Authorize(Policy = Authentication.CanAdminister)]
    [Tags("Données personnelles"), EndpointSummary("Les projets dont des événements nomment une personne, et combien (l'aperçu d'un effacement)")]
    [ProducesResponseType<OccurrencesFound>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static async Task<IResult> Get(string? name, string? projectId, IQuerySession session, CancellationToken ct)
    {
        var (search, errors) = await Erasures.CheckAsync(session, name, projectId, null, reasonRequired: false, ct);
        if (search is null) return Problems.Invalid(errors);
        var found = await Erasures.FindAsync(session, search.Name, search.ProjectId, ct);
        return Results.Ok(new OccurrencesFound(found.Count, found.Sum(p => p.Events), found));
    }
}

/// <summary><c>GET /api/privacy/erasures</c> (admin): the erasures done, latest first, without any name.</summary>
public static class ListErasuresEndpoint
{
    [WolverineGet("/api/privacy/erasures"), Authorize(Policy = Authentication.CanAdminister)]
    [Tags("Données personnelles"), EndpointSummary("Les effacements faits, du plus récent au plus ancien (qui, quand, pourquoi, pseudonyme, nombres)")]
    [ProducesResponseType<List<ErasureView>>(200)]
    public static async Task<IReadOnlyList<ErasureView>> Get(IQuerySession session, CancellationToken ct) =>
        (await Erasures.ListAsync(session, ct)).Select(ErasureView.Of).ToList();
}
