using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using EctLifecycle.Http;
using EctLifecycle.Projects;

namespace EctLifecycle.Portfolio;

/// <summary>
/// Converts between events and the spreadsheet's cells: an event becomes a row of French text, and a row
/// becomes the same JSON the HTTP API takes, so both go through the same reading rules.
/// </summary>
public static class PortfolioRows
{
    private static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web);

    static PortfolioRows() => Json.Configure(EventJson);

    public static PortfolioRow ProjectRow(string key, ProjectRegistered r) =>
        ToRow(PortfolioSchema.Projects, r, new() { ["key"] = key, ["source"] = SourceOf(r) });

    /// <summary>The event as its kind writes it in a file (<see cref="MilestoneKind.ForExport"/>).</summary>
    public static PortfolioRow MilestoneRow(string key, IProjectEvent e) =>
        ToRow(PortfolioSchema.Milestones, MilestoneKinds.Of(e)!.ForExport(e),
            new() { ["projectKey"] = key, ["type"] = MilestoneKinds.TypeOf(e), ["source"] = SourceOf(e) });

    public static IEnumerable<PortfolioRow> AssessmentRows(string key, CriteriaAssessed a) =>
        a.Scores.Select(s => new PortfolioRow(0, Without(new Dictionary<string, string>
        {
            ["projectKey"] = key, ["occurredOn"] = Iso(a.OccurredOn), ["gridVersion"] = a.GridVersion,
            ["criterionId"] = s.CriterionId, ["points"] = s.Points.ToString(CultureInfo.InvariantCulture),
            ["rationale"] = s.Rationale ?? "", ["source"] = SourceOf(a),
        })));

    /// <summary>
    /// Where an exported fact came from: its own source, else who logged it here. Imported elsewhere, it is logged by
    /// whoever imports it and keeps this as its source.
    /// </summary>
    private static string SourceOf(IProjectEvent e) => e.Source ?? e.LoggedBy;

    private static PortfolioRow ToRow(SheetSchema sheet, IProjectEvent e, Dictionary<string, string> cells)
    {
        var data = JsonSerializer.SerializeToNode(e, e.GetType(), EventJson)!.AsObject();
        foreach (var (field, value) in data)
        {
            if (value is null || cells.ContainsKey(field) || sheet.ColumnOfField(field) is not { } column) continue;
            cells[field] = column.Kind switch
            {
                CellKind.Bool => value.GetValue<bool>() ? "oui" : "non",
                CellKind.List => string.Join($"{PortfolioSchema.ListSeparator} ", value.AsArray().Select(v => v!.GetValue<string>())
                    .Select(v => column.EnumType is { } listOf ? FrenchOf(listOf, v) : v)),
                CellKind.Enum => FrenchOf(column.EnumType!, value.GetValue<string>()),
                CellKind.Number => Plain(value),
                _ => value.GetValue<string>(),
            };
        }
        if (cells.TryGetValue("type", out var type)) cells["type"] = FrenchLabels.MilestoneTypes[type];
        return new PortfolioRow(0, Without(cells));
    }

    private static Dictionary<string, string> Without(Dictionary<string, string> cells) =>
        cells.Where(c => !string.IsNullOrEmpty(c.Value)).ToDictionary();

    private static string FrenchOf(Type enumType, string wire) =>
        FrenchLabels.Of(enumType, wire) ?? wire;

    // A number as the import reads it back: no exponent, no trailing zeros (1500.000 would read as ambiguous).
    private static string Plain(JsonNode value) =>
        decimal.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture).ToString("0.############################", CultureInfo.InvariantCulture);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The row as the API's JSON: dates to ISO, oui/non to booleans, French labels to wire names, lists split.
    /// A cell that cannot be read is reported against its column and left out.
    /// </summary>
    public static JsonObject ToJson(SheetSchema sheet, PortfolioRow row, IEnumerable<string> skip, Action<string, string> error)
    {
        var skipped = skip.ToHashSet();
        return JsonObject.Create(ToElement(sheet, row, skipped.Contains, error))!;
    }

    private static readonly JsonWriterOptions RowWriting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The same JSON as <see cref="ToJson"/>, as an element (see <see cref="ToFields"/> for the arguments).</summary>
    public static JsonElement ToElement(SheetSchema sheet, PortfolioRow row, Func<string, bool> skip, Action<string, string> error,
        Func<string, bool>? nested = null, string nestedIn = "scores")
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, RowWriting))
            ToFields(sheet, row, skip, error, nested, nestedIn).WriteTo(writer);
        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>
    /// The row's fields as the API reads them, straight from the cells (the import reads hundreds of thousands of rows:
    /// no JSON in between). Cells for which <paramref name="nested"/> is true go into a one-object list
    /// <paramref name="nestedIn"/> (an assessment's row is one score). Cells named by <paramref name="skip"/> are left out;
    /// a field given twice keeps its last cell.
    /// </summary>
    public static FieldCells ToFields(SheetSchema sheet, PortfolioRow row, Func<string, bool> skip, Action<string, string> error,
        Func<string, bool>? nested = null, string nestedIn = "scores")
    {
        // Static helpers rather than local functions: no closure per row.
        var cells = row.Cells as CellMap ?? new CellMap(row.Cells.ToArray());
        var fields = ReadCells(sheet, cells, skip, error, nested, false);
        if (nested is not null) fields.Add(new(nestedIn, new[] { new FieldCells(ReadCells(sheet, cells, skip, error, nested, true)) }));
        return new FieldCells(fields);
    }

    private static List<KeyValuePair<string, object>> ReadCells(
        SheetSchema sheet, CellMap cells, Func<string, bool> skip, Action<string, string> error, Func<string, bool>? nested, bool inNested)
    {
        var read = new List<KeyValuePair<string, object>>(cells.Count);
        for (var i = 0; i < cells.Count; i++)
        {
            var (field, raw) = cells[i];
            if (skip(field) || (nested is not null && nested(field)) != inNested || cells.Later(i, field)) continue;
            // A cell of spaces or invisible characters only (a zero-width space, U+FEFF) is an empty cell.
            var text = TypedText.Trim(raw);
            if (text.Length == 0 || sheet.ColumnOfField(field) is not { } column) continue;
            if (CellValue(column, text, error) is { } value) read.Add(new(field, value));
        }
        return read;
    }

    // As FieldValue holds them: string, DateOnly, decimal, bool, string[].
    private static object? CellValue(Column column, string text, Action<string, string> error)
    {
        switch (column.Kind)
        {
            case CellKind.Date:
                if (DateText.TryParseTyped(text, out var d)) return d;
                error(column.Field, DateText.NoSuchDay(text) ?? "date invalide, attendu AAAA-MM-JJ ou JJ/MM/AAAA");
                return null;
            case CellKind.Bool:
                if (ParseBool(text) is { } b) return b ? FieldValue.True : FieldValue.False;
                error(column.Field, "attendu oui ou non (ou true / false)");
                return null;
            case CellKind.Number:
                // Unreadable, it stays text: the field's reading parses it again and says why, once, by its own rule.
                return AmountText.TryParse(text, out var n, out _) ? n : text;
            case CellKind.List:
                return ListItems(column, text);
            case CellKind.Enum:
                return FrenchLabels.WireNameOf(column.EnumType!, text) ?? text;
            case CellKind.MilestoneType:
                return FrenchLabels.MilestoneTypeOf(text) ?? text;
            default:
                return text;
        }
    }

    // Apart: a lambda capturing the column in CellValue would cost a closure at each of its calls.
    private static string[] ListItems(Column column, string text) =>
        text.Split(PortfolioSchema.ListSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(item => column.EnumType is { } listOf ? FrenchLabels.WireNameOf(listOf, item) ?? item : item).ToArray();

    public static bool? ParseBool(string text) => text.Trim().ToLowerInvariant() switch
    {
        "oui" or "o" or "true" or "vrai" or "yes" or "1" or "x" => true,
        "non" or "n" or "false" or "faux" or "no" or "0" => false,
        _ => null,
    };
}
