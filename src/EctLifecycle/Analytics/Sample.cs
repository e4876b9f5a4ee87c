namespace EctLifecycle.Analytics;

public sealed record SampleEntry(
    string Key, string Name, int Score, bool CarrierPresent, double ResilienceMean,
    bool MeetsScore, bool MeetsCarrier, bool MeetsResilience)
{
    public bool Preselected => MeetsScore;
    public bool Selected => MeetsScore && MeetsCarrier && MeetsResilience;
}

/// <summary>
/// The study's qualitative-sample rule at a date: score at or above the threshold, an entrepreneurial figure present,
/// and a resilience mean above the portfolio's. Each project with the conditions it meets or misses.
/// </summary>
public sealed record Sample(
    DateOnly AsOf, string GridVersion, DateOnly? KnownAt, int Threshold, double PortfolioResilienceMean,
    int Preselected, int Selected, IReadOnlyList<SampleEntry> Projects) : ITidy
{
    public static Sample Of(PortfolioHistory history, AnalyticsParameters p)
    {
        var snapshots = history.At(p.AsOf, p.Grid);
        var portfolioMean = snapshots.Count == 0 ? 0 : snapshots.Average(s => s.Resilience);
        var entries = snapshots.Select(s => new SampleEntry(s.Key, s.State.Name, s.Card.Score, s.State.Carrier is not null,
                s.Resilience, s.Card.EctPotential, s.State.Carrier is not null, s.Resilience > portfolioMean + 1e-9))
            .OrderByDescending(e => e.Selected).ThenByDescending(e => e.Score).ThenBy(e => e.Key, StringComparer.Ordinal).ToList();
        return new Sample(p.AsOf, p.Grid.Version, p.KnownAt, p.Grid.Threshold, Math.Round(portfolioMean, 4),
            entries.Count(e => e.Preselected), entries.Count(e => e.Selected), entries);
    }

    public IEnumerable<TidyRow> Tidy()
    {
        yield return new("portfolio", AsOf, "mean:territorial-resilience", PortfolioResilienceMean);
        yield return new("portfolio", AsOf, "preselected", Preselected);
        yield return new("portfolio", AsOf, "selected", Selected);
        foreach (var e in Projects)
        {
            yield return new(e.Key, AsOf, "score", e.Score);
            yield return new(e.Key, AsOf, "mean:territorial-resilience", e.ResilienceMean);
            yield return new(e.Key, AsOf, "meetsScore", e.MeetsScore);
            yield return new(e.Key, AsOf, "meetsCarrier", e.MeetsCarrier);
            yield return new(e.Key, AsOf, "meetsResilience", e.MeetsResilience);
            yield return new(e.Key, AsOf, "selected", e.Selected);
        }
    }
}
