using EctLifecycle.Actors;
using EctLifecycle.Projects;

namespace EctLifecycle.Network;

/// <summary>A project as it stood at a date, with its key.</summary>
public sealed record ProjectAt(Guid Id, string Key, ProjectState State);

/// <summary>How an actor is tied to a project at a date.</summary>
public static class TieKinds
{
    public const string Member = "member", Carrier = "carrier", Funder = "funder", Hub = "hub";
}

public static class NodeKinds
{
    public const string Project = "project", Actor = "actor", Hub = "hub";
}

/// <summary>
/// A node: a project, an actor, or the hub. <c>Projects</c> counts the projects whose collective it is in (member or
/// carrier; the hub: the projects it is tied to); <c>Degree</c>, <c>Betweenness</c> and <c>Component</c> are read in the
/// actor-actor network of co-membership (null for a project, and for an actor that only funds).
/// </summary>
public sealed record NetworkNode(
    string Id, string Kind, string Label, string? ActorKind, int Projects, int Funded,
    int? Degree, double? Betweenness, double? NormalisedBetweenness, int? Component);

/// <summary>A tie of the actor-project network: an actor (or the hub) and a project, of a kind (<see cref="TieKinds"/>).</summary>
public sealed record NetworkTie(string Actor, string Project, string Kind);

/// <summary>Two actors in the collective of one project or more at the date.</summary>
public sealed record CoMembership(string A, string B, int SharedProjects);

/// <summary>The hub's place: the projects it is tied to, their share of the projects live at the date, its degree and betweenness.</summary>
public sealed record HubPlace(int Projects, double Share, int Degree, double Betweenness, double NormalisedBetweenness);

/// <summary>The measures of the network at a date, read in the actor-actor network of co-membership (the hub included when tied).</summary>
public sealed record NetworkMeasures(
    DateOnly Date, int Projects, int Actors, int ActorsInTwoOrMore, int CoMemberships, double Density,
    int Components, int LargestComponent, HubPlace Hub);

/// <summary>
/// The network at a business date: the live projects (registered, not stopped), the actors active in each one's collective
/// and its carrier, its active funders (a tie of their own kind, outside the co-membership), and the hub, tied as
/// <see cref="NetworkSettings"/> says. Who an actor is across projects is <see cref="IActorIdentities"/>' answer.
/// </summary>
public sealed record NetworkAt(NetworkMeasures Measures, IReadOnlyList<NetworkNode> Nodes, IReadOnlyList<NetworkTie> Ties, IReadOnlyList<CoMembership> CoMemberships)
{
    public const string HubId = "hub", HubLabel = "Le pôle";

    public static string ProjectNode(Guid id) => $"project:{id:N}";

    /// <summary><paramref name="betweenness"/> false: no betweenness (null for every node, 0 for the hub), which costs a search from every node.</summary>
    public static NetworkAt Of(DateOnly date, IEnumerable<ProjectAt> projects, ActorIdentityMap identities, NetworkSettings settings, bool betweenness = true,
        CancellationToken ct = default)
    {
        var live = projects.Where(p => p.State.Stopped is null).ToList();
        var ties = new List<NetworkTie>();
        var seen = new HashSet<NetworkTie>();
        var actors = new Dictionary<string, (string Label, string? Kind)>();
        var collectives = new List<HashSet<string>>();
        foreach (var p in live)
        {
            var project = ProjectNode(p.Id);
            var collective = new HashSet<string>();
            void Tie(string actor, string kind)
            {
                if (seen.Add(new NetworkTie(actor, project, kind))) ties.Add(new NetworkTie(actor, project, kind));
                if (kind != TieKinds.Funder) collective.Add(actor);
            }
            string Actor(string name, string? kind, Guid? actorId)
            {
                var key = identities.Of(p.Id, name, actorId).ToString();
                if (!actors.ContainsKey(key)) actors[key] = (name.Trim(), kind);
                return key;
            }
            foreach (var m in p.State.ActiveActors)
            {
                if (settings.HubTiedByMembership && m.Kind == ActorKind.Hub) Tie(HubId, TieKinds.Hub);
                else Tie(Actor(m.ActorName, m.Kind.Wire(), m.ActorId), TieKinds.Member);
            }
            if (p.State.Carrier is { } carrier) Tie(Actor(carrier.Name, null, carrier.ActorId), TieKinds.Carrier);
            if (settings.HubTiedByAccompaniment && p.State.Accompaniments.Any(a => a.Active && a.ByHub)) Tie(HubId, TieKinds.Hub);
            foreach (var f in p.State.Fundings.Where(f => f.Active)) Tie(Actor(f.Funder, null, null), TieKinds.Funder);
            collectives.Add(collective);
        }

        var inCollectives = collectives.SelectMany(c => c).ToHashSet();
        var pairs = new Dictionary<(string, string), int>();
        foreach (var c in collectives)
        {
            var members = c.OrderBy(x => x, StringComparer.Ordinal).ToList();
            for (var i = 0; i < members.Count; i++)
                for (var j = i + 1; j < members.Count; j++)
                    pairs[(members[i], members[j])] = pairs.GetValueOrDefault((members[i], members[j])) + 1;
        }
        var graph = Graph.Of(inCollectives, pairs.Keys);
        var between = betweenness ? graph.Betweenness(ct) : null;
        var (count, component) = graph.Components();
        var projectsOf = collectives.SelectMany(c => c).GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        var fundedBy = ties.Where(t => t.Kind == TieKinds.Funder).GroupBy(t => t.Actor).ToDictionary(g => g.Key, g => g.Count());

        NetworkNode Node(string id, string kind, string label, string? actorKind) => inCollectives.Contains(id)
            ? new(id, kind, label, actorKind, projectsOf[id], fundedBy.GetValueOrDefault(id), graph.Degree(id), between?[id],
                between is null ? null : Graph.Normalised(between[id], graph.NodeCount), component[id])
            : new(id, kind, label, actorKind, 0, fundedBy.GetValueOrDefault(id), null, null, null, null);

        var nodes = live.Select(p => new NetworkNode(ProjectNode(p.Id), NodeKinds.Project, $"{p.Key} {p.State.Name}", null, 0, 0, null, null, null, null))
            .Concat(actors.OrderBy(a => a.Value.Label, StringComparer.Ordinal).ThenBy(a => a.Key, StringComparer.Ordinal)
                .Select(a => Node(a.Key, NodeKinds.Actor, a.Value.Label, a.Value.Kind)))
            .ToList();
        if (inCollectives.Contains(HubId)) nodes.Insert(0, Node(HubId, NodeKinds.Hub, HubLabel, ActorKind.Hub.Wire()));

        var hubProjects = projectsOf.GetValueOrDefault(HubId);
        var hubBetweenness = between?.GetValueOrDefault(HubId) ?? 0;
        var hub = new HubPlace(hubProjects, live.Count == 0 ? 0 : (double)hubProjects / live.Count, graph.Degree(HubId),
            hubBetweenness, Graph.Normalised(hubBetweenness, graph.NodeCount));
        var largest = component.Values.GroupBy(c => c).Select(g => g.Count()).DefaultIfEmpty(0).Max();
        var measures = new NetworkMeasures(date, live.Count, inCollectives.Count(a => a != HubId),
            projectsOf.Count(x => x.Key != HubId && x.Value >= 2), graph.EdgeCount, graph.Density, count, largest, hub);
        var co = pairs.Select(x => new CoMembership(x.Key.Item1, x.Key.Item2, x.Value)).ToList();
        return new NetworkAt(measures, nodes, ties, co);
    }
}
