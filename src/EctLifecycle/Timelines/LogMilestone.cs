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

public sealed record MilestoneLogged(Guid EventId, long Version);

/// <summary>
/// <c>POST /api/projects/{id}/milestones</c>: one <c>type</c> per kind of milestone, its business date and fields.
/// The new event is placed in the project's business timeline and the whole history replayed: if any rule breaks
/// (for the new milestone or one it would invalidate), nothing is appended and the answer is 409 naming it.
/// </summary>
public static class LogMilestoneEndpoint
{
    public const string Anonymous = "anonyme";
    public const string BodyHelp =
        "Un jalon d'un des types décrits (champ type), sa date métier (occurredOn) et ses champs ; qui le saisit est " +
        "l'utilisateur connecté. Refusé (409) si une règle de la vie du projet est enfreinte. En-tête facultatif " +
        "Idempotency-Key : la même clé renvoie la première réponse et n'ajoute rien.";
    [WolverinePost("/api/projects/{id}/milestones")]
    [Tags("Projets"), EndpointSummary("Saisir un jalon daté (un type par sorte d'événement)"), EndpointDescription(BodyHelp)]
    [ProducesResponseType<MilestoneLogged>(200), ProducesResponseType<HttpValidationProblemDetails>(400),
     ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409), ProducesResponseType<ProblemDetails>(413)]
    [Authorize(Policy = Authentication.CanWrite), Http.DescribedBody(Http.BodyKind.Milestone)]
    public static async Task<IResult> Post(
        Guid id, HttpRequest request, ClaimsPrincipal user, IDocumentStore store, IAssessmentGrids grids, BusinessCalendar calendar,
        PlanBook plans, IActorReferences actors, IOptions<JsonOptions> json, CancellationToken ct)
    {
        if (IdempotentWrite.ReadKey(request, out var key) is { } badKey) return badKey;
        var body = await JsonBody.ReadObjectAsync(request, ct);
        // Texts no field could store are named with the other fields' errors, in one answer.
        if (body.Problem is not null && body.TextErrors is null) return body.Problem;
        return await LogAsync(id, body.Root!.Value, body.Bytes, user.Login(), key, store, grids, calendar, plans, json.Value.SerializerOptions, ct, actors, body.TextErrors);
    }

    /// <summary>The fields every milestone has, whatever its type.</summary>
    public static (string Type, DateOnly? OccurredOn, long? ExpectedVersion) ReadHeader(FieldReader reader, DateOnly today) =>
        (reader.RequiredString("type", 50), reader.Date("occurredOn", today), reader.Long("expectedVersion", 1, required: false));

    /// <summary>
    /// Reads, decides and appends one milestone: the API's and the web form's one path. <paramref name="actors"/>: the
    /// directory, which checks the actor ids the milestone carries and registers a new actor in the same transaction.
    /// <paramref name="textErrors"/>: the texts the body's reading refused (emptied in <paramref name="root"/>), which
    /// refuse the milestone whatever the rest says.
    /// </summary>
    public static async Task<IResult> LogAsync(
        Guid id, JsonElement root, byte[] bytes, string loggedBy, string? key, IDocumentStore store, IAssessmentGrids grids,
        BusinessCalendar calendar, PlanBook plans, JsonSerializerOptions json, CancellationToken ct, IActorReferences? actors = null,
        IReadOnlyDictionary<string, string[]>? textErrors = null)
    {
        var reader = new FieldReader(root);
        var (type, occurredOn, expectedVersion) = ReadHeader(reader, calendar.Today);
        var header = new MilestoneHeader(id, occurredOn ?? default, loggedBy);
        IProjectEvent? milestone = null;
        if (type != "" && !MilestoneKinds.IsKnown(type))
        {
            reader.Error("type", $"type de jalon inconnu « {type} », attendu parmi : {string.Join(", ", MilestoneKinds.Types)}");
        }
        else if (type != "")
        {
            milestone = MilestoneKinds.Read(type, reader, header, grids);
        }
        Action<Marten.IDocumentSession>? directoryWrite = null;
        if (milestone is not null && actors is not null) (milestone, directoryWrite) = await actors.ReadAsync(reader, root, milestone, ct);
        reader.Override(textErrors);
        // A text refused refuses the milestone, whatever else the reader says.
        if (textErrors is { Count: > 0 } || !reader.Ok || milestone is null) return Problems.Invalid(reader.Errors);
        if (milestone is BornOf born)
        {
            await using var q = store.QuerySession();
            var (checkedBorn, refusal) = await BornOfKind.CheckAcrossAsync(q, q.LoadTimelineAsync, born, ct);
            if (refusal is not null) return refusal;
            milestone = checkedBorn!;
        }

        var kept = TimelineStore.Of(store);
        bool Accepts(ProjectTimeline t) => (expectedVersion is null || expectedVersion == t.Version) && t.CheckAppend(milestone, Guid.Empty) is null;
        return await IdempotentWrite.RunAsync(store, calendar.Time, key is null ? null : $"milestones:{id}:{key}", bytes,
            async (session, attempt) =>
            {
                // First try: the timeline kept in memory, unread. The append names the version after it, which the event
                // store refuses if the stream has moved since (another writer, another instance): the retry reads it. A
                // refusal is never decided on it: the stored timeline decides again.
                var known = attempt == 1 ? kept.Kept(id) : null;
                var accepted = known is not null && Accepts(known);
                var timeline = accepted ? known : await session.LoadTimelineAsync(id, ct);
                if (timeline is null) return (null, Problems.ProjectNotFound(id));
                if (expectedVersion is { } expected && expected != timeline.Version)
                    return (null, Problems.StaleVersion(expected, timeline.Version));
                if ((accepted ? null : timeline.CheckAppend(milestone, Guid.Empty)) is { } broken)
                    return (null, Problems.Conflict(broken.Code, broken.Message, broken.EventId));

                var version = timeline.Version + 1;
                var appended = session.Events.Append(id, version, milestone).Events[^1];
                appended.Timestamp = calendar.RecordingNow();
                directoryWrite?.Invoke(session);
                var entry = new TimelineEntry(appended.Id, version, appended.Timestamp, milestone);
                // One timeline after the write, folded once: by the plans, the score history's inline projection, then kept.
                var next = timeline.WithAppended(entry, checkedHere: true);
                kept.Writing(milestone, next);
                // The plans it fulfils, makes or cancels, in the same transaction: the card shows them at once.
                await plans.SyncAsync(session, next, watch: false, ct);
                return (new WriteAnswer(StatusCodes.Status200OK, new MilestoneLogged(appended.Id, version))
                {
                    Committed = () => kept.Appended(id, timeline, next),
                }, null);
            },
            onConflict: expectedVersion is { } v
                ? async () =>
                {
                    await using var q = store.QuerySession();
                    return Problems.StaleVersion(v, (await q.LoadTimelineAsync(id, ct))?.Version ?? 0);
                }
                : null,
            json, ct);
    }
}
