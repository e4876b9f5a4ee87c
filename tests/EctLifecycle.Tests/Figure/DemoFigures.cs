using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Projects;

namespace EctLifecycle.Tests.Figure;

/// <summary>The demo's carriers are typed, the hub's own carrying waits for a carrier, and a few projects are born of others.</summary>
public class DemoFigures
{
    private static readonly IReadOnlyList<GeneratedProject> Study = DemoPortfolio.Study();

    [Fact]
    public void every_carrier_is_typed_and_the_hubs_carrying_before_a_handover_waits_for_a_carrier()
    {
        var identified = Study.SelectMany(p => p.Events.OfType<CarrierIdentified>()).ToList();
        identified.ShouldAllBe(c => c.CarrierType != null);
        identified.Where(c => c.CarrierName == DemoNames.Hub).ShouldAllBe(c => c.CarrierType == CarrierType.HubAwaitingCarrier);
        identified.ShouldContain(c => c.CarrierType == CarrierType.HubAwaitingCarrier);
        identified.ShouldContain(c => c.CarrierType == CarrierType.Person);
        identified.ShouldContain(c => c.CarrierType == CarrierType.Structure);
        Study.SelectMany(p => p.Events.OfType<CarryingHandedOver>()).ShouldAllBe(h => h.ToCarrierType != null);
        Study.SelectMany(p => p.Events.OfType<CarrierProfiled>()).ShouldNotBeEmpty();
    }

    [Fact]
    public void a_few_projects_are_born_of_an_earlier_one_or_of_the_hubs_method()
    {
        var keys = Study.ToDictionary(p => p.Key, p => (ProjectRegistered)p.Events[0]);
        var born = Study.SelectMany(p => p.Events.OfType<BornOf>().Select(b => (p.Key, Born: b))).ToList();
        born.Count(b => b.Born.Origin == BirthOrigin.HubMethod).ShouldBe(3);
        born.Count(b => b.Born.SourceProject is not null).ShouldBeGreaterThanOrEqualTo(3);
        foreach (var (key, b) in born.Where(b => b.Born.SourceProject is not null))
        {
            keys.ShouldContainKey(b.SourceProject!);
            b.SourceProject.ShouldNotBe(key);
            keys[b.SourceProject!].OccurredOn.ShouldBeLessThan(b.OccurredOn, "a source emerged before what it gave birth to");
        }
    }
}

/// <summary>The import refuses a project born of itself, naming the row and the column, as the API does.</summary>
public class ImportingOrigins
{
    [Fact]
    public void a_file_row_saying_a_project_is_born_of_itself_is_refused()
    {
        var id = Guid.NewGuid();
        var registered = new ProjectRegistered(id, new DateOnly(2020, 1, 1), "demo", "Atelier", "alimentation", "Lons", "résumé",
            EmergenceContext.LocalProgramme, HubRole.Animator, false, "P001");
        var file = DemoPortfolio.ToFile([new GeneratedProject("P001", [registered,
            new BornOf(id, new DateOnly(2020, 2, 1), "demo", BirthOrigin.SpinOff, "p001")])]);

        var plan = EctLifecycle.Portfolio.ImportPlanner.Plan(file, new Dictionary<string, EctLifecycle.Portfolio.ExistingProject>(),
            EctLifecycle.Scoring.GridCatalog.LoadFrom(EctLifecycle.Scoring.GridCatalog.DefaultFolder), new DateOnly(2026, 1, 1), "import");
        plan.Errors.ShouldHaveSingleItem().Message.ShouldContain("né de lui-même");
        plan.Projects.ShouldBeEmpty();
    }
}
