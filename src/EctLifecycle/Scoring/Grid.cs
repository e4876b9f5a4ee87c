using System.Text.Json;
using System.Text.Json.Serialization;

namespace EctLifecycle.Scoring;

public enum CriterionSource { Derived, Assessed }

public sealed record Pillar(string Id, string Label);

public sealed record Threshold(double Min, int Points);

/// <summary>
/// One criterion of a grid: 0-3 points, either derived from an indicator (by thresholds on a number,
/// or a map of a category) or assessed by staff.
/// </summary>
public sealed record Criterion(
    string Id, string Pillar, string Label, IReadOnlyDictionary<string, string> Levels, CriterionSource Source,
    string? Indicator = null, IReadOnlyList<Threshold>? Thresholds = null,
    IReadOnlyDictionary<string, int>? Map = null, int? Default = null);

/// <summary>
/// How a score is compared with a grid's threshold (<c>thresholdComparison</c> in the grid file). The study's text
/// allows both readings: « A partir de ce graphique, nous pouvons établir que le seuil définissant le potentiel ECT de
/// chaque initiative se situe à 26. Les 15 projets situés au-dessus ont été présélectionnés pour l'étude qualitative. »
/// (seed <c>000_63fefee6844dd0ec.txt</c>): « au-dessus » may mean 26 or more, or more than 26. The tool's default is
/// <see cref="AtOrAbove"/>, the reading under which the 8 projects at the « nœud » of 26 count among the 15.
/// </summary>
public enum ThresholdComparison { AtOrAbove, Above }

/// <summary>
/// A versioned ECT grid, read from a data file. <c>hubInterimCarryingCounts</c> (issue 18, default false): whether the
/// hub carrying an activity « dans l'attente de l'identification d'un porteur » (seed <c>000_63fefee6844dd0ec.txt</c>)
/// counts as a carrier for the <c>carrierPresent</c> indicator; by default it does not (it is a wait for a carrier). Not
/// written when false (the grid files from before the setting read the same).
/// </summary>
public sealed record Grid(
    string Version, string Title, string Description, int Threshold,
    IReadOnlyList<Pillar> Pillars, IReadOnlyList<Criterion> Criteria,
    ThresholdComparison ThresholdComparison = ThresholdComparison.AtOrAbove,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool HubInterimCarryingCounts = false)
{
    /// <summary>Whether a score gives the ECT potential under this grid: the one place the threshold is compared.</summary>
    public bool Reaches(int score) => ThresholdComparison == ThresholdComparison.Above ? score > Threshold : score >= Threshold;

    /// <summary>The lowest score that reaches the threshold, where charts draw its line.</summary>
    public int FirstReachingScore => ThresholdComparison == ThresholdComparison.Above ? Threshold + 1 : Threshold;

    /// <summary>The four pillars every grid scores, so that grids can be compared.</summary>
    public static readonly IReadOnlyList<string> PillarIds =
        ["collective-ownership", "territorial-anchoring", "hybrid-economic-model", "territorial-resilience"];

    public int MaxScore => Criteria.Count * 3;

    public Criterion? Find(string criterionId) => Criteria.FirstOrDefault(c => c.Id == criterionId);

    internal static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static Grid Parse(string json, string origin)
    {
        Grid? grid;
        try { grid = JsonSerializer.Deserialize<Grid>(json, FileJson); }
        catch (JsonException ex) { throw new InvalidGridException(origin, [ex.Message]); }
        if (grid is null) throw new InvalidGridException(origin, ["empty file"]);
        var problems = grid.Problems().ToList();
        if (problems.Count > 0) throw new InvalidGridException(origin, problems);
        return grid;
    }

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Version)) yield return "version is required";
        if (Pillars is null || !Pillars.Select(p => p.Id).Order().SequenceEqual(PillarIds.Order()))
            yield return $"a grid has exactly the four ECT pillars: {string.Join(", ", PillarIds)}";
        if (Criteria is null || Criteria.Count == 0) { yield return "a grid needs criteria"; yield break; }
        if (Threshold < 0 || Threshold > MaxScore) yield return $"threshold {Threshold} is outside 0..{MaxScore}";
        foreach (var dup in Criteria.GroupBy(c => c.Id).Where(g => g.Count() > 1))
            yield return $"criterion id '{dup.Key}' is used twice";
        foreach (var c in Criteria)
        {
            var where = $"criterion '{c.Id}'";
            if (Pillars?.Any(p => p.Id == c.Pillar) != true) yield return $"{where}: unknown pillar '{c.Pillar}'";
            if (string.IsNullOrWhiteSpace(c.Label)) yield return $"{where}: label is required";
            if (c.Levels is null || !new[] { "0", "1", "2", "3" }.All(c.Levels.ContainsKey))
                yield return $"{where}: levels must describe 0, 1, 2 and 3 points";
            if (c.Source == CriterionSource.Assessed) continue;
            if (c.Thresholds is { Count: > 0 } thresholds)
            {
                if (!Indicators.NumericNames.Contains(c.Indicator)) yield return $"{where}: unknown numeric indicator '{c.Indicator}'";
                if (thresholds.Any(t => t.Points is < 0 or > 3)) yield return $"{where}: threshold points must be 0-3";
                if (!thresholds.Zip(thresholds.Skip(1)).All(p => p.First.Min < p.Second.Min))
                    yield return $"{where}: thresholds must be in increasing order of min";
            }
            else if (c.Map is { Count: > 0 } map)
            {
                if (!Indicators.CategoryNames.Contains(c.Indicator)) yield return $"{where}: unknown categorical indicator '{c.Indicator}'";
                if (map.Values.Append(c.Default ?? 0).Any(p => p is < 0 or > 3)) yield return $"{where}: mapped points must be 0-3";
            }
            else yield return $"{where}: a derived criterion needs thresholds or a map";
        }
        foreach (var p in Pillars ?? [])
            if (Criteria.All(c => c.Pillar != p.Id)) yield return $"pillar '{p.Id}' has no criterion";
    }
}

public sealed class InvalidGridException(string origin, IReadOnlyList<string> problems)
    : Exception($"ECT grid {origin} is invalid: {string.Join("; ", problems)}");
