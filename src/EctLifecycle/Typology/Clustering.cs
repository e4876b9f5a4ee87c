using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace EctLifecycle.Typology;

/// <summary>A partition of the points: each point's cluster (0 the largest), and its sum of squared distances to the centroids.</summary>
public sealed record Partition(int K, int[] Labels, double Inertia);

/// <summary>
/// K-means from ML.NET (k-means++ start, one thread, a fixed seed: the same points give the same partition), restarted from
/// a few seeds, and the silhouette computed here by its exact formula (Rousseeuw 1987), on Euclidean distances.
/// </summary>
public static class Clustering
{
    private sealed class Row
    {
        public float[] Features { get; set; } = [];
    }

    private sealed class Assigned
    {
        public uint PredictedLabel { get; set; }
    }

    /// <summary>The partition in <paramref name="k"/> clusters of least inertia over <paramref name="restarts"/> seeded runs; null when no run fills k clusters.</summary>
    /// <param name="fitOn">The points each run is fitted on, when not all of them (a sample: see
    /// <see cref="TypologySettings.KMeansSample"/>); every point then joins the cluster of the nearest of the run's centres,
    /// and the inertia is every point's.</param>
    public static Partition? KMeans(double[][] points, int k, int seed, int restarts, IReadOnlyList<int>? fitOn = null)
    {
        var fitted = fitOn is null || fitOn.Count == points.Length ? points : fitOn.Select(i => points[i]).ToArray();
        Partition? best = null;
        for (var r = 0; r < restarts; r++)
        {
            var labels = Run(fitted, k, seed + r);
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

    private static int[] Run(double[][] points, int k, int seed)
    {
        var ml = new MLContext(seed);
        var dimensions = points[0].Length;
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimensions);
        var data = ml.Data.LoadFromEnumerable(points.Select(p => new Row { Features = p.Select(x => (float)x).ToArray() }), schema);
        var trainer = ml.Clustering.Trainers.KMeans(new KMeansTrainer.Options
        {
            FeatureColumnName = nameof(Row.Features),
            NumberOfClusters = k,
            InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
            NumberOfThreads = 1,
            MaximumNumberOfIterations = 1000,
            OptimizationTolerance = 1e-7f,
        });
        var model = trainer.Fit(data);
        return ml.Data.CreateEnumerable<Assigned>(model.Transform(data), reuseRowObject: false)
            .Select(a => (int)a.PredictedLabel - 1).ToArray();
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
        var labels = new int[points.Length];
        for (var i = 0; i < points.Length; i++)
        {
            var best = double.PositiveInfinity;
            for (var c = 0; c < centres.Length; c++)
            {
                var distance = Squared(points[i], centres[c]);
                if (distance < best) (best, labels[i]) = (distance, c);
            }
        }
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
    /// per point, spread over the cores (each point's sums are added in the same order as one core would, so the answer
    /// does not depend on the cores), the points copied side by side first, for the processor's cache.
    /// </summary>
    public static double[] Silhouettes(double[][] points, int[] labels, int k, IReadOnlyList<int> which)
    {
        var n = points.Length;
        var sizes = new int[k];
        foreach (var l in labels) sizes[l]++;
        var dimensions = n == 0 ? 0 : points[0].Length;
        var flat = new double[n * dimensions];
        for (var j = 0; j < n; j++) points[j].CopyTo(flat, j * dimensions);
        var result = new double[which.Count];
        Parallel.For(0, which.Count, () => new double[k], (w, _, sums) =>
        {
            var i = which[w];
            Array.Clear(sums);
            var x = new ReadOnlySpan<double>(flat, i * dimensions, dimensions);
            for (var j = 0; j < n; j++)
                if (j != i) sums[labels[j]] += Math.Sqrt(Squared(x, new ReadOnlySpan<double>(flat, j * dimensions, dimensions)));
            var own = labels[i];
            if (sizes[own] <= 1) { result[w] = 0; return sums; }
            var a = sums[own] / (sizes[own] - 1);
            var b = double.PositiveInfinity;
            for (var c = 0; c < k; c++)
                if (c != own && sizes[c] > 0) b = Math.Min(b, sums[c] / sizes[c]);
            var most = Math.Max(a, b);
            result[w] = most == 0 ? 0 : (b - a) / most;
            return sums;
        }, _ => { });
        return result;
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
