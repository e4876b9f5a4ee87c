using System.Text.Json;
using EctLifecycle.Communes;
using EctLifecycle.Http;
using EctLifecycle.Lists;
using EctLifecycle.Projects;

namespace EctLifecycle.Actors;

/// <summary>An entry's fields as staff give them (a registration, a correction, a <c>newActor</c> of a milestone).</summary>
public sealed record ActorFields(string Name, DirectoryKind Kind, string? CommuneCode, bool IsLocal);

/// <summary>What a milestone already says of the actor it names, for a <c>newActor</c>: its name, and its kind and locality if it says them.</summary>
public sealed record ActorDefaults(string Name, DirectoryKind? Kind, bool IsLocal);

/// <summary>The French words of the directory's kinds: the collective's kinds' own labels, and « Personne physique ».</summary>
public static class DirectoryKinds
{
    public static string Label(DirectoryKind kind) =>
        kind == DirectoryKind.NaturalPerson ? "Personne physique" : ListLabels.Of(AsActorKind(kind)!.Value);

    public static string Wire(DirectoryKind kind) => kind.Wire();

    public static ActorKind? AsActorKind(DirectoryKind kind) =>
        kind == DirectoryKind.NaturalPerson ? null : Enum.Parse<ActorKind>(kind.ToString());

    public static DirectoryKind Of(ActorKind kind) => Enum.Parse<DirectoryKind>(kind.ToString());

    /// <summary>By its API name or its French label, case ignored.</summary>
    public static DirectoryKind? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        foreach (var kind in Enum.GetValues<DirectoryKind>())
            if (string.Equals(Wire(kind), text.Trim(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(Label(kind), text.Trim(), StringComparison.OrdinalIgnoreCase)) return kind;
        return null;
    }

    public static string Allowed =>
        string.Join(", ", Enum.GetValues<DirectoryKind>().Select(k => $"{Label(k)} ({Wire(k)})"));
}

/// <summary>Reads an entry's fields; every error at once, on the API's field names (with the reader's prefix).</summary>
public static class ActorInput
{
    public static readonly string[] Fields = ["name", "kind", "communeCode", "isLocal"];

    /// <param name="defaults">what the milestone already says (its name, its actor's kind and locality), for a <c>newActor</c></param>
    public static ActorFields? Read(FieldReader r, Territory territory, ActorDefaults? defaults = null)
    {
        var name = defaults is not null && !r.Has("name") ? defaults.Name : r.RequiredString("name");
        DirectoryKind? kind = null;
        if (r.Has("kind"))
        {
            var text = r.String("kind", false, 60);
            kind = DirectoryKinds.Parse(text);
            if (text is not null && kind is null) r.Error("kind", $"type inconnu « {text} », attendu parmi : {DirectoryKinds.Allowed}");
        }
        else if (defaults?.Kind is not null) kind = defaults.Kind;
        else r.Error("kind", $"champ obligatoire, parmi : {DirectoryKinds.Allowed}");
        string? commune = null;
        if (r.Has("communeCode") && r.String("communeCode", false, 10) is { } code)
        {
            if (territory.Catalog.Find(code) is { } found) commune = found.Code;
            else r.Error("communeCode", $"aucune commune n'a le code INSEE « {code} »");
        }
        else r.Ignore("communeCode");
        var isLocal = r.Has("isLocal") ? r.Bool("isLocal") : defaults?.IsLocal ?? false;
        if (!r.Has("isLocal")) r.Ignore("isLocal");
        return kind is { } k && r.Ok ? new ActorFields(name, k, commune, isLocal) : null;
    }

    /// <summary>The fields of an object <paramref name="field"/> of a body, read by their own reader whose errors go to <paramref name="into"/>.</summary>
    public static ActorFields? ReadObject(JsonElement root, string field, FieldReader into, Territory territory, ActorDefaults? defaults)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.True && defaults is { Kind: { } kind })
            return new ActorFields(defaults.Name, kind, null, defaults.IsLocal);
        if (value.ValueKind != JsonValueKind.Object)
        {
            into.Error(field, "doit être un objet { name, kind, communeCode, isLocal } (ou true quand le jalon dit le type : l'acteur tel qu'il le décrit)");
            return null;
        }
        var inner = new FieldReader(value, $"{field}.");
        var fields = Read(inner, territory, defaults);
        inner.RejectUnknown();
        foreach (var (k, messages) in inner.Errors) into.Errors[k] = messages;
        return inner.Ok ? fields : null;
    }
}
