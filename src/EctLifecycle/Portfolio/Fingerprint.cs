using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EctLifecycle.Projects;

namespace EctLifecycle.Portfolio;

/// <summary>
/// What a milestone says, independent of who logged it, where it came from, of the project's id and of the actors' and
/// carriers' natural-person flags: two rows with the same fingerprint are the same fact, so an import appends a row only once.
/// </summary>
public static class Fingerprint
{
    private static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web);

    static Fingerprint() => Json.Configure(EventJson);

    /// <summary>A stop logged before the fixed list of reasons matches its export, which normalizes it.</summary>
    public static string Of(IProjectEvent e)
    {
        if (e is ProjectStopped s) e = s.Normalized();
        var node = JsonSerializer.SerializeToNode(e, e.GetType(), EventJson)!.AsObject();
        node.Remove("projectId");
        node.Remove("loggedBy");
        node.Remove("source");
        node.Remove("key");
        // Whether an actor or a carrier is a natural person is said about the name, not what happened: the same fact
        // imported again with the flag said otherwise is the same fact (a mark, naturalPersonMarked, says it again).
        if (e is not NaturalPersonMarked) { node.Remove("naturalPerson"); node.Remove("toNaturalPerson"); }
        var text = new StringBuilder(MilestoneKinds.TypeOf(e)).Append('|');
        Write(node, text);
        return text.ToString();
    }

    /// <summary>One criterion's score in an assessment: assessments are matched score by score.</summary>
    public static string Of(CriteriaAssessed a, CriterionScore s) =>
        $"score|{a.OccurredOn:yyyy-MM-dd}|{a.GridVersion}|{s.CriterionId}|{s.Points}|{s.Rationale}";

    private static void Write(JsonNode? node, StringBuilder text)
    {
        switch (node)
        {
            case null: text.Append("null"); break;
            case JsonObject o:
                text.Append('{');
                foreach (var (k, v) in o.OrderBy(p => p.Key, StringComparer.Ordinal)) { text.Append(k).Append(':'); Write(v, text); text.Append(','); }
                text.Append('}');
                break;
            case JsonArray a:
                text.Append('[');
                foreach (var v in a) { Write(v, text); text.Append(','); }
                text.Append(']');
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                // 15000 and 15000.00 are the same amount.
                text.Append(decimal.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture).ToString("G29", CultureInfo.InvariantCulture));
                break;
            default: text.Append(node.ToJsonString()); break;
        }
    }
}
