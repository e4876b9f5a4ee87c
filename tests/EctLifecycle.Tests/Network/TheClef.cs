using EctLifecycle.Network;
using EctLifecycle.Projects;
using EctLifecycle.ScoreHistory;
using EctLifecycle.Tests.Support;
using static EctLifecycle.Tests.Network.MeasuringTheNetwork;

namespace EctLifecycle.Tests.Network;

/// <summary>The study's « clef » on a small portfolio whose pillar periods and collectives are hand-built.</summary>
public class TheClef
{
    private const string Pillar = "collective-ownership";

    private static ScorePeriod Period(Guid project, string from, string? to, double pillar) => new()
    {
        ProjectId = project, Grid = "v1", From = History.D(from), To = to is null ? null : History.D(to),
        Pillars = new Dictionary<string, double> { [Pillar] = pillar },
    };

    /// <summary>
    /// Four projects emerged on 01/03/2019 (reference date 31/12/2020). P1 {X, Y} and P2 {X, Z} share X: connected.
    /// P3 {U, V}, P4 {W, T}: not connected. The pillar: P1 2.5 throughout; P2 2.0 then 1.0 from 31/12/2022; P3 2.0 then
    /// 1.0 from 31/12/2021; P4 1.0 throughout (not held at the reference date).
    /// </summary>
    private static Clef Compare(NetworkSettings settings)
    {
        History Project(params string[] actors)
        {
            var h = History.Emerging("2019-03-01");
            foreach (var a in actors) h.Actor("2019-04-01", a);
            return h;
        }
        var (p1, p2, p3, p4) = (Project("X", "Y"), Project("X", "Z"), Project("U", "V"), Project("W", "T"));
        var all = new[] { p1, p2, p3, p4 };
        var reference = History.D("2020-12-31");
        var network = NetworkAt.Of(reference, all.Select(h => h.Timeline.StateAsOf(reference)!).Select(s => new ProjectAt(s.Id, s.Name, s)),
            new SameNameSameActor(), settings);
        var periods = new[]
        {
            Period(p1.ProjectId, "2019-03-01", null, 2.5),
            Period(p2.ProjectId, "2019-03-01", "2022-12-31", 2.0), Period(p2.ProjectId, "2022-12-31", null, 1.0),
            Period(p3.ProjectId, "2019-03-01", "2021-12-31", 2.0), Period(p3.ProjectId, "2021-12-31", null, 1.0),
            Period(p4.ProjectId, "2019-03-01", null, 1.0),
        };
        var projects = all.Select((h, i) => (h.ProjectId, $"P{i + 1}", $"Projet {i + 1}", History.D("2019-03-01"), (DateOnly?)null)).ToList();
        return Clef.Of(History.D("2023-12-31"), projects, new Dictionary<DateOnly, NetworkAt> { [reference] = network },
            periods.Select(x => PillarPeriod.Of(x, settings.Pillar)).ToList(), "Portage collectif", settings);
    }

    [Fact]
    public void connected_collectives_are_compared_with_the_others_on_the_time_they_keep_the_pillar()
    {
        var clef = Compare(new NetworkSettings { MinGroup = 1 });

        clef.Question.ShouldContain("Renforcer l'écosystème coopératif territorial représente-il une « clef »");
        clef.NotHeldAtReference.ShouldBe(1);
        clef.Projects.Select(p => (p.Key, p.ActorsElsewhere, p.Group, p.Fell)).ShouldBe(
        [
            ("P1", 1, Clef.Connected, false), ("P2", 1, Clef.Connected, true), ("P3", 0, Clef.NotConnected, true),
        ]);
        var p2 = clef.Projects.Single(p => p.Key == "P2");
        p2.FellOn.ShouldBe(History.D("2022-12-31"));
        p2.Years.ShouldBe(730 / 365.25, 1e-9);
        clef.Projects.Single(p => p.Key == "P1").Years.ShouldBe(1095 / 365.25, 1e-9);

        // Connected: P2 falls at ~2 years with 2 at risk (S = ½), P1 is censored at ~3: the median is P2's time.
        var connected = clef.Groups.Single(g => g.Group == Clef.Connected);
        (connected.Projects, connected.Fell).ShouldBe((2, 1));
        connected.MedianYears!.Value.ShouldBe(730 / 365.25, 1e-9);
        var others = clef.Groups.Single(g => g.Group == Clef.NotConnected);
        (others.Projects, others.Fell).ShouldBe((1, 1));
        others.MedianYears!.Value.ShouldBe(365 / 365.25, 1e-9);
        clef.TooSmall.ShouldBeFalse();
        clef.Conclusion.ShouldContain("2 projets au collectif connecté, 1 non connecté");
    }

    [Fact]
    public void groups_under_the_minimum_are_too_small_to_conclude_and_it_says_so()
    {
        var clef = Compare(new NetworkSettings());
        clef.TooSmall.ShouldBeTrue();
        clef.Conclusion.ShouldStartWith("Trop peu de projets pour conclure");
        clef.Method.ShouldContain("Network:PillarFloor");
    }
}
