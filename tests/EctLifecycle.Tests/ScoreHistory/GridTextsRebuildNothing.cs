using EctLifecycle.ScoreHistory;
using EctLifecycle.Scoring;

namespace EctLifecycle.Tests.ScoreHistory;

/// <summary>
/// A grid's fingerprint, which makes its stored periods stale when it changes, reads what the grid scores with, not the
/// texts people read: correcting a description or a label rebuilds nothing, changing a threshold or a level's points does.
/// </summary>
public class GridTextsRebuildNothing
{
    private static readonly string V1 = File.ReadAllText(Path.Combine(GridCatalog.DefaultFolder, "v1.json"));
    private static readonly Grid Shipped = Grid.Parse(V1, "v1.json");

    [Fact]
    public void the_title_description_labels_and_level_texts_leave_the_fingerprint_as_it_is()
    {
        var criterion = Shipped.Criteria[0];
        var retold = Shipped with
        {
            Title = "Une autre façon de le dire",
            Description = "Texte corrigé, sans un mot de l'API.",
            Pillars = [.. Shipped.Pillars.Select(p => p with { Label = p.Label + " (relu)" })],
            Criteria = [.. Shipped.Criteria.Select(c => c == criterion
                ? c with { Label = "Libellé corrigé", Levels = c.Levels.ToDictionary(l => l.Key, l => l.Value + " (précisé)") }
                : c)],
        };

        ScorePeriods.Fingerprint(retold).ShouldBe(ScorePeriods.Fingerprint(Shipped));
    }

    [Fact]
    public void what_the_grid_scores_with_changes_the_fingerprint()
    {
        var fingerprint = ScorePeriods.Fingerprint(Shipped);
        ScorePeriods.Fingerprint(Shipped with { Threshold = 25 }).ShouldNotBe(fingerprint);
        ScorePeriods.Fingerprint(Shipped with { ThresholdComparison = ThresholdComparison.Above }).ShouldNotBe(fingerprint);
        var derived = Shipped.Criteria.First(c => c.Thresholds is { Count: > 0 });
        var moved = Shipped with
        {
            Criteria = [.. Shipped.Criteria.Select(c => c == derived ? c with { Thresholds = [.. c.Thresholds!.Select(t => t with { Min = t.Min + 1 })] } : c)],
        };
        ScorePeriods.Fingerprint(moved).ShouldNotBe(fingerprint);
        var assessed = Shipped.Criteria.First(c => c.Source == CriterionSource.Assessed);
        var elsewhere = Shipped with
        {
            Criteria = [.. Shipped.Criteria.Select(c => c == assessed ? c with { Pillar = Shipped.Pillars.First(p => p.Id != c.Pillar).Id } : c)],
        };
        ScorePeriods.Fingerprint(elsewhere).ShouldNotBe(fingerprint);
    }

    [Fact]
    public void the_shipped_grids_describe_themselves_without_the_files_words()
    {
        foreach (var file in Directory.EnumerateFiles(GridCatalog.DefaultFolder, "*.json"))
        {
            var grid = Grid.Parse(File.ReadAllText(file), Path.GetFileName(file));
            foreach (var word in new[] { "thresholdComparison", "atOrAbove", "hubInterimCarryingCounts", "\"above\"", "« above »" })
                grid.Description.ShouldNotContain(word, Case.Insensitive, $"{Path.GetFileName(file)}: the page /grilles shows the description");
        }
    }
}
