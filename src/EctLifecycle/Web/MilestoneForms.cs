using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EctLifecycle.Http;
using EctLifecycle.Portfolio;
using EctLifecycle.Projects;

namespace EctLifecycle.Web;

/// <summary>How a field is entered. A <c>Check</c> box always says yes or no (a hidden « non » goes with it).</summary>
public enum FieldKind { Text, LongText, Date, YesNo, Select, MultiCheck, Number, Check }

/// <summary>
/// One input of a form: the API's field name, its French label and help, how it is entered. <c>CheckedFor</c>: a check
/// box that the page ticks when another field (a select) takes one of these values, until the person ticks it themself.
/// </summary>
public sealed record FormField(string Name, string Label, FieldKind Kind, bool Required = true, Type? Choices = null, string? Help = null)
{
    public (string Field, IReadOnlyList<string> Values)? CheckedFor { get; init; }

    public IReadOnlyList<(string Value, string Label)> Options => Choices is null ? []
        : Enum.GetNames(Choices).Select(n => char.ToLowerInvariant(n[0]) + n[1..]).Select(wire => (wire, FrenchLabels.Of(Choices, wire) ?? wire)).ToList();
}

/// <summary>
/// The staff's forms, one per kind of milestone with a form, in French, made from the kinds' fields
/// (<c>Projects/Milestones</c>); they post the API's own JSON.
/// </summary>
public static class MilestoneForms
{
    public static readonly IReadOnlyDictionary<string, (string Help, IReadOnlyList<FormField> Fields)> Kinds =
        MilestoneKinds.WithForm.ToDictionary(k => k.Type, k => (k.Help!, (IReadOnlyList<FormField>)k.Fields.Where(f => f.InForm).Select(Of).ToList()));

    /// <summary>A kind's field as the form's input.</summary>
    public static FormField Of(MilestoneField f) => new(f.Name, f.Label, f.Entry switch
    {
        Entry.Text => FieldKind.Text,
        Entry.LongText => FieldKind.LongText,
        Entry.Date => FieldKind.Date,
        Entry.YesNo => FieldKind.YesNo,
        Entry.Check => FieldKind.Check,
        Entry.Choice => FieldKind.Select,
        Entry.Choices => FieldKind.MultiCheck,
        _ => FieldKind.Number,
    }, f.Required, f.Choices, f.Help) { CheckedFor = f.CheckedFor };

    /// <summary>The form's fields as the API's JSON body (with its milestone <paramref name="type"/>, if any).</summary>
    public static (JsonElement Root, byte[] Bytes) Json(string? type, IFormCollection form, IReadOnlyList<FormField> fields)
    {
        var json = new JsonObject();
        if (type is not null) json["type"] = type;
        if (Value(form, "occurredOn") is { } date) json["occurredOn"] = DateText.IsoOrAsTyped(date);
        foreach (var f in fields)
        {
            if (f.Kind == FieldKind.Check)
            {
                // The box posts « oui » after its hidden « non »: ticked or not, the form says; absent, it was not asked.
                // Any other value was not posted by the box: sent as it is, for the API to refuse, never read as « non ».
                if (form.TryGetValue(f.Name, out var ticks) && ticks.Count > 0)
                    json[f.Name] = ticks.FirstOrDefault(t => t is not ("oui" or "non")) is { } odd ? odd : ticks.Contains("oui");
                continue;
            }
            if (f.Kind == FieldKind.MultiCheck)
            {
                var items = form[f.Name].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => (JsonNode)v!.Trim()).ToArray();
                if (items.Length > 0) json[f.Name] = new JsonArray(items);
                continue;
            }
            if (Value(form, f.Name) is not { } text) continue;
            // Numbers go as typed: the API reads "15 000,50" with the one amount parser and names what it refuses.
            json[f.Name] = f.Kind switch
            {
                FieldKind.YesNo => PortfolioRows.ParseBool(text) is { } b ? b : text,
                FieldKind.Date => DateText.IsoOrAsTyped(text),
                _ => text,
            };
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(json);
        return (JsonSerializer.Deserialize<JsonElement>(bytes), bytes);
    }

    private static string? Value(IFormCollection form, string name) =>
        form.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;

    public static string Today(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
