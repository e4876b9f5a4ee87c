using System.Text.Json;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.ScoreHistory;
using static EctLifecycle.Tests.Support.History;

namespace EctLifecycle.Tests.Figure;

/// <summary>
/// Whether the hub carrying an activity « dans l'attente de l'identification d'un porteur » counts as the entrepreneurial
/// figure is the grid file's <c>hubInterimCarryingCounts</c>: not by default, and by the grid's word only.
/// </summary>
public class HubInterimCarrying
{
    private static readonly Grid Default = GridCatalog.LoadFrom(GridCatalog.DefaultFolder).Default;
    private static readonly Grid Counting = Default with { HubInterimCarryingCounts = true };

    private static int Figure(Grid grid, ProjectState state) =>
        Scorer.Score(grid, state).Criteria.Single(c => c.Id == "entrepreneurial-figure").Points;

    private static ProjectState Carried(CarrierType? type)
    {
        var h = Emerging("2020-01-01");
        h.Add(new CarrierIdentified(h.ProjectId, D("2020-02-01"), "test", "Clus'Ter Jura", null, CarrierType: type));
        return h.Timeline.StateAsOf(D("2020-03-01"))!;
    }

    [Fact]
    public void the_default_grid_does_not_count_the_hubs_interim_carrying_and_says_so_in_its_file()
    {
        Default.HubInterimCarryingCounts.ShouldBeFalse();
        File.ReadAllText(Path.Combine(GridCatalog.DefaultFolder, "v1.json")).ShouldContain("\"hubInterimCarryingCounts\": false");

        Figure(Default, Carried(CarrierType.HubAwaitingCarrier)).ShouldBe(0);
        Figure(Default, Carried(CarrierType.Person)).ShouldBe(3);
        Figure(Default, Carried(CarrierType.Structure)).ShouldBe(3);
        // A carrier whose type is not said (every carrier logged before types) counts, as it always did.
        Figure(Default, Carried(null)).ShouldBe(3);
    }

    [Fact]
    public void a_grid_that_says_so_counts_it_and_the_score_differs_by_the_criterions_points()
    {
        var state = Carried(CarrierType.HubAwaitingCarrier);
        Figure(Counting, state).ShouldBe(3);
        Scorer.Score(Counting, state).Score.ShouldBe(Scorer.Score(Default, state).Score + 3);
        // Everything else scores alike under both.
        Scorer.Score(Counting, Carried(CarrierType.Person)).Score.ShouldBe(Scorer.Score(Default, Carried(CarrierType.Person)).Score);
    }

    [Fact]
    public void a_handover_from_the_hub_to_a_carrier_gives_the_points_from_its_date()
    {
        var h = Emerging("2020-01-01");
        h.Add(new CarrierIdentified(h.ProjectId, D("2020-02-01"), "test", "Clus'Ter Jura", null, CarrierType: CarrierType.HubAwaitingCarrier));
        h.Add(new CarryingHandedOver(h.ProjectId, D("2021-02-01"), "test", "Clus'Ter Jura", "Léa Morel", true, true, ToCarrierType: CarrierType.Person));

        Figure(Default, h.Timeline.StateAsOf(D("2021-01-31"))!).ShouldBe(0);
        Figure(Default, h.Timeline.StateAsOf(D("2021-02-01"))!).ShouldBe(3);
    }

    [Fact]
    public void the_setting_is_read_from_the_grid_file_and_a_grid_that_leaves_it_out_keeps_its_fingerprint()
    {
        var json = File.ReadAllText(Path.Combine(GridCatalog.DefaultFolder, "v1.json"));
        var counting = Grid.Parse(json.Replace("\"hubInterimCarryingCounts\": false", "\"hubInterimCarryingCounts\": true"), "test");
        counting.HubInterimCarryingCounts.ShouldBeTrue();
        Figure(counting, Carried(CarrierType.HubAwaitingCarrier)).ShouldBe(3);

        var without = Grid.Parse(json.Replace("\"hubInterimCarryingCounts\": false,", ""), "test");
        without.HubInterimCarryingCounts.ShouldBeFalse();
        // A file without the key scores as one with false: the same fingerprint, so its stored periods are not stale; the
        // grid written back (the API's grids) leaves false out.
        JsonSerializer.Serialize(without).ShouldNotContain("hubInterim", Case.Insensitive);
        ScorePeriods.Fingerprint(without).ShouldBe(ScorePeriods.Fingerprint(Default));
        ScorePeriods.Fingerprint(counting).ShouldNotBe(ScorePeriods.Fingerprint(Default));
    }
}
