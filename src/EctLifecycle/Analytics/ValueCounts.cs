using System.Runtime.InteropServices;

namespace EctLifecycle.Analytics;

/// <summary>
/// How many times each value was seen: the exact mean and median of values that take few distinct ones (a score, a
/// pillar's mean), in decimal, then rounded to 4 places (to even), as if over the whole sorted list, without holding the
/// list: the app's one computation of a mean and a median (<see cref="PortfolioAt.Mean"/>, <see cref="PortfolioAt.Median"/>).
/// At L, a cohort drift by year counts 1.6 million (project, year end) values of each kind; PostgreSQL's ordered aggregates
/// over those rows (464 groups) took 4.4-4.6 s (docs/benchmarks.md).
/// </summary>
internal sealed class ValueCounts
{
    private readonly Dictionary<double, int> _counts = [];

    public int Count { get; private set; }

    public void Add(double value)
    {
        CollectionsMarshal.GetValueRefOrAddDefault(_counts, value, out _)++;
        Count++;
    }

    // Each value as the list's computation reads it, in decimal: n equal values add up to n times the value, exactly.
    public double Mean()
    {
        if (Count == 0) return 0;
        var sum = 0m;
        foreach (var (value, n) in _counts) sum += (decimal)value * n;
        return (double)Math.Round(sum / Count, 4);
    }

    // The value at the middle rank of the sorted list (the mean of the two middle ones for an even count), found by counting.
    public double Median()
    {
        if (Count == 0) return 0;
        var sorted = _counts.Select(x => (Value: (decimal)x.Key, N: x.Value)).OrderBy(x => x.Value).ToList();
        var mid = Count / 2;
        decimal At(int rank)
        {
            foreach (var (value, n) in sorted)
            {
                if (rank < n) return value;
                rank -= n;
            }
            throw new InvalidOperationException("rank beyond the count");
        }
        return (double)Math.Round(Count % 2 == 1 ? At(mid) : (At(mid - 1) + At(mid)) / 2, 4);
    }

    public PillarStats Stats() => new(Mean(), Median());

    public static ValueCounts Of(IEnumerable<double> values)
    {
        var counts = new ValueCounts();
        foreach (var value in values) counts.Add(value);
        return counts;
    }
}

/// <summary>A drift's point being counted: the score's and each pillar's values (in the order of <see cref="Scoring.Grid.PillarIds"/>).</summary>
internal sealed class PointCounts
{
    private readonly ValueCounts _score = new();
    private readonly ValueCounts[] _pillars = [.. Scoring.Grid.PillarIds.Select(_ => new ValueCounts())];

    public int Projects => _score.Count;

    public void Add(int score, ReadOnlySpan<double> means)
    {
        _score.Add(score);
        for (var i = 0; i < _pillars.Length; i++) _pillars[i].Add(means[i]);
    }

    public void Add(EctLifecycle.ScoreHistory.ScorePeriod period)
    {
        _score.Add(period.Score);
        for (var i = 0; i < _pillars.Length; i++) _pillars[i].Add(period.Pillar(Scoring.Grid.PillarIds[i]));
    }

    public PillarStats Score => _score.Stats();

    /// <summary>Each of the grid's pillars' mean and median, in the grid's order.</summary>
    public IReadOnlyDictionary<string, PillarStats> PillarsOf(Scoring.Grid grid) =>
        grid.Pillars.ToDictionary(x => x.Id, x => _pillars[IndexOf(x.Id)].Stats());

    private static int IndexOf(string pillar)
    {
        for (var i = 0; i < Scoring.Grid.PillarIds.Count; i++)
            if (Scoring.Grid.PillarIds[i] == pillar) return i;
        throw new InvalidOperationException($"no pillar {pillar}");
    }
}
