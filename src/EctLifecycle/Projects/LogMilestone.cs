using Microsoft.AspNetCore.Mvc;
using System.Security.Claims;
using System.Text.Json;
using EctLifecycle.Accounts;
using EctLifecycle.Http;
using Microsoft.AspNetCore.Authorization;
using EctLifecycle.Scoring;
using Marten;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.Extensions.Options;
using Wolverine.Http;

namespace EctLifecycle.Projects;

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
        "JSON: type (one of the milestone types, see README), occurredOn (YYYY-MM-DD, not in the future, not before 1990), " +
        "expectedVersion (optional, the stream version you read), and the type's own fields; who logs it is the signed-in user. " +
        "Optional header Idempotency-Key: the same key again returns the first answer and appends nothing.";
    [WolverinePost("/api/projects/{id}/milestones")]
    [Tags("Projets"), EndpointSummary("Log a dated milestone (one type per kind of event)"), EndpointDescription(BodyHelp)]
    [ProducesResponseType<MilestoneLogged>(200), ProducesResponseType<HttpValidationProblemDetails>(400),
     ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409), ProducesResponseType<ProblemDetails>(413)]
    [Authorize(Policy = Authentication.CanWrite)]
    public static async Task<IResult> Post(
        Guid id, HttpRequest request, ClaimsPrincipal user, IDocumentStore store, GridCatalog grids, BusinessCalendar calendar,
        IOptions<JsonOptions> json, CancellationToken ct)
    {
        if (IdempotentWrite.ReadKey(request, out var key) is { } badKey) return badKey;
        var body = await JsonBody.ReadObjectAsync(request, ct);
        if (body.Problem is not null) return body.Problem;
        return await LogAsync(id, body.Root!.Value, body.Bytes, user.Login(), key, store, grids, calendar, json.Value.SerializerOptions, ct);
    }

    /// <summary>Reads, decides and appends one milestone: the API's and the web form's one path.</summary>
    public static async Task<IResult> LogAsync(
        Guid id, JsonElement root, byte[] bytes, string loggedBy, string? key, IDocumentStore store, GridCatalog grids,
        BusinessCalendar calendar, JsonSerializerOptions json, CancellationToken ct)
    {
        var reader = new FieldReader(root);
        var type = reader.RequiredString("type", 50);
        var header = new MilestoneHeader(id, reader.Date("occurredOn", calendar.Today) ?? default, loggedBy);
        var expectedVersion = reader.Long("expectedVersion", 1, required: false);
        IProjectEvent? milestone = null;
        if (type != "" && !MilestoneKinds.IsKnown(type))
        {
            reader.Error("type", $"type de jalon inconnu « {type} », attendu parmi : {string.Join(", ", MilestoneKinds.Types)}");
        }
        else if (type != "")
        {
            milestone = MilestoneKinds.Read(type, reader, header, grids);
        }
        if (!reader.Ok || milestone is null) return Problems.Invalid(reader.Errors);

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
                var entry = new TimelineEntry(appended.Id, version, appended.Timestamp, milestone);
                return (new WriteAnswer(StatusCodes.Status200OK, new MilestoneLogged(appended.Id, version))
                {
                    Committed = () => kept.Appended(id, timeline, entry, checkedOnBasis: true),
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
