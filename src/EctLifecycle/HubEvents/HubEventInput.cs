using System.Text.Json;
using EctLifecycle.Actors;
using EctLifecycle.Communes;
using EctLifecycle.Http;

namespace EctLifecycle.HubEvents;

/// <summary>An event's own fields as staff give them (its holding, a correction).</summary>
public sealed record HubEventFields(string Name, HubEventKind Kind, DateOnly OccurredOn, string? CommuneCode);

/// <summary>One attendee as given: a directory actor's id, or a new actor entered in the directory in place (<c>newActor</c>).</summary>
public sealed record AttendeeInput(int Index, Guid? ActorId, ActorFields? NewActor);

/// <summary>Reads a hub event's fields and its attendees; every error at once, on the API's field names.</summary>
public static class HubEventInput
{
    public static HubEventFields? Read(FieldReader r, Territory territory, DateOnly today)
    {
        var name = r.String("name", true, 200);
        HubEventKind? kind = null;
        if (r.String("kind", false, 60) is { } text)
        {
            kind = HubEventKinds.Parse(text);
            if (kind is null) r.Error("kind", $"type d'événement inconnu « {text} », attendu parmi : {HubEventKinds.Allowed}");
        }
        else if (!r.Errors.ContainsKey("kind")) r.Error("kind", $"champ obligatoire, parmi : {HubEventKinds.Allowed}");
        var on = r.Date("occurredOn", today);
        string? commune = null;
        if (r.Has("communeCode") && r.String("communeCode", false, 10) is { } code)
        {
            if (territory.Catalog.Find(code) is { } found) commune = found.Code;
            else r.Error("communeCode", $"aucune commune n'a le code INSEE « {code} »");
        }
        else r.Ignore("communeCode");
        return r.Ok && name is not null && kind is { } k && on is { } d ? new HubEventFields(name, k, d, commune) : null;
    }

    /// <summary>
    /// The list <c>attendees</c>: each item <c>{ actorId }</c> or <c>{ newActor: { name, kind, communeCode, isLocal } }</c>;
    /// errors on <c>attendees[i].actorId</c>, <c>attendees[i].newActor.kind</c>…
    /// </summary>
    public static IReadOnlyList<AttendeeInput> ReadAttendees(JsonElement root, FieldReader r, Territory territory, bool required)
    {
        r.Ignore("attendees");
        if (!root.TryGetProperty("attendees", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            if (required) r.Error("attendees", "liste obligatoire : au moins un acteur { actorId } ou { newActor }");
            return [];
        }
        if (list.ValueKind != JsonValueKind.Array) { r.Error("attendees", "doit être une liste d'objets { actorId } ou { newActor }"); return []; }
        var result = new List<AttendeeInput>();
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = $"attendees[{i}]";
            var index = i++;
            if (item.ValueKind != JsonValueKind.Object) { r.Error(path, "doit être un objet { actorId } ou { newActor }"); continue; }
            var inner = new FieldReader(item, path + ".");
            Guid? id = null;
            ActorFields? created = null;
            var hasId = inner.Has("actorId");
            var hasNew = inner.Has("newActor");
            if (hasId && hasNew) { inner.Error("newActor", "soit un acteur de l'annuaire (actorId), soit un nouvel acteur (newActor), pas les deux"); inner.Ignore("actorId", "newActor"); }
            else if (hasId) id = inner.Guid("actorId");
            else if (hasNew)
            {
                inner.Ignore("newActor");
                var own = new FieldReader(item);
                created = ActorInput.ReadObject(item, "newActor", own, territory, null);
                foreach (var (k, messages) in own.Errors) inner.Errors[$"{path}.{k}"] = messages;
            }
            else inner.Error("actorId", "un acteur de l'annuaire (actorId) ou un nouvel acteur (newActor) est attendu");
            inner.RejectUnknown();
            foreach (var (k, messages) in inner.Errors) r.Errors[k] = messages;
            if (inner.Ok) result.Add(new AttendeeInput(index, id, created));
        }
        if (required && i == 0) r.Error("attendees", "au moins un acteur");
        return result;
    }
}
