using System.Text.Json.Nodes;
using EctLifecycle.ScoreHistory;
using EctLifecycle.Scoring;

namespace EctLifecycle.Tests.ScoreHistory;

/// <summary>
/// A grid's fingerprint, which says when its stored periods are stale, follows what the periods are computed from and
/// nothing else: an edit of the file's words keeps it, a change of any rule changes it.
/// </summary>
public class AGridsWordsAndItsFingerprint
{
    private static readonly string V1 = File.ReadAllText(Path.Combine(GridCatalog.DefaultFolder, "v1.json"));

    private static string FingerprintAfter(Action<JsonObject> edit)
    {
        var file = JsonNode.Parse(V1)!.AsObject();
        edit(file);
        return ScorePeriods.Fingerprint(Grid.Parse(file.ToJsonString(), "v1.json"));
    }

    private static JsonObject Criterion(JsonObject file, string id) =>
        file["criteria"]!.AsArray().Select(c => c!.AsObject()).Single(c => c["id"]!.GetValue<string>() == id);

    [Fact]
    public void editing_the_words_of_a_grid_file_keeps_its_fingerprint()
    {
        var shipped = FingerprintAfter(_ => { });
        FingerprintAfter(f => f["title"] = "Grille ECT (v1), libellés revus").ShouldBe(shipped);
        FingerprintAfter(f => f["description"] = "Treize critères, de 0 à 3 points chacun.").ShouldBe(shipped);
        FingerprintAfter(f => f["pillars"]![0]!["label"] = "Portage collectif du projet").ShouldBe(shipped);
        FingerprintAfter(f => Criterion(f, "cooperation-alive")["label"] = "Coopération encore vivante").ShouldBe(shipped);
        FingerprintAfter(f => Criterion(f, "local-actors")["levels"]!["2"] = "La moitié des acteurs au moins sont du territoire").ShouldBe(shipped);
        // The map's order in the file is not a rule either.
        FingerprintAfter(f =>
        {
            var map = Criterion(f, "shared-governance")["map"]!.AsObject();
            var reversed = map.Reverse().Select(x => (x.Key, Value: x.Value!.GetValue<int>())).ToList();
            map.Clear();
            foreach (var (key, value) in reversed) map[key] = value;
        }).ShouldBe(shipped);
    }

    [Fact]
    public void changing_any_rule_of_a_grid_file_changes_its_fingerprint()
    {
        var shipped = FingerprintAfter(_ => { });
        var changes = new Dictionary<string, Action<JsonObject>>
        {
            ["version"] = f => f["version"] = "v1b",
            ["threshold"] = f => f["threshold"] = 25,
            ["thresholdComparison"] = f => f["thresholdComparison"] = "above",
            ["hubInterimCarryingCounts"] = f => f["hubInterimCarryingCounts"] = true,
            ["a criterion's pillar"] = f => Criterion(f, "territorial-need")["pillar"] = "territorial-resilience",
            ["a criterion's source"] = f => Criterion(f, "cooperation-alive").Merge(("source", "derived"), ("indicator", "actorRetention"),
                ("thresholds", JsonNode.Parse("""[{"min": 0, "points": 0}, {"min": 0.5, "points": 1}, {"min": 0.7, "points": 2}, {"min": 0.85, "points": 3}]""")!)),
            ["a threshold's minimum"] = f => Criterion(f, "local-actors")["thresholds"]![1]!["min"] = 0.3,
            ["a threshold's points"] = f => Criterion(f, "entrepreneurial-figure")["thresholds"]![1]!["points"] = 2,
            ["a map's points"] = f => Criterion(f, "shared-governance")["map"]!["sas"] = 2,
            ["a map's default"] = f => Criterion(f, "shared-governance")["default"] = 1,
            ["the criteria's order"] = f =>
            {
                var criteria = f["criteria"]!.AsArray();
                var first = criteria[0]!;
                criteria.RemoveAt(0);
                criteria.Add(first);
            },
            ["a criterion less"] = f => f["criteria"]!.AsArray().RemoveAt(12),
        };
        foreach (var (what, change) in changes) FingerprintAfter(change).ShouldNotBe(shipped, what);
    }

    [Fact]
    public void every_property_of_a_grid_is_either_a_rule_the_fingerprint_follows_or_a_word_it_leaves_out()
    {
        // A property added to a grid, a pillar or a criterion fails here until it is placed in one of the two lists.
        var scored = ScorePeriods.ScoredContent.Scored.ToHashSet();
        var words = ScorePeriods.ScoredContent.Words.ToHashSet();
        scored.Overlaps(words).ShouldBeFalse();
        var declared = new[] { typeof(Grid), typeof(Pillar), typeof(Criterion) }
            .SelectMany(t => t.GetProperties().Where(p => p.GetMethod is { IsStatic: false } && p.SetMethod is not null && p.GetIndexParameters().Length == 0)
                .Select(p => $"{t.Name}.{p.Name}"))
            .ToList();
        declared.Count.ShouldBeGreaterThan(14);
        scored.Union(words).Order().ShouldBe(declared.Order(), "every property of the grid files, scored or a word, and nothing else");
        declared.Where(p => !scored.Contains(p) && !words.Contains(p))
            .ShouldBeEmpty("a property of the grid files neither scored nor a word");
    }
}

internal static class JsonObjectEdits
{
    public static void Merge(this JsonObject o, params (string Key, JsonNode Value)[] values)
    {
        foreach (var (key, value) in values) o[key] = value;
    }
}
