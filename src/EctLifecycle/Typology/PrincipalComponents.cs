namespace EctLifecycle.Typology;

/// <summary>
/// The two first principal components of standardised points, to draw them on a plane: the covariance matrix's leading
/// eigenvectors by power iteration with deflation (a handful of features: exact enough, and deterministic), each turned
/// so that its largest coordinate is positive. <see cref="Shares"/> are the shares of the variance they carry.
/// </summary>
public sealed record PrincipalComponents(double[][] Axes, double[] Shares)
{
    public static PrincipalComponents Of(double[][] points, int count = 2)
    {
        var d = points.Length == 0 ? 0 : points[0].Length;
        var cov = new double[d, d];
        foreach (var p in points)
            for (var i = 0; i < d; i++)
                for (var j = 0; j < d; j++) cov[i, j] += p[i] * p[j] / points.Length;
        var total = Enumerable.Range(0, d).Sum(i => cov[i, i]);
        var axes = new List<double[]>();
        var shares = new List<double>();
        for (var c = 0; c < Math.Min(count, d); c++)
        {
            var v = Enumerable.Range(0, d).Select(i => 1.0 + i).ToArray();
            Normalise(v);
            var value = 0.0;
            for (var iteration = 0; iteration < 1000; iteration++)
            {
                var w = Times(cov, v);
                value = Math.Sqrt(w.Sum(x => x * x));
                if (value < 1e-12) break;
                for (var i = 0; i < d; i++) w[i] /= value;
                var change = w.Zip(v, (a, b) => Math.Abs(a - b)).Max();
                v = w;
                if (change < 1e-10) break;
            }
            if (v[Array.IndexOf(v, v.MaxBy(Math.Abs))] < 0) v = v.Select(x => -x).ToArray();
            axes.Add(v);
            shares.Add(total == 0 ? 0 : value / total);
            for (var i = 0; i < d; i++)
                for (var j = 0; j < d; j++) cov[i, j] -= value * v[i] * v[j];
        }
        return new PrincipalComponents([.. axes], [.. shares]);
    }

    /// <summary>A point's coordinates on the components.</summary>
    public double[] Project(double[] point) => Axes.Select(a => a.Zip(point, (x, y) => x * y).Sum()).ToArray();

    private static double[] Times(double[,] m, double[] v)
    {
        var d = v.Length;
        var r = new double[d];
        for (var i = 0; i < d; i++)
            for (var j = 0; j < d; j++) r[i] += m[i, j] * v[j];
        return r;
    }

    private static void Normalise(double[] v)
    {
        var n = Math.Sqrt(v.Sum(x => x * x));
        for (var i = 0; i < v.Length; i++) v[i] /= n;
    }
}
