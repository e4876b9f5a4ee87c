using System.Globalization;
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
        var json = new JsonObject();
        var skipped = skip.ToHashSet();
        foreach (var (field, raw) in row.Cells)
        {
            var text = raw.Trim();
            if (text.Length == 0 || skipped.Contains(field) || sheet.ColumnOfField(field) is not { } column) continue;
            JsonNode? node = column.Kind switch
            {
                CellKind.Date => ParseDate(text) is { } d ? Iso(d) : Fail(column, "date invalide, attendu AAAA-MM-JJ ou JJ/MM/AAAA"),
                CellKind.Bool => ParseBool(text) is { } b ? b : Fail(column, "attendu oui ou non (ou true / false)"),
                CellKind.Number => ParseNumber(text) is { } n ? n : Fail(column, "nombre invalide"),
                CellKind.List => new JsonArray(text.Split(PortfolioSchema.ListSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(s => (JsonNode)(column.EnumType is { } listOf ? FrenchLabels.WireNameOf(listOf, s) ?? s : s)).ToArray()),
                CellKind.Enum => FrenchLabels.WireNameOf(column.EnumType!, text) ?? text,
                CellKind.MilestoneType => FrenchLabels.MilestoneTypeOf(text) ?? text,
                _ => text,
            };
            if (node is not null) json[field] = node;
        }
        return json;

        JsonNode? Fail(Column column, string message)
        {
            error(column.Field, message);
            return null;
        }
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
