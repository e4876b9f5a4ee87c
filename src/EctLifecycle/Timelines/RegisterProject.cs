using EctLifecycle.Projects;
using Microsoft.AspNetCore.Mvc;
using System.Security.Claims;
using System.Text.Json;
using EctLifecycle.Accounts;
using EctLifecycle.Http;
using Microsoft.AspNetCore.Authorization;
using Marten;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.Extensions.Options;
using Wolverine.Http;
using EctLifecycle.Plans;

namespace EctLifecycle.Timelines;

public sealed record ProjectCreated(Guid Id, long Version);

/// <summary>
/// <c>POST /api/projects</c>: registers a project and its idea's emergence (context, the hub's role,
/// inspiration from another territory). <c>occurredOn</c> is the emergence date.
/// </summary>
public static class RegisterProjectEndpoint
{
    public const string BodyHelp =
        "Le projet, sa date d'émergence (occurredOn) et le contexte de son idée ; key, facultative, est la référence du pôle " +
        "(sinon la suivante, P045…). En-tête facultatif Idempotency-Key : la même clé renvoie la première réponse.";

    /// <summary>The registration's fields; who logs it is the signed-in user (or who imports it), never the input.</summary>
    public static ProjectRegistered? Read(FieldReader r, Guid id, DateOnly today, string loggedBy)
    {
        var e = new ProjectRegistered(id,
            r.Date("occurredOn", today) ?? default,
            loggedBy,
            r.RequiredString("name"), r.RequiredString("sector"), r.RequiredString("commune"),
            r.RequiredString("summary", FieldReader.MaxText),
            r.Enum<EmergenceContext>("emergenceContext") ?? default,
            r.Enum<HubRole>("hubRole") ?? default,
            r.Bool("inspiredElsewhere"),
            r.String("key", false, 50));
        r.RejectUnknown();
        return r.Ok ? e : null;
    }

    [WolverinePost("/api/projects")]
    [Tags("Projets"), EndpointSummary("Enregistrer un projet et l'émergence de son idée"), EndpointDescription(BodyHelp)]
    [ProducesResponseType<ProjectCreated>(201), ProducesResponseType<HttpValidationProblemDetails>(400), ProducesResponseType<ProblemDetails>(413)]
    [Authorize(Policy = Authentication.CanWrite), Http.DescribedBody(Http.BodyKind.Registration)]
    public static async Task<IResult> Post(
        HttpRequest request, ClaimsPrincipal user, IDocumentStore store, BusinessCalendar calendar, PlanBook plans, IOptions<JsonOptions> json, CancellationToken ct)
    {
        if (IdempotentWrite.ReadKey(request, out var key) is { } badKey) return badKey;
        var body = await JsonBody.ReadObjectAsync(request, ct);
        // Texts no field could store are named with the other fields' errors, in one answer.
        if (body.Problem is not null && body.TextErrors is null) return body.Problem;
        return await RegisterAsync(body.Root!.Value, body.Bytes, user.Login(), key, store, calendar, plans, json.Value.SerializerOptions, ct, body.TextErrors);
    }

    /// <summary>
    /// Reads and registers a project: the API's and the web form's one path. <paramref name="textErrors"/>: the texts the
    /// body's reading refused (emptied in <paramref name="root"/>), which refuse the registration whatever the rest says.
    /// </summary>
    public static async Task<IResult> RegisterAsync(
        JsonElement root, byte[] bytes, string loggedBy, string? key, IDocumentStore store, BusinessCalendar calendar,
        PlanBook plans, JsonSerializerOptions json, CancellationToken ct, IReadOnlyDictionary<string, string[]>? textErrors = null)
    {
        var id = Guid.CreateVersion7();
        var reader = new FieldReader(root);
        var read = Read(reader, id, calendar.Today, loggedBy);
        reader.Override(textErrors);
        // A text refused refuses the registration, whatever else the reader says.
        if (textErrors is { Count: > 0 } || !reader.Ok || read is not { } registered) return Problems.Invalid(reader.Errors);

        return await IdempotentWrite.RunAsync(store, calendar.Time, key is null ? null : $"projects:{key}", bytes, async (session, _) =>
        {
            var given = registered.Key is not null;
            var projectKey = registered.Key ?? await ProjectKey.NextAsync(session, ct);
            var normalized = ProjectKey.Normalize(projectKey);
            if (given && await session.LoadAsync<ProjectKey>(normalized, ct) is { } taken)
                return (null, Problems.Conflict("keyTaken", $"la clé « {projectKey} » est déjà celle {await NamedAsync(session, taken.ProjectId, ct)}"));
            session.Insert(new ProjectKey { Id = normalized, ProjectId = id });
            var started = session.Events.StartStream(id, registered with { Key = projectKey }).Events[0];
            await plans.SyncAsync(session, new ProjectTimeline([new TimelineEntry(started.Id, 1, calendar.RecordingNow(), (IProjectEvent)started.Data)]), watch: false, ct);
            return (new WriteAnswer(StatusCodes.Status201Created, new ProjectCreated(id, 1), $"/api/projects/{id}")
                { KeyPicked = !given, KeyDocument = typeof(ProjectKey) }, null);
        }, onConflict: null, json, ct);
    }

    /// <summary>« du projet Les Paniers » for a message: a person reads the project's name, not its id.</summary>
    private static async Task<string> NamedAsync(IQuerySession session, Guid projectId, CancellationToken ct) =>
        (await session.LoadTimelineAsync(projectId, ct))?.Registration?.Event is ProjectRegistered r ? $"du projet « {r.Name} »" : "d'un autre projet";
}
