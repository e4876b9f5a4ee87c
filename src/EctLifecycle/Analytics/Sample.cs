namespace EctLifecycle.Analytics;

public sealed record SampleEntry(
    string Key, string Name, int Score, bool CarrierPresent, double ResilienceMean,
    bool MeetsScore, bool MeetsCarrier, bool MeetsResilience)
{
    public bool Preselected => MeetsScore;
    public bool Selected => MeetsScore && MeetsCarrier && MeetsResilience;
}

/// <summary>
/// The study's qualitative-sample rule at a date, as it writes it (seed <c>000_63fefee6844dd0ec.txt</c>): « Les 15
/// projets situés au-dessus ont été présélectionnés pour l'étude qualitative. […] il était nécessaire que le projet
/// dispose d'une figure entrepreneuriale […] et d'autre part, il fallait que la moyenne des points du pilier de la
/// résilience […] soit supérieure à la moyenne de l'ensemble des projets, située à 1,3/3. » « Au-dessus » is read
/// through the grid's <see cref="Scoring.Grid.ThresholdComparison"/> (default: at or above). Each project with the
/// conditions it meets or misses.
/// </summary>
public sealed record Sample(
    DateOnly AsOf, string GridVersion, DateOnly? KnownAt, int Threshold, double PortfolioResilienceMean,
    int Preselected, int Selected, IReadOnlyList<SampleEntry> Projects,
    Scoring.ThresholdComparison ThresholdComparison = Scoring.ThresholdComparison.AtOrAbove) : ITidy
{
    public static async Task<Sample> OfAsync(PortfolioHistory history, AnalyticsParameters p, CancellationToken ct = default)
    {
        // The key, name, score, carrier and pillars alone (an index at L: PortfolioHistory.FactsAtAsync).
        var rows = await history.FactsAtAsync(p.AsOf, p.Grid, ct);
        var portfolioMean = rows.Count == 0 ? 0 : rows.Average(s => s.Resilience());
        var entries = rows.Select(s => new SampleEntry(s.Key, s.Name, s.Score, s.CarrierPresent,
                s.Resilience(), s.EctPotential, s.CarrierPresent, s.Resilience() > portfolioMean + 1e-9))
            .OrderByDescending(e => e.Selected).ThenByDescending(e => e.Score).ThenBy(e => e.Key, StringComparer.Ordinal).ToList();
        return new Sample(p.AsOf, p.Grid.Version, p.KnownAt, p.Grid.Threshold, Math.Round(portfolioMean, 4),
            entries.Count(e => e.Preselected), entries.Count(e => e.Selected), entries, p.Grid.ThresholdComparison);
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
