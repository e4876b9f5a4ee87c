using QuikGraph;
using QuikGraph.Algorithms.ConnectedComponents;

namespace EctLifecycle.Network;

/// <summary>
/// An undirected, unweighted graph of nodes named by text and its measures: density, connected components (QuikGraph's
/// algorithm), each node's degree and betweenness. QuikGraph has no betweenness centrality: <see cref="Betweenness"/> is
/// Brandes' algorithm (2001) over QuikGraph's adjacency.
/// </summary>
public sealed class Graph
{
    private readonly UndirectedGraph<string, UndirectedEdge<string>> _graph = new(allowParallelEdges: false);

    public static Graph Of(IEnumerable<string> nodes, IEnumerable<(string A, string B)> edges)
    {
        var g = new Graph();
        foreach (var n in nodes) g._graph.AddVertex(n);
        foreach (var (a, b) in edges) g.Link(a, b);
        return g;
    }

    private void Link(string a, string b)
    {
        if (a == b) return;
        _graph.AddVertex(a);
        _graph.AddVertex(b);
        // QuikGraph's undirected edge wants its ends in the default comparer's order (culture-aware for text, not ordinal).
        var (source, target) = Comparer<string>.Default.Compare(a, b) < 0 ? (a, b) : (b, a);
        if (!_graph.ContainsEdge(source, target)) _graph.AddEdge(new UndirectedEdge<string>(source, target));
    }

    public int NodeCount => _graph.VertexCount;
    public int EdgeCount => _graph.EdgeCount;
    public IEnumerable<string> Nodes => _graph.Vertices;

    public int Degree(string node) => _graph.ContainsVertex(node) ? _graph.AdjacentDegree(node) : 0;

    public IEnumerable<string> Neighbours(string node) => _graph.AdjacentEdges(node).Select(e => e.GetOtherVertex(node));

    /// <summary>Edges over possible edges, 2E / (N (N - 1)); 0 with fewer than two nodes.</summary>
    public double Density => NodeCount < 2 ? 0 : 2.0 * EdgeCount / (NodeCount * (NodeCount - 1.0));

    /// <summary>Each node's component number (0..count-1), and the number of components (an isolated node is one).</summary>
    public (int Count, IReadOnlyDictionary<string, int> Of) Components()
    {
        if (NodeCount == 0) return (0, new Dictionary<string, int>());
        var algorithm = new ConnectedComponentsAlgorithm<string, UndirectedEdge<string>>(_graph);
        algorithm.Compute();
        return (algorithm.ComponentCount, new Dictionary<string, int>(algorithm.Components));
    }

    /// <summary>
    /// Each node's betweenness: over the unordered pairs of other nodes joined by a path, the share of their shortest paths
    /// that pass through it (Brandes: one breadth-first search per source, dependencies summed back; each pair is reached
    /// from both ends, hence the half).
    /// </summary>
    public IReadOnlyDictionary<string, double> Betweenness(CancellationToken ct = default)
    {
        // Nodes as numbers and arrays kept across sources, reset only where a search went: a search stays in its source's
        // component, so a network of many small collectives costs little (per-source dictionaries over every node cost N²).
        var nodes = _graph.Vertices.ToList();
        var index = nodes.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i);
        var adjacency = nodes.Select(v => Neighbours(v).Select(w => index[w]).ToArray()).ToArray();
        var n = nodes.Count;
        var centrality = new double[n];
        var paths = new double[n];
        var dependency = new double[n];
        var distance = Enumerable.Repeat(-1, n).ToArray();
        var predecessors = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        var order = new List<int>();
        var queue = new Queue<int>();
        for (var s = 0; s < n; s++)
        {
            // Minutes past 10,000 projects: a reader who left (a request aborted) stops it, and gives its turn back.
            if ((s & 255) == 0) ct.ThrowIfCancellationRequested();
            paths[s] = 1;
            distance[s] = 0;
            queue.Enqueue(s);
            while (queue.Count > 0)
            {
                var v = queue.Dequeue();
                order.Add(v);
                foreach (var w in adjacency[v])
                {
                    if (distance[w] < 0)
                    {
                        distance[w] = distance[v] + 1;
                        queue.Enqueue(w);
                    }
                    if (distance[w] == distance[v] + 1)
                    {
                        paths[w] += paths[v];
                        predecessors[w].Add(v);
                    }
                }
            }
            for (var k = order.Count - 1; k >= 0; k--)
            {
                var w = order[k];
                foreach (var v in predecessors[w]) dependency[v] += paths[v] / paths[w] * (1 + dependency[w]);
                if (w != s) centrality[w] += dependency[w];
            }
            foreach (var v in order)
            {
                (paths[v], dependency[v], distance[v]) = (0, 0, -1);
                predecessors[v].Clear();
            }
            order.Clear();
        }
        return nodes.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => centrality[x.i] / 2);
    }

    /// <summary>Betweenness over its largest possible value, (N - 1)(N - 2) / 2 (a star's centre scores 1); 0 under three nodes.</summary>
    public static double Normalised(double betweenness, int nodes) =>
        nodes < 3 ? 0 : betweenness / ((nodes - 1.0) * (nodes - 2.0) / 2.0);
}
