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
        ToRow(PortfolioSchema.Projects, r, new() { ["key"] = key });

    /// <summary>A stop logged before the fixed list of reasons is written as it would be logged today, so it imports.</summary>
    public static PortfolioRow MilestoneRow(string key, IProjectEvent e) =>
        ToRow(PortfolioSchema.Milestones, e is ProjectStopped s ? s.Normalized() : e,
            new() { ["projectKey"] = key, ["type"] = MilestoneKinds.TypeOf(e) });

    public static IEnumerable<PortfolioRow> AssessmentRows(string key, CriteriaAssessed a) =>
        a.Scores.Select(s => new PortfolioRow(0, Without(new Dictionary<string, string>
        {
            ["projectKey"] = key, ["occurredOn"] = Iso(a.OccurredOn), ["gridVersion"] = a.GridVersion,
            ["criterionId"] = s.CriterionId, ["points"] = s.Points.ToString(CultureInfo.InvariantCulture),
            ["rationale"] = s.Rationale ?? "", ["loggedBy"] = a.LoggedBy,
        })));

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
                CellKind.Number => value.ToJsonString(),
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

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;
    private static readonly JsonWriterOptions RowWriting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>
    /// The same JSON as <see cref="ToJson"/>, written straight from the cells: the import reads hundreds of thousands of
    /// rows, and building a node tree per row then serialising it again was most of its planning time. Cells for which
    /// <paramref name="nested"/> is true are written in a one-item array <paramref name="nestedIn"/> (an assessment's
    /// row is one score). A field given twice keeps its last cell, as a JSON object would.
    /// </summary>
    public static JsonElement ToElement(SheetSchema sheet, PortfolioRow row, Func<string, bool> skip, Action<string, string> error,
        Func<string, bool>? nested = null, string nestedIn = "scores")
    {
        var reader = new Utf8JsonReader(Write(sheet, row, skip, error, nested, nestedIn).Span);
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>
    /// The same JSON, parsed in place in this thread's buffer, for a row read at once (the import's): no copy of the
    /// row's bytes and pooled parse data. Valid until disposed, and only while this thread reads no other row.
    /// </summary>
    public static JsonDocument ReadInPlace(SheetSchema sheet, PortfolioRow row, Func<string, bool> skip, Action<string, string> error,
        Func<string, bool>? nested = null, string nestedIn = "scores") =>
        JsonDocument.Parse(Write(sheet, row, skip, error, nested, nestedIn));

    private static ReadOnlyMemory<byte> Write(SheetSchema sheet, PortfolioRow row, Func<string, bool> skip, Action<string, string> error,
        Func<string, bool>? nested, string nestedIn)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, RowWriting);
        writer.Reset(buffer);
        var cells = row.Cells as CellMap ?? new CellMap(row.Cells.ToArray());
        writer.WriteStartObject();
        WriteCells(false);
        if (nested is not null && cells.Any(c => nested(c.Key)))
        {
            writer.WriteStartArray(nestedIn);
            writer.WriteStartObject();
            WriteCells(true);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenMemory;

        void WriteCells(bool inNested)
        {
            for (var i = 0; i < cells.Count; i++)
            {
                var (field, raw) = cells[i];
                if (skip(field) || (nested is not null && nested(field)) != inNested || cells.Later(i, field)) continue;
                var text = raw.Trim();
                if (text.Length == 0 || sheet.ColumnOfField(field) is not { } column) continue;
                switch (column.Kind)
                {
                    case CellKind.Date:
                        if (ParseDate(text) is { } d) WriteDate(writer, field, d);
                        else error(field, "date invalide, attendu AAAA-MM-JJ ou JJ/MM/AAAA");
                        break;
                    case CellKind.Bool:
                        if (ParseBool(text) is { } b) writer.WriteBoolean(field, b);
                        else error(field, "attendu oui ou non (ou true / false)");
                        break;
                    case CellKind.Number:
                        if (ParseNumber(text) is { } n) writer.WriteNumber(field, n);
                        else error(field, "nombre invalide");
                        break;
                    case CellKind.List:
                        writer.WriteStartArray(field);
                        foreach (var item in text.Split(PortfolioSchema.ListSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                            writer.WriteStringValue(column.EnumType is { } listOf ? FrenchLabels.WireNameOf(listOf, item) ?? item : item);
                        writer.WriteEndArray();
                        break;
                    case CellKind.Enum:
                        writer.WriteString(field, FrenchLabels.WireNameOf(column.EnumType!, text) ?? text);
                        break;
                    case CellKind.MilestoneType:
                        writer.WriteString(field, FrenchLabels.MilestoneTypeOf(text) ?? text);
                        break;
                    default:
                        writer.WriteString(field, text);
                        break;
                }
            }
        }
    }

    private static void WriteDate(Utf8JsonWriter writer, string field, DateOnly d)
    {
        Span<char> iso = stackalloc char[10];
        d.TryFormat(iso, out _, "O", CultureInfo.InvariantCulture);
        writer.WriteString(field, iso);
    }

    public static DateOnly? ParseDate(string text)
    {
        // Spreadsheet cells read as dates may carry a midnight time.
        var datePart = text.AsSpan();
        if (datePart.IndexOfAny(' ', 'T') is var cut and >= 0) datePart = datePart[..cut];
        return DateText.TryParseIso(datePart, out var d) || DateText.TryParseDayFirst(datePart, out d) ? d : null;
    }

    public static bool? ParseBool(string text) => text.Trim().ToLowerInvariant() switch
    {
        "oui" or "o" or "true" or "vrai" or "yes" or "1" or "x" => true,
        "non" or "n" or "false" or "faux" or "no" or "0" => false,
        _ => null,
    };

    public static decimal? ParseNumber(string text)
    {
        var t = text.Replace('\u00a0', ' ').Replace(" ", "").Replace("€", "");
        return decimal.TryParse(t, NumberStyles.Number, CultureInfo.InvariantCulture, out var n)
            || decimal.TryParse(t, NumberStyles.Number, CultureInfo.GetCultureInfo("fr-FR"), out n) ? n : null;
    }
}
