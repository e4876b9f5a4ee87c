using System.Text.Json;
using EctLifecycle.Actors;
using EctLifecycle.Analytics;
using EctLifecycle.Network;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;

namespace EctLifecycle.Tests.Network;

/// <summary>
/// The network read one timeline at a time, keeping of each project only its live states at the dates, with what was then
/// active, says what the networks made from every project's whole state at each date say: the same nodes, ties,
/// co-memberships and measures, at each 31 December since the first registration and at the date.
/// </summary>
public class ReadingTheNetworkOneProjectAtATime
{
    private static readonly Grid V1 = GridCatalog.LoadFrom(GridCatalog.DefaultFolder).Default;

    private static IReadOnlyList<ProjectTimeline> Timelines(IEnumerable<GeneratedProject> projects) => projects
        .Select(p => new ProjectTimeline(p.Events.Select((e, i) => new TimelineEntry(Guid.NewGuid(), i + 1, DateTimeOffset.UnixEpoch.AddMinutes(i), e))))
        .ToList();

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    // The network as it was computed before the reading kept states: every registered project's whole state asked at each
    // date, the growth at each 31 December since the first registration's year, the « clef » from the states at the date.
    private static async Task<ActorNetwork> FromEveryWholeStateAsync(IReadOnlyList<ProjectTimeline> timelines, PortfolioHistory history,
        ActorIdentityMap map, AnalyticsParameters p, NetworkSettings settings)
    {
        var registered = timelines.Where(t => t.Registration?.Event is ProjectRegistered).ToList();
        string KeyOf(ProjectTimeline t) => ProjectKey.Of((ProjectRegistered)t.Registration!.Event);
        NetworkAt At(DateOnly date) => NetworkAt.Of(date, registered.Select(t => (Key: KeyOf(t), State: t.StateAsOf(date)))
            .Where(x => x.State is not null).Select(x => new ProjectAt(x.State!.Id, x.Key, x.State!)), map, settings);
        var first = registered.Select(t => ((ProjectRegistered)t.Registration!.Event).OccurredOn.Year).DefaultIfEmpty(p.AsOf.Year).Min();
        var yearEnds = Enumerable.Range(first, Math.Max(0, p.AsOf.Year - first + 1)).Select(y => new DateOnly(y, 12, 31))
            .Where(d => d <= p.AsOf).ToDictionary(d => d, At);
        var projects = registered.Select(t => (Key: KeyOf(t), State: t.StateAsOf(p.AsOf))).Where(x => x.State is not null)
            .Select(x => (x.State!.Id, x.Key, x.State.Name, x.State.EmergedOn, StoppedOn: x.State.Stopped?.On)).ToList();
        var periods = await history.OfProjectsAsync(p.Grid, projects.Select(x => x.Id).ToList(), p.AsOf);
        var pillar = p.Grid.Pillars.First(x => x.Id == settings.Pillar).Label;
        return new ActorNetwork(p.AsOf, p.KnownAt, p.Grid.Version, settings, ActorNetwork.HubRuleOf(settings), At(p.AsOf),
            yearEnds.OrderBy(x => x.Key).Select(x => x.Value.Measures).ToList(), Clef.Of(p.AsOf, projects, yearEnds,
            periods.Select(x => PillarPeriod.Of(x, settings.Pillar)).ToList(), pillar, settings));
    }

    public static TheoryData<string, string> Dates => new()
    {
        { "study", "2024-06-30" }, { "study", "2021-12-31" }, { "study", "2001-06-30" },
        { "synthetic", "2023-03-15" }, { "synthetic", "2019-12-31" }, { "synthetic", "2026-01-01" },
    };

    [Theory]
    [MemberData(nameof(Dates))]
    public async Task the_network_its_growth_and_its_clef_are_those_read_from_every_whole_state(string portfolio, string at)
    {
        var timelines = Timelines(portfolio == "study" ? DemoPortfolio.Study() : DemoPortfolio.Synthetic(150, 7));
        var p = new AnalyticsParameters(DateOnly.Parse(at), V1, null);
        var history = PortfolioHistory.Of(timelines);
        var settings = new NetworkSettings { ConnectedActors = 2 };

        var read = await ActorNetwork.OfAsync(timelines, history, new MeasuringTheNetwork.SameNameSameActor(), p, settings);

        var expected = await FromEveryWholeStateAsync(timelines, history, new MeasuringTheNetwork.SameNameSameActor(), p, settings);
        JsonSerializer.Serialize(read, Indented).ShouldBe(JsonSerializer.Serialize(expected, Indented));
        if (p.AsOf.Year < 2010)
        {
            read.Network.Nodes.ShouldBeEmpty("before the first registration");
            return;
        }
        // What the comparison goes through: projects in two collectives, stopped projects left out of the network, and
        // each group of the clef.
        read.Network.Measures.ActorsInTwoOrMore.ShouldBeGreaterThan(0);
        var stopped = timelines.Where(t => t.StateAsOf(p.AsOf)?.Stopped is not null).Select(t => NetworkAt.ProjectNode(t.StateAsOf(p.AsOf)!.Id)).ToList();
        stopped.ShouldNotBeEmpty();
        read.Network.Nodes.ShouldNotContain(n => stopped.Contains(n.Id));
        read.Clef.Projects.Select(x => x.Group).Distinct().Count().ShouldBe(2);
        read.Growth.Count.ShouldBeGreaterThan(1);
    }
}
