using System.Security.Claims;
using System.Text.Json;
using EctLifecycle.Accounts;
using EctLifecycle.Actors;
using EctLifecycle.Communes;
using EctLifecycle.Http;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EctLifecycle.HubEvents;

public sealed record HubEventAttendeeView(
    Guid ActorId, string Name, string? CommuneName, string Place, string PlaceLabel, DateTimeOffset RecordedAt, string RecordedBy,
    DateTimeOffset? RetractedAt, string? RetractionReason);

/// <summary>A hub event as the API and the page show it: its business date and its recording date, its attendees (those retracted too, marked).</summary>
public sealed record HubEventView(
    Guid Id, string Name, string Kind, string KindLabel, DateOnly OccurredOn, string? CommuneCode, string? CommuneName,
    DateTimeOffset RecordedAt, string RecordedBy, DateTimeOffset? CorrectedAt, DateTimeOffset? WithdrawnAt, string? WithdrawalReason,
    int AttendeeCount, IReadOnlyList<HubEventAttendeeView> Attendees);

public sealed record HubEventAnswer(Guid Id, IReadOnlyList<Guid> Attendees);

/// <summary>The place labels of the hub events' analysis: the territory's, and « commune inconnue » for an actor without one.</summary>
public static class HubEventPlaces
{
    public const string Unknown = "unknownCommune";

    /// <summary>inside, outside, or unknownCommune (no commune in the directory: never guessed).</summary>
    public static string Of(string? communeCode, Territory territory) =>
        territory.Place(communeCode) is var place && place == TerritoryValues.Unplaced ? Unknown : place;

    public static string Label(string place) => place == Unknown ? "commune inconnue" : Territory.PlaceLabel(place);
}

public static class HubEventViews
{
    public static async Task<List<HubEventView>> ReadAsync(IQuerySession session, Territory territory, Guid? id, CancellationToken ct)
    {
        var events = id is { } one
            ? (await session.LoadAsync<HubEvent>(one, ct) is { } e ? [e] : new List<HubEvent>())
            : (await session.Query<HubEvent>().ToListAsync(ct)).ToList();
        var ids = events.SelectMany(e => e.Attendees.Select(a => a.ActorId)).Distinct().ToArray();
        var actors = ids.Length == 0 ? new Dictionary<Guid, Actor>()
            : (await session.LoadManyAsync<Actor>(ct, ids)).ToDictionary(a => a.Id);
        return events.OrderByDescending(e => e.OccurredOn).ThenBy(e => e.Name, StringComparer.Ordinal).Select(e => View(e, actors, territory)).ToList();
    }

    public static HubEventView View(HubEvent e, IReadOnlyDictionary<Guid, Actor> actors, Territory territory) => new(
        e.Id, e.Name, HubEventKinds.Wire(e.Kind), HubEventKinds.Label(e.Kind), e.OccurredOn, e.CommuneCode,
        e.CommuneCode is { } code ? territory.Catalog.Find(code)?.Label : null, e.RecordedAt, e.RecordedBy, e.CorrectedAt,
        e.WithdrawnAt, e.WithdrawalReason, e.Present.Count(),
        e.Attendees.Select(a =>
        {
            var actor = actors.GetValueOrDefault(a.ActorId);
            var place = HubEventPlaces.Of(actor?.CommuneCode, territory);
            return new HubEventAttendeeView(a.ActorId, actor?.Name ?? a.ActorId.ToString(),
                actor?.CommuneCode is { } c ? territory.Catalog.Find(c)?.Label : null, place, HubEventPlaces.Label(place),
                a.RecordedAt, a.RecordedBy, a.RetractedAt, a.RetractionReason);
        }).ToList());

    public static IResult NotFound(Guid id) => Problems.NotFound("Événement inconnu", $"aucun événement du pôle n'a l'identifiant {id}");
}

/// <summary>The hub's collective events: record one with its attendees, add attendees, correct, retract; list and read.</summary>
public static class HubEventEndpoints
{
    [WolverineGet("/api/hub-events"), Authorize(Policy = Authentication.CanRead)]
    [Tags("Événements du pôle"), EndpointSummary("Les événements collectifs du pôle (Start Up de Territoire…), les plus récents d'abord, avec leurs participants")]
    [ProducesResponseType<List<HubEventView>>(200)]
    public static async Task<IResult> List(IQuerySession session, Territory territory, CancellationToken ct) =>
        Results.Ok(await HubEventViews.ReadAsync(session, territory, null, ct));

    [WolverineGet("/api/hub-events/{id}"), Authorize(Policy = Authentication.CanRead)]
    [Tags("Événements du pôle"), EndpointSummary("Un événement du pôle : sa date, sa date d'enregistrement, ses participants")]
    [ProducesResponseType<HubEventView>(200), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, Territory territory, CancellationToken ct) =>
        (await HubEventViews.ReadAsync(session, territory, id, ct)).FirstOrDefault() is { } view ? Results.Ok(view) : HubEventViews.NotFound(id);

    /// <summary><c>{ name, kind, occurredOn, communeCode?, attendees?: [{ actorId } | { newActor }] }</c>: 201 with its id.</summary>
    [WolverinePost("/api/hub-events"), Authorize(Policy = Authentication.CanWrite)]
    [Tags("Événements du pôle"), EndpointSummary("Enregistrer un événement du pôle (nom, type, date, commune) et, si on les connaît, ses participants")]
    [ProducesResponseType<HubEventAnswer>(201), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static async Task<IResult> Hold(
        HttpRequest request, ClaimsPrincipal user, IDocumentStore store, Territory territory, BusinessCalendar calendar, CancellationToken ct)
    {
        var body = await JsonBody.ReadObjectAsync(request, ct);
        if (body.Problem is not null) return body.Problem;
        var (answer, errors) = await HoldAsync(store, territory, calendar, body.Root!.Value, user.Login(), ct);
        return answer is null ? Problems.Invalid(errors) : Results.Json(answer, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>Records the event and its attendees, or answers the errors by field (nothing written).</summary>
    public static async Task<(HubEventAnswer? Answer, Dictionary<string, string[]> Errors)> HoldAsync(
        IDocumentStore store, Territory territory, BusinessCalendar calendar, JsonElement root, string by, CancellationToken ct)
    {
        var reader = new FieldReader(root);
        var fields = HubEventInput.Read(reader, territory, calendar.Today);
        var attendees = HubEventInput.ReadAttendees(root, reader, territory, required: false);
        reader.RejectUnknown();
        await using var session = store.LightweightSession();
        await CheckKnownAsync(session, attendees, reader, ct);
        if (!reader.Ok || fields is null) return (null, reader.Errors);
        var id = Guid.CreateVersion7(calendar.Time.GetUtcNow());
        session.Events.StartStream<HubEvent>(id, new HubEventHeld(id, fields.Name, fields.Kind, fields.OccurredOn, fields.CommuneCode, by));
        var added = AddAll(session, id, attendees, by, calendar, [], out _);
        await session.SaveChangesAsync(ct);
        return (new HubEventAnswer(id, added), []);
    }

    /// <summary><c>{ attendees: [{ actorId } | { newActor }] }</c>; an actor already present is not added twice.</summary>
    [WolverinePost("/api/hub-events/{id}/attendees"), Authorize(Policy = Authentication.CanWrite)]
    [Tags("Événements du pôle"), EndpointSummary("Ajouter des participants à un événement du pôle (acteurs de l'annuaire, ou nouveaux acteurs inscrits au passage)")]
    [ProducesResponseType<HubEventAnswer>(200), ProducesResponseType<HttpValidationProblemDetails>(400), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> AddAttendees(
        Guid id, HttpRequest request, ClaimsPrincipal user, IDocumentStore store, Territory territory, BusinessCalendar calendar, CancellationToken ct)
    {
        var body = await JsonBody.ReadObjectAsync(request, ct);
        if (body.Problem is not null) return body.Problem;
        return Answer(id, await AddAttendeesAsync(store, territory, calendar, id, body.Root!.Value, user.Login(), ct));
    }

    /// <summary>Adds the attendees, or answers the errors by field (nothing written), or neither when the event is unknown.</summary>
    public static async Task<(HubEventAnswer? Answer, Dictionary<string, string[]>? Errors)> AddAttendeesAsync(
        IDocumentStore store, Territory territory, BusinessCalendar calendar, Guid id, JsonElement root, string by, CancellationToken ct)
    {
        var reader = new FieldReader(root);
        var attendees = HubEventInput.ReadAttendees(root, reader, territory, required: true);
        reader.RejectUnknown();
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<HubEvent>(id, ct) is not { } existing) return (null, null);
        await CheckKnownAsync(session, attendees, reader, ct);
        if (!reader.Ok) return (null, reader.Errors);
        var added = AddAll(session, id, attendees, by, calendar, existing.Present.Select(a => a.ActorId).ToHashSet(), out _);
        await session.SaveChangesAsync(ct);
        return (new HubEventAnswer(id, added), null);
    }

    /// <summary><c>{ reason }</c>: the actor no longer counts as having come (an event; what was recorded stays).</summary>
    [WolverinePost("/api/hub-events/{id}/attendees/{actorId}/retraction"), Authorize(Policy = Authentication.CanWrite)]
    [Tags("Événements du pôle"), EndpointSummary("Retirer un participant enregistré par erreur (un fait de plus, l'ajout reste dans l'historique)")]
    [ProducesResponseType<HubEventAnswer>(200), ProducesResponseType<HttpValidationProblemDetails>(400), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> RetractAttendee(
        Guid id, Guid actorId, HttpRequest request, ClaimsPrincipal user, IDocumentStore store, CancellationToken ct)
    {
        var body = await JsonBody.ReadObjectAsync(request, ct);
        if (body.Problem is not null) return body.Problem;
        return Answer(id, await RetractAttendeeAsync(store, id, actorId, body.Root!.Value, user.Login(), ct));
    }

    /// <summary>Retracts the attendee, or answers the errors by field (nothing written), or neither when the event is unknown.</summary>
    public static async Task<(HubEventAnswer? Answer, Dictionary<string, string[]>? Errors)> RetractAttendeeAsync(
        IDocumentStore store, Guid id, Guid actorId, JsonElement root, string by, CancellationToken ct)
    {
        var reader = new FieldReader(root);
        var reason = reader.String("reason", true, 500);
        reader.RejectUnknown();
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<HubEvent>(id, ct) is not { } existing) return (null, null);
        if (reader.Ok && !existing.Present.Any(a => a.ActorId == actorId))
            reader.Error("actorId", $"l'acteur {actorId} n'est pas parmi les participants de cet événement");
        if (!reader.Ok || reason is null) return (null, reader.Errors);
        session.Events.Append(id, new HubEventAttendeeRetracted(id, actorId, reason, by));
        await session.SaveChangesAsync(ct);
        return (new HubEventAnswer(id, [actorId]), null);
    }

    /// <summary>The event as it should read (same fields as its holding); an event, the first recording kept.</summary>
    [WolverinePost("/api/hub-events/{id}/corrections"), Authorize(Policy = Authentication.CanWrite)]
    [Tags("Événements du pôle"), EndpointSummary("Corriger un événement du pôle (un fait de plus, l'enregistrement reste)")]
    [ProducesResponseType<HubEventAnswer>(200), ProducesResponseType<HttpValidationProblemDetails>(400), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Correct(
        Guid id, HttpRequest request, ClaimsPrincipal user, IDocumentStore store, Territory territory, BusinessCalendar calendar, CancellationToken ct)
    {
        var body = await JsonBody.ReadObjectAsync(request, ct);
        if (body.Problem is not null) return body.Problem;
        return Answer(id, await CorrectAsync(store, territory, calendar, id, body.Root!.Value, user.Login(), ct));
    }

    /// <summary>Records the correction, or answers the errors by field (nothing written), or neither when the event is unknown.</summary>
    public static async Task<(HubEventAnswer? Answer, Dictionary<string, string[]>? Errors)> CorrectAsync(
        IDocumentStore store, Territory territory, BusinessCalendar calendar, Guid id, JsonElement root, string by, CancellationToken ct)
    {
        var reader = new FieldReader(root);
        var fields = HubEventInput.Read(reader, territory, calendar.Today);
        reader.RejectUnknown();
        if (!reader.Ok || fields is null) return (null, reader.Errors);
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<HubEvent>(id, ct) is null) return (null, null);
        session.Events.Append(id, new HubEventCorrected(id, fields.Name, fields.Kind, fields.OccurredOn, fields.CommuneCode, by));
        await session.SaveChangesAsync(ct);
        return (new HubEventAnswer(id, []), null);
    }

    /// <summary><c>{ reason }</c>: the event was recorded by mistake; it stops counting (an event, nothing deleted).</summary>
    [WolverinePost("/api/hub-events/{id}/withdrawal"), Authorize(Policy = Authentication.CanWrite)]
    [Tags("Événements du pôle"), EndpointSummary("Retirer un événement enregistré par erreur (un fait de plus, rien n'est effacé)")]
    [ProducesResponseType<HubEventAnswer>(200), ProducesResponseType<HttpValidationProblemDetails>(400), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Withdraw(Guid id, HttpRequest request, ClaimsPrincipal user, IDocumentStore store, CancellationToken ct)
    {
        var body = await JsonBody.ReadObjectAsync(request, ct);
        if (body.Problem is not null) return body.Problem;
        return Answer(id, await WithdrawAsync(store, id, body.Root!.Value, user.Login(), ct));
    }

    /// <summary>Records the withdrawal, or answers the errors by field (nothing written), or neither when the event is unknown.</summary>
    public static async Task<(HubEventAnswer? Answer, Dictionary<string, string[]>? Errors)> WithdrawAsync(
        IDocumentStore store, Guid id, JsonElement root, string by, CancellationToken ct)
    {
        var reader = new FieldReader(root);
        var reason = reader.String("reason", true, 500);
        reader.RejectUnknown();
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<HubEvent>(id, ct) is not { } existing) return (null, null);
        if (reader.Ok && existing.WithdrawnAt is not null) reader.Error("reason", "cet événement est déjà retiré");
        if (!reader.Ok || reason is null) return (null, reader.Errors);
        session.Events.Append(id, new HubEventWithdrawn(id, reason, by));
        await session.SaveChangesAsync(ct);
        return (new HubEventAnswer(id, []), null);
    }

    private static IResult Answer(Guid id, (HubEventAnswer? Answer, Dictionary<string, string[]>? Errors) done) =>
        done.Answer is { } answer ? Results.Ok(answer) : done.Errors is { } errors ? Problems.Invalid(errors) : HubEventViews.NotFound(id);

    private static async Task CheckKnownAsync(IQuerySession session, IReadOnlyList<AttendeeInput> attendees, FieldReader reader, CancellationToken ct)
    {
        var ids = attendees.Where(a => a.ActorId is not null).Select(a => a.ActorId!.Value).Distinct().ToArray();
        if (ids.Length == 0) return;
        var known = (await session.LoadManyAsync<Actor>(ct, ids)).Select(a => a.Id).ToHashSet();
        foreach (var a in attendees.Where(a => a.ActorId is { } id && !known.Contains(id)))
            reader.Error($"attendees[{a.Index}].actorId", $"aucun acteur de l'annuaire n'a l'identifiant {a.ActorId}");
    }

    /// <summary>Appends the attendees (new actors entered in the directory in the same transaction); returns the actors added.</summary>
    private static List<Guid> AddAll(IDocumentSession session, Guid id, IReadOnlyList<AttendeeInput> attendees, string by,
        BusinessCalendar calendar, HashSet<Guid> present, out int created)
    {
        var added = new List<Guid>();
        created = 0;
        foreach (var a in attendees)
        {
            var actorId = a.ActorId ?? Guid.CreateVersion7(calendar.Time.GetUtcNow());
            if (a.NewActor is { } f)
            {
                session.Events.StartStream<Actor>(actorId, new ActorRegistered(actorId, f.Name, f.Kind, f.CommuneCode, f.IsLocal, by));
                created++;
            }
            if (!present.Add(actorId)) continue;
            session.Events.Append(id, new HubEventAttendeeAdded(id, actorId, by));
            added.Add(actorId);
        }
        return added;
    }
}
