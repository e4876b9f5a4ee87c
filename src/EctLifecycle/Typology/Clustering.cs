using System.Numerics;
using System.Runtime.InteropServices;

namespace EctLifecycle.Typology;

/// <summary>A partition of the points: each point's cluster (0 the largest), and its sum of squared distances to the centroids.</summary>
public sealed record Partition(int K, int[] Labels, double Inertia);

/// <summary>
/// K-means by Lloyd's iterations from a k-means++ start (Arthur and Vassilvitskii 2007), in double precision on one
/// thread with a seeded draw (the same points give the same partition), restarted from a few seeds; and the silhouette by
/// its exact formula (Rousseeuw 1987). Euclidean distances throughout.
/// </summary>
public static class Clustering
{
    /// <summary>
    /// Lloyd's iterations stop when no point changes cluster; this many at most (a safeguard: each iteration lowers the
    /// inertia or leaves the partition as it is, so they end).
    /// </summary>
    public const int MaxIterations = 1000;

    /// <summary>The partition in <paramref name="k"/> clusters of least inertia over <paramref name="restarts"/> seeded runs; null when no run fills k clusters.</summary>
    /// <param name="fitOn">The points each run is fitted on, when not all of them (a sample: see
    /// <see cref="TypologySettings.KMeansSample"/>); every point then joins the cluster of the nearest of the run's centres,
    /// and the inertia is every point's.</param>
    public static Partition? KMeans(double[][] points, int k, int seed, int restarts, IReadOnlyList<int>? fitOn = null)
    {
        var fitted = fitOn is null || fitOn.Count == points.Length ? points : fitOn.Select(i => points[i]).ToArray();
        var flat = Flat(fitted);
        Partition? best = null;
        for (var r = 0; r < restarts; r++)
        {
            var labels = Run(flat, fitted.Length, fitted[0].Length, k, seed + r);
            // A run that leaves a cluster empty is skipped, on the fitted points themselves: a centre without a point would
            // stand at the origin (the portfolio's mean, once standardised) and take the most central projects.
            if (labels.Distinct().Count() < k) continue;
            if (!ReferenceEquals(fitted, points))
            {
                labels = Nearest(points, Centroids(fitted, labels, k));
                if (labels.Distinct().Count() < k) continue;
            }
            var ordered = Renumber(labels);
            var inertia = Inertia(points, ordered, k);
            if (best is null || inertia < best.Inertia - 1e-9) best = new Partition(k, ordered, inertia);
        }
        return best;
    }

    /// <summary>The points side by side in one array (point i at i × dimensions), for the processor's cache.</summary>
    private static double[] Flat(double[][] points)
    {
        var dimensions = points.Length == 0 ? 0 : points[0].Length;
        var flat = new double[points.Length * dimensions];
        for (var i = 0; i < points.Length; i++) points[i].CopyTo(flat, i * dimensions);
        return flat;
    }

    /// <summary>One k-means run on <paramref name="n"/> points of <paramref name="d"/> coordinates: each point's cluster.</summary>
    private static int[] Run(double[] points, int n, int d, int k, int seed)
    {
        var centres = PlusPlus(points, n, d, k, new Random(seed));
        var labels = new int[n];
        Array.Fill(labels, -1);
        var sums = new double[k * d];
        var counts = new int[k];
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var moved = false;
            for (var i = 0; i < n; i++)
            {
                var nearest = NearestCentre(points.AsSpan(i * d, d), centres, k, d);
                if (nearest != labels[i]) (labels[i], moved) = (nearest, true);
            }
            if (!moved) break;
            // Each centre moves to its points' mean; a centre left without a point stays where it was.
            Array.Clear(sums);
            Array.Clear(counts);
            for (var i = 0; i < n; i++)
            {
                var c = labels[i];
                counts[c]++;
                for (var j = 0; j < d; j++) sums[c * d + j] += points[i * d + j];
            }
            for (var c = 0; c < k; c++)
                if (counts[c] > 0)
                    for (var j = 0; j < d; j++) centres[c * d + j] = sums[c * d + j] / counts[c];
        }
        return labels;
    }

    /// <summary>
    /// The k-means++ start: a first centre drawn uniformly, each next one drawn with a probability proportional to its
    /// squared distance to the nearest centre drawn so far (a point already a centre cannot be drawn again).
    /// </summary>
    private static double[] PlusPlus(double[] points, int n, int d, int k, Random random)
    {
        var centres = new double[k * d];
        var nearest = new double[n];
        Array.Copy(points, random.Next(n) * d, centres, 0, d);
        for (var i = 0; i < n; i++) nearest[i] = Squared(points.AsSpan(i * d, d), centres.AsSpan(0, d));
        for (var c = 1; c < k; c++)
        {
            var total = 0.0;
            for (var i = 0; i < n; i++) total += nearest[i];
            // Every point on a centre already: the next centre is the first point (its cluster may then stay empty).
            var chosen = 0;
            if (total > 0)
            {
                var target = random.NextDouble() * total;
                var running = 0.0;
                chosen = -1;
                for (var i = 0; i < n && chosen < 0; i++)
                    if (nearest[i] > 0 && (running += nearest[i]) > target) chosen = i;
                // Rounding may leave the target past the last sum: the last point not on a centre.
                if (chosen < 0) chosen = Array.FindLastIndex(nearest, x => x > 0);
            }
            Array.Copy(points, chosen * d, centres, c * d, d);
            var centre = centres.AsSpan(c * d, d);
            for (var i = 0; i < n; i++) nearest[i] = Math.Min(nearest[i], Squared(points.AsSpan(i * d, d), centre));
        }
        return centres;
    }

    /// <summary>The nearest of the <paramref name="k"/> centres to a point (the first on a tie).</summary>
    private static int NearestCentre(ReadOnlySpan<double> point, double[] centres, int k, int d)
    {
        var best = 0;
        var least = double.PositiveInfinity;
        for (var c = 0; c < k; c++)
        {
            var distance = Squared(point, centres.AsSpan(c * d, d));
            if (distance < least) (least, best) = (distance, c);
        }
        return best;
    }

    /// <summary>Clusters numbered by size, largest first, then by their first point: the numbering does not depend on the run.</summary>
    public static int[] Renumber(int[] labels)
    {
        var order = labels.Select((label, i) => (label, i)).GroupBy(x => x.label)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Min(x => x.i))
            .Select((g, n) => (g.Key, n)).ToDictionary(x => x.Key, x => x.n);
        return labels.Select(l => order[l]).ToArray();
    }

    public static double Inertia(double[][] points, int[] labels, int k)
    {
        var centroids = Centroids(points, labels, k);
        return points.Select((p, i) => Squared(p, centroids[labels[i]])).Sum();
    }

    /// <summary>Each cluster's mean point, in one pass over the points (a cluster without a point: the origin).</summary>
    public static double[][] Centroids(double[][] points, int[] labels, int k)
    {
        var dimensions = points[0].Length;
        var sums = Enumerable.Range(0, k).Select(_ => new double[dimensions]).ToArray();
        var counts = new int[k];
        for (var i = 0; i < points.Length; i++)
        {
            counts[labels[i]]++;
            for (var d = 0; d < dimensions; d++) sums[labels[i]][d] += points[i][d];
        }
        for (var c = 0; c < k; c++)
            for (var d = 0; d < dimensions; d++) sums[c][d] = counts[c] == 0 ? 0 : sums[c][d] / counts[c];
        return sums;
    }

    /// <summary>Each point's nearest centre (the first on a tie).</summary>
    public static int[] Nearest(double[][] points, double[][] centres)
    {
        var flat = Flat(centres);
        var dimensions = centres.Length == 0 ? 0 : centres[0].Length;
        var labels = new int[points.Length];
        for (var i = 0; i < points.Length; i++) labels[i] = NearestCentre(points[i], flat, centres.Length, dimensions);
        return labels;
    }

    /// <summary>
    /// Each point's silhouette s(i) = (b(i) − a(i)) / max(a(i), b(i)): a(i) its mean distance to the other points of its
    /// cluster, b(i) its least mean distance to the points of another cluster; 0 for a point alone in its cluster.
    /// </summary>
    public static double[] Silhouettes(double[][] points, int[] labels, int k) =>
        Silhouettes(points, labels, k, Enumerable.Range(0, points.Length).ToList());

    /// <summary>
    /// The silhouettes of the points <paramref name="which"/> only, each against every point (exact for each): n distances
    /// per point, spread over the cores. The points are first laid out cluster by cluster, one array per coordinate, so
    /// that a point's distances to a whole cluster are computed several at once by the processor's vector instructions;
    /// each point's sums are added in the same order whatever the cores, so the answer does not depend on them.
    /// </summary>
    public static double[] Silhouettes(double[][] points, int[] labels, int k, IReadOnlyList<int> which)
    {
        var n = points.Length;
        var sizes = new int[k];
        foreach (var l in labels) sizes[l]++;
        var dimensions = n == 0 ? 0 : points[0].Length;
        var starts = new int[k + 1];
        for (var c = 0; c < k; c++) starts[c + 1] = starts[c] + sizes[c];
        var columns = new double[dimensions * n];
        var next = starts[..k];
        for (var i = 0; i < n; i++)
        {
            var at = next[labels[i]]++;
            for (var d = 0; d < dimensions; d++) columns[d * n + at] = points[i][d];
        }
        var result = new double[which.Count];
        // The points are taken a few at a time, each tile of a cluster's columns read once for all of them while it is in
        // the processor's cache; each point's distances are still added in the same order as alone.
        var blocks = (which.Count + Block - 1) / Block;
        Parallel.For(0, blocks, () => new Sums(Block, k), (block, _, sums) =>
        {
            var first = block * Block;
            var count = Math.Min(Block, which.Count - first);
            for (var c = 0; c < k; c++) sums.Add(columns, n, points, which, first, count, c, starts[c], starts[c + 1]);
            for (var w = first; w < first + count; w++)
            {
                var i = which[w];
                // A point's distance to itself, among its own cluster's, is 0 and adds nothing.
                var own = labels[i];
                if (sizes[own] <= 1) { result[w] = 0; continue; }
                var a = sums.Of(w - first, own) / (sizes[own] - 1);
                var b = double.PositiveInfinity;
                for (var c = 0; c < k; c++)
                    if (c != own && sizes[c] > 0) b = Math.Min(b, sums.Of(w - first, c) / sizes[c]);
                var most = Math.Max(a, b);
                result[w] = most == 0 ? 0 : (b - a) / most;
            }
            return sums;
        }, _ => { });
        return result;
    }

    /// <summary>How many points' silhouettes are computed together (<see cref="Silhouettes(double[][], int[], int, IReadOnlyList{int})"/>).</summary>
    private const int Block = 16;

    /// <summary>How many points of a cluster are read as one tile: a tile's coordinates stay in the processor's cache (512 × 12 × 8 bytes).</summary>
    private const int Tile = 512;

    /// <summary>
    /// The sums of distances from a block of points to each cluster, with each point's vector of partial sums; one per
    /// thread, used again block after block.
    /// </summary>
    private sealed class Sums(int block, int k)
    {
        private readonly double[] _sums = new double[block * k];
        private readonly Vector<double>[] _partial = new Vector<double>[block];
        private readonly int _k = k;

        public double Of(int point, int cluster) => _sums[point * _k + cluster];

        /// <summary>
        /// The sum of the Euclidean distances from each point <paramref name="which"/>[<paramref name="first"/> +
        /// 0..<paramref name="count"/>) to the points <paramref name="from"/> to <paramref name="to"/> (excluded) of
        /// <paramref name="columns"/> (coordinate d of point p at d × n + p), the cluster <paramref name="cluster"/>: as many
        /// distances at once as the processor's vectors hold, the rest one by one.
        /// </summary>
        public void Add(double[] columns, int n, double[][] points, IReadOnlyList<int> which, int first, int count, int cluster, int from, int to)
        {
            var width = Vector<double>.Count;
            var vectors = Vector.IsHardwareAccelerated ? (to - from) / width * width : 0;
            Array.Clear(_partial);
            ref var start = ref MemoryMarshal.GetArrayDataReference(columns);
            for (var tile = from; tile < from + vectors; tile += Tile)
            {
                var end = Math.Min(tile + Tile, from + vectors);
                for (var w = 0; w < count; w++)
                {
                    var x = points[which[first + w]];
                    var total = _partial[w];
                    for (var p = tile; p < end; p += width)
                    {
                        var squared = Vector<double>.Zero;
                        for (var d = 0; d < x.Length; d++)
                        {
                            var difference = Vector.LoadUnsafe(ref start, (nuint)(d * n + p)) - new Vector<double>(x[d]);
                            squared += difference * difference;
                        }
                        total += Vector.SquareRoot(squared);
                    }
                    _partial[w] = total;
                }
            }
            for (var w = 0; w < count; w++)
            {
                var x = points[which[first + w]];
                var sum = Vector.Sum(_partial[w]);
                for (var p = from + vectors; p < to; p++)
                {
                    var squared = 0.0;
                    for (var d = 0; d < x.Length; d++)
                    {
                        var difference = columns[d * n + p] - x[d];
                        squared += difference * difference;
                    }
                    sum += Math.Sqrt(squared);
                }
                _sums[w * _k + cluster] = sum;
            }
        }
    }

    /// <summary>
    /// The points whose silhouettes are computed: all of them up to <paramref name="most"/>, else that many drawn with the
    /// seed (each silhouette stays exact, the mean is the sample's): exact silhouettes cost n² distances per partition.
    /// </summary>
    public static IReadOnlyList<int> Sample(int n, int most, int seed)
    {
        var all = Enumerable.Range(0, n).ToArray();
        if (n <= most) return all;
        var random = new Random(seed);
        for (var i = n - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (all[i], all[j]) = (all[j], all[i]);
        }
        return all.Take(most).Order().ToList();
    }

    private static double Squared(double[] x, double[] y) => Squared(x.AsSpan(), y.AsSpan());

    private static double Squared(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var sum = 0.0;
        for (var d = 0; d < x.Length; d++) sum += (x[d] - y[d]) * (x[d] - y[d]);
        return sum;
    }
}
