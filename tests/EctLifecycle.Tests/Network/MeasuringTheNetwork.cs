using System.Security.Cryptography;
using System.Text;
using EctLifecycle.Actors;
using EctLifecycle.Network;
using EctLifecycle.Projects;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Network;

/// <summary>Hand-built graphs and portfolios whose network measures were computed by hand.</summary>
public class MeasuringTheNetwork
{
    /// <summary>A directory stand-in: one name is one actor in every project.</summary>
    public sealed class SameNameSameActor : ActorIdentityMap
    {
        public override ActorKey Of(Guid projectId, string name, Guid? actorId = null) =>
            new(new Guid(MD5.HashData(Encoding.UTF8.GetBytes(name.Trim().ToLowerInvariant()))), null, name.Trim());

        public static string Key(string name) => new SameNameSameActor().Of(Guid.Empty, name).ToString();
    }

    [Fact]
    public void a_path_s_middle_lies_on_the_one_path_between_its_ends()
    {
        var g = Graph.Of(["a", "b", "c"], [("a", "b"), ("b", "c")]);
        g.Betweenness().ShouldBe(new Dictionary<string, double> { ["a"] = 0, ["b"] = 1, ["c"] = 0 });
        g.Density.ShouldBe(2.0 / 3, 1e-12);
        g.Components().Count.ShouldBe(1);
    }

    [Fact]
    public void a_square_with_a_pendant_shares_the_two_shortest_paths_between_opposite_corners()
    {
        // a-b-c-d-a and a-e. Pairs: a-c by b or d (½ each), b-d by a or c (½ each), b-e by a, d-e by a,
        // c-e by a then b or d (a 1, b ½, d ½): a = ½ + 1 + 1 + 1, b = ½ + ½, c = ½, d = ½ + ½, e = 0.
        var g = Graph.Of([], [("a", "b"), ("b", "c"), ("c", "d"), ("d", "a"), ("a", "e")]);
        var b = g.Betweenness();
        b["a"].ShouldBe(3.5, 1e-12);
        b["b"].ShouldBe(1, 1e-12);
        b["c"].ShouldBe(0.5, 1e-12);
        b["d"].ShouldBe(1, 1e-12);
        b["e"].ShouldBe(0, 1e-12);
        g.Density.ShouldBe(0.5, 1e-12);
        g.Degree("a").ShouldBe(3);
        Graph.Normalised(b["a"], g.NodeCount).ShouldBe(3.5 / 6, 1e-12);
    }

    [Fact]
    public void isolated_nodes_and_separate_pieces_are_components_of_their_own()
    {
        // Ends in any order, cased or accented names whose ordinal and culture orders differ.
        var g = Graph.Of(["x", "y", "z"], [("a", "b"), ("b", "a"), ("c", "d"), ("Épicerie", "a:Z"), ("a:Z", "Épicerie")]);
        g.EdgeCount.ShouldBe(3);
        var (count, of) = g.Components();
        count.ShouldBe(6);
        of["a"].ShouldBe(of["b"]);
        of["a"].ShouldNotBe(of["c"]);
    }

    /// <summary>
    /// P1 (2019): A (its carrier), B, C, accompanied by the hub. P2 (2020): C, D, and a funder. P3 (2020): D, E, stopped on
    /// 15/01/2021. P4 (2020): F alone. C leaves P2 on 01/03/2021, recorded last.
    /// </summary>
    public static (History P1, History P2, History P3, History P4) Portfolio()
    {
        var p1 = History.Emerging("2019-01-01");
        p1.Actor("2019-02-01", "A", role: ActorRole.Carrier);
        p1.Actor("2019-02-01", "B");
        p1.Actor("2019-02-01", "C", ActorKind.PublicBody);
        p1.Carrier("2019-02-01", "A");
        p1.Add(new AccompanimentStarted(p1.ProjectId, History.D("2019-03-01"), "test", true, null, "Fabrique"));
        var p2 = History.Emerging("2020-01-01");
        p2.Actor("2020-02-01", "C", ActorKind.PublicBody);
        p2.Actor("2020-02-01", "D");
        p2.Funding("2020-03-01", "f1", FundingSourceKind.PublicSubsidy, 5000);
        p2.Note("2020-04-01");
        p2.Note("2020-04-02");
        p2.Note("2020-04-03");
        var p3 = History.Emerging("2020-01-01");
        p3.Actor("2020-02-01", "D");
        p3.Actor("2020-02-01", "E");
        p3.Add(new ProjectStopped(p3.ProjectId, History.D("2021-01-15"), "test", ["lackOfFunding"], null));
        var p4 = History.Emerging("2020-01-01");
        p4.Actor("2020-02-01", "F");
        p2.Left("2021-03-01", "C");
        return (p1, p2, p3, p4);
    }

    private static NetworkAt At(string date, params ProjectTimeline[] timelines) =>
        NetworkAt.Of(History.D(date), timelines.Select(t => t.StateAsOf(History.D(date))).OfType<ProjectState>()
            .Select(s => new ProjectAt(s.Id, s.Name, s)), new SameNameSameActor(), new NetworkSettings());

    private static NetworkNode Node(NetworkAt n, string name) => n.Nodes.Single(x => x.Id == SameNameSameActor.Key(name));

    [Fact]
    public void at_the_end_of_2020_c_and_d_bridge_three_collectives_and_the_hub_sits_in_the_first()
    {
        var (p1, p2, p3, p4) = Portfolio();
        var n = At("2020-12-31", p1.Timeline, p2.Timeline, p3.Timeline, p4.Timeline);

        // Co-membership: P1's clique {A, B, C, hub} (6 links), C-D (P2), D-E (P3); F alone. 7 nodes, 8 links.
        var m = n.Measures;
        (m.Projects, m.Actors, m.ActorsInTwoOrMore, m.CoMemberships).ShouldBe((4, 6, 2, 8));
        m.Density.ShouldBe(8.0 / 21, 1e-12);
        (m.Components, m.LargestComponent).ShouldBe((2, 6));
        // C cuts {A, B, hub} from {D, E}: 3 × 2 pairs; D cuts {A, B, hub, C} from E: 4 pairs.
        Node(n, "C").Betweenness.ShouldBe(6);
        Node(n, "C").NormalisedBetweenness!.Value.ShouldBe(6.0 / 15, 1e-12);
        Node(n, "D").Betweenness.ShouldBe(4);
        Node(n, "A").Betweenness.ShouldBe(0);
        (Node(n, "C").Degree, Node(n, "D").Degree, Node(n, "E").Degree, Node(n, "F").Degree).ShouldBe((4, 2, 1, 0));
        Node(n, "C").Projects.ShouldBe(2);
        m.Hub.ShouldBe(new HubPlace(1, 0.25, 3, 0, 0));
        // The funder is tied to P2 by a tie of its own kind, outside the co-membership.
        Node(n, "financeur").ShouldSatisfyAllConditions(f => f.Funded.ShouldBe(1), f => f.Degree.ShouldBeNull());
        n.Ties.Where(t => t.Actor == SameNameSameActor.Key("A")).Select(t => t.Kind).ShouldBe([TieKinds.Member, TieKinds.Carrier], ignoreOrder: true);
    }

    [Fact]
    public void in_mid_2021_the_stop_and_c_s_departure_split_the_network()
    {
        var (p1, p2, p3, p4) = Portfolio();
        var n = At("2021-06-30", p1.Timeline, p2.Timeline, p3.Timeline, p4.Timeline);

        // P3 stopped, C left P2: {A, B, C, hub} (6 links), {D}, {F}.
        var m = n.Measures;
        (m.Projects, m.Actors, m.ActorsInTwoOrMore, m.CoMemberships).ShouldBe((3, 5, 0, 6));
        m.Density.ShouldBe(6.0 / 15, 1e-12);
        (m.Components, m.LargestComponent).ShouldBe((3, 4));
        Node(n, "C").Betweenness.ShouldBe(0);
        m.Hub.Share.ShouldBe(1.0 / 3, 1e-12);
        n.Nodes.ShouldNotContain(x => x.Label == "E");
    }

    [Fact]
    public void as_known_before_c_s_departure_was_recorded_c_still_bridges_p1_and_p2()
    {
        var (p1, p2, p3, p4) = Portfolio();
        var before = p2.Entries[^1].RecordedAt.AddSeconds(-1);
        var n = At("2021-06-30", p1.Timeline.KnownAt(before), p2.Timeline.KnownAt(before), p3.Timeline.KnownAt(before), p4.Timeline.KnownAt(before));

        // {A, B, C, hub} and C-D: 7 links over 6 nodes; C lies between {A, B, hub} and D.
        var m = n.Measures;
        (m.Projects, m.ActorsInTwoOrMore, m.CoMemberships, m.Components).ShouldBe((3, 1, 7, 2));
        m.Density.ShouldBe(7.0 / 15, 1e-12);
        Node(n, "C").Betweenness.ShouldBe(3);
    }

    [Fact]
    public async Task without_a_directory_every_name_is_its_project_s_own_actor_and_nobody_is_in_two_projects()
    {
        var (p1, p2, p3, p4) = Portfolio();
        var date = History.D("2020-12-31");
        var n = NetworkAt.Of(date, new[] { p1, p2, p3, p4 }.Select(h => h.Timeline.StateAsOf(date)!).Select(s => new ProjectAt(s.Id, s.Name, s)),
            await new NamesOnlyIdentities().ReadAsync(null, default), new NetworkSettings());
        n.Measures.ActorsInTwoOrMore.ShouldBe(0);
        n.Measures.Actors.ShouldBe(8);
    }

    [Fact]
    public void the_hub_is_tied_only_as_the_settings_say()
    {
        var (p1, _, _, _) = Portfolio();
        var date = History.D("2020-12-31");
        var state = p1.Timeline.StateAsOf(date)!;
        var off = NetworkAt.Of(date, [new ProjectAt(state.Id, "P1", state)], new SameNameSameActor(), new NetworkSettings { HubTiedByAccompaniment = false });
        off.Measures.Hub.Projects.ShouldBe(0);
        off.Nodes.ShouldNotContain(x => x.Kind == NodeKinds.Hub);
        ActorNetwork.HubRuleOf(new NetworkSettings()).ShouldContain("accompagne à la date");
    }
}

/// <summary>The durability report's section: which stopped projects' actors went on elsewhere.</summary>
public class ActorsGoingOn
{
    [Fact]
    public async Task an_actor_still_in_another_project_after_the_stop_went_on_and_one_who_left_before_did_not()
    {
        var (p1, p2, p3, p4) = MeasuringTheNetwork.Portfolio();
        var asOf = History.D("2021-06-30");
        var projects = new[] { p1, p2, p3, p4 }.Select(h => EctLifecycle.ScoreHistory.ProjectStints.Of(h.Timeline)!).ToList();
        string Key(History h) => projects.Single(x => x.Id == h.ProjectId).Key;

        // P3 stopped on 15/01/2021 with D and E: D is in P2 until now, E nowhere else.
        var wentOn = EctLifecycle.Durability.ActorsAfterStop.Of(projects, asOf, new MeasuringTheNetwork.SameNameSameActor());
        wentOn.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            w => w.StoppedKey.ShouldBe(Key(p3)),
            w => w.StoppedOn.ShouldBe(History.D("2021-01-15")),
            w => w.Actor.ShouldBe("D"),
            w => w.Elsewhere.ShouldBe([$"{Key(p2)} Projet"]));
        // Before the stop, as of a date, nothing had gone on.
        EctLifecycle.Durability.ActorsAfterStop.Of(projects, History.D("2021-01-14"), new MeasuringTheNetwork.SameNameSameActor()).ShouldBeEmpty();

        // Had D left P2 before the stop, nothing would have gone on.
        p2.Left("2021-01-10", "D");
        var before = new[] { p1, p2, p3, p4 }.Select(h => EctLifecycle.ScoreHistory.ProjectStints.Of(h.Timeline)!).ToList();
        EctLifecycle.Durability.ActorsAfterStop.Of(before, asOf, new MeasuringTheNetwork.SameNameSameActor()).ShouldBeEmpty();
        EctLifecycle.Durability.ActorsAfterStop.Of(projects, asOf, await new EctLifecycle.Actors.NamesOnlyIdentities().ReadAsync(null, default)).ShouldBeEmpty();
    }
}
