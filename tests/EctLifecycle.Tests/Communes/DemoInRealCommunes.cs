using EctLifecycle.Communes;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Projects;

namespace EctLifecycle.Tests.Communes;

/// <summary>
/// The demo's projects are placed in real communes of the shipped official code: each fictional commune stands for the
/// commune it names, its main town and neighbours in the agglomeration's EPCI, the others outside it; and, as the study
/// observes, most projects emerge in the agglomeration.
/// </summary>
public class DemoInRealCommunes
{
    private const string Agglomeration = "200071116";

    [Fact]
    public void every_fictional_commune_stands_for_a_real_one_of_the_jura()
    {
        var catalog = CommuneCatalog.Shipped;
        DemoCommunes.Real.Keys.ShouldBe(DemoNames.Communes, ignoreOrder: true);
        foreach (var (fictional, (code, name)) in DemoCommunes.Real)
        {
            var commune = catalog.Find(code).ShouldNotBeNull(fictional);
            commune.Name.ShouldBe(name, fictional);
            commune.Departement.ShouldBe("39", fictional);
        }
        DemoCommunes.Real.Values.Count(x => catalog.Find(x.Code)!.EpciCode == Agglomeration).ShouldBe(10);
    }

    [Fact]
    public void the_study_portfolio_is_placed_and_emerges_mostly_in_the_agglomeration()
    {
        var catalog = CommuneCatalog.Shipped;
        var placements = DemoPortfolio.Study().Select(p => (Registration: (ProjectRegistered)p.Events[0], Placed: p.Events.OfType<CommunePlaced>().ToList())).ToList();
        placements.ShouldAllBe(x => x.Placed.Count == 1);
        placements.ShouldAllBe(x => x.Placed[0].OccurredOn == x.Registration.OccurredOn && x.Placed[0].FromText == x.Registration.Commune);
        var inAgglomeration = placements.Count(x => catalog.Find(x.Placed[0].CommuneCode)!.EpciCode == Agglomeration);
        inAgglomeration.ShouldBeGreaterThan(placements.Count / 2);
        inAgglomeration.ShouldBeLessThan(placements.Count);
    }
}
