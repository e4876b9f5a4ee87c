using EctLifecycle.Timelines;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using Marten;

namespace EctLifecycle.Lineage;

/// <summary>
/// The lineage a project's card shows: the tree of projects born of one another that holds it, at a business date, from
/// its root (a project born of none of ours) down, each with its stage and score under the grid.
/// </summary>
public static class ProjectTree
{
    /// <summary>The tree holding the project at <paramref name="asOf"/>, or null when it is born of none and none is born of it.</summary>
    public static async Task<LineageNode?> OfAsync(IQuerySession session, string projectKey, DateOnly asOf, Grid grid, CancellationToken ct)
    {
        var parents = (await BornOfKind.SourcesAsync(session, session.LoadTimelineAsync, ct))
            .ToDictionary(x => x.Key, x => x.Value.Where(s => s.On <= asOf).Select(s => s.Source).Distinct().ToList());
        var children = parents.SelectMany(x => x.Value.Select(s => (Parent: s, Child: x.Key))).GroupBy(x => x.Parent)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Child).Distinct().ToList());
        if (!children.ContainsKey(projectKey) && parents.GetValueOrDefault(projectKey) is not { Count: > 0 }) return null;
        // Up to a root: the first source each time (the rules keep it a forest: no cycle).
        var root = projectKey;
        var seen = new HashSet<string> { root };
        while (parents.GetValueOrDefault(root) is { Count: > 0 } up && seen.Add(up[0])) root = up[0];

        async Task<LineageNode?> Node(string key, string? parent, HashSet<string> path)
        {
            var id = await ProjectKey.ResolveAsync(session, key);
            var timeline = id == Guid.Empty ? null : await session.LoadTimelineAsync(id, ct);
            if (timeline?.StateAsOf(asOf) is not { } state) return null;
            var card = Scorer.Score(grid, state);
            path.Add(key);
            var kids = new List<LineageNode>();
            foreach (var c in children.GetValueOrDefault(key) ?? [])
                if (!path.Contains(c) && await Node(c, key, path) is { } n) kids.Add(n);
            path.Remove(key);
            var origins = parent is null ? [] : state.Origins.Where(o => o.SourceProject == parent).Select(o => o.Kind).Distinct().ToList();
            return new LineageNode(key, state.Name, state.Stage, card.Score, card.EctPotential, origins, kids);
        }
        return await Node(root, null, []);
    }
}
