using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.ScoreHistory;

namespace EctLifecycle.Analytics;

public sealed record ProjectProfile(
    Guid Id, string Key, string Name, string Sector, Stage Stage, LegalForm? LegalForm, StructuringPath? StructuringPath,
    EmergenceContext EmergenceContext, DateOnly EmergedOn, Indicators Indicators, ProfileScore Score);

/// <summary>
/// A project's score in the portfolio: the card of the project's own page without what the grid already says
/// (criteria labels and pillars, served once by <c>GET /api/grids/{version}</c>) nor the assessments' rationales:
/// each criterion's points by id, and the assessed criteria never assessed yet (counted 0). A portfolio of 100,000
/// projects answers in a third of the bytes.
/// </summary>
public sealed record ProfileScore(
    int Score, int MaxScore, int Threshold, bool EctPotential, IReadOnlyList<PillarScore> Pillars,
    IReadOnlyDictionary<string, int> Points, IReadOnlyList<string> NeverAssessed)
{
    public static ProfileScore Of(ScoreCard card) => new(
        card.Score, card.MaxScore, card.Threshold, card.EctPotential, card.Pillars,
        card.Criteria.ToDictionary(c => c.Id, c => c.Points),
        card.Criteria.Where(c => c.Source == CriterionSource.Assessed && !c.Assessed).Select(c => c.Id).ToList());
}

/// <summary>A page of the portfolio's profiles asked for: its number (from 1) and size.</summary>
public readonly record struct PageRequest(int Number, int Size)
{
    public const int DefaultSize = 1_000, MaxSize = 10_000;

    /// <summary>The page asked for by <c>page</c> and <c>pageSize</c> (either alone is enough); null when neither is given.</summary>
    public static PageRequest? Read(string? page, string? size, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(page) && string.IsNullOrWhiteSpace(size)) return null;
        var number = AnalyticsParameters.ReadCount("page", page, 1, 1, 1_000_000, errors);
        var length = AnalyticsParameters.ReadCount("pageSize", size, DefaultSize, 1, MaxSize, errors);
        return number is { } n && length is { } l ? new PageRequest(n, l) : null;
    }
}

/// <summary>The page an answer holds: its number, its size, how many pages and profiles there are in all.</summary>
public sealed record ProfilePage(int Number, int Size, int Pages, int Profiles);

/// <summary>Every project's profile at a business date, and the portfolio's figures then (the "replay").</summary>
public sealed record PortfolioAt(
    DateOnly AsOf, string GridVersion, DateOnly? KnownAt, int Projects,
    IReadOnlyDictionary<string, int> ByStage, IReadOnlyDictionary<string, int> ByLegalForm,
    IReadOnlyDictionary<string, int> ByEmergenceContext, IReadOnlyDictionary<string, double> PillarMeans, double MeanScore,
    IReadOnlyList<ProjectProfile> Profiles) : ITidy
{
    /// <summary>
    /// The page of profiles this answer holds when one was asked for (<c>page</c>, <c>pageSize</c>); absent, every profile.
    /// The portfolio's figures are always those of every project.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ProfilePage? Page { get; init; }

    /// <summary>
    /// The portfolio's profiles in key order, <paramref name="page"/>'s only when one is asked for. A page reads the figures
    /// and the key order from every project's facts (<see cref="PortfolioHistory.FactsAtAsync"/>, an index at L), then its
    /// own projects' whole periods only.
    /// </summary>
    public static async Task<PortfolioAt> OfAsync(PortfolioHistory history, AnalyticsParameters p, CancellationToken ct = default, PageRequest? page = null)
    {
        if (page is not { } asked)
        {
            var rows = await history.AtAsync(p.AsOf, p.Grid, ct);
            return Of(p, rows, rows.OrderBy(s => s.Key, StringComparer.Ordinal));
        }
        var facts = await history.FactsAtAsync(p.AsOf, p.Grid, ct);
        var shown = facts.OrderBy(s => s.Key, StringComparer.Ordinal).Skip((asked.Number - 1) * asked.Size).Take(asked.Size)
            .Select(s => s.ProjectId).ToList();
        return Of(p, facts, await history.WholeAtAsync(shown, p.AsOf, p.Grid, ct)) with
        {
            Page = new ProfilePage(asked.Number, asked.Size, (facts.Count + asked.Size - 1) / asked.Size, facts.Count),
        };
    }

    // The figures of every project's period (only its facts are read), and the profiles of the whole periods shown.
    private static PortfolioAt Of(AnalyticsParameters p, IReadOnlyList<ScorePeriod> rows, IEnumerable<ScorePeriod> shown) =>
        new(p.AsOf, p.Grid.Version, p.KnownAt, rows.Count,
            Count(rows, s => s.Stage),
            Count(rows, s => s.LegalForm ?? "none"),
            Count(rows, s => s.EmergenceContext),
            p.Grid.Pillars.ToDictionary(x => x.Id, x => Mean(rows.Select(s => s.Pillar(x.Id)))),
            Mean(rows.Select(s => (double)s.Score)),
            shown.Select(s => Profile(s, p.Grid)).ToList());

    private static ProjectProfile Profile(ScorePeriod s, Grid grid) => new(
        s.ProjectId, s.Key, s.Name, s.Sector, s.StageOf(), s.LegalFormOf(), s.PathOf(), s.EmergenceContextOf(), s.EmergedOn,
        s.IndicatorsOf(), new ProfileScore(s.Score, s.MaxScore, grid.Threshold, s.EctPotential, s.PillarScores(grid), s.Points(grid), s.NeverAssessed));

    public IEnumerable<TidyRow> Tidy()
    {
        foreach (var (pillar, mean) in PillarMeans) yield return new("portfolio", AsOf, $"mean:{pillar}", mean);
        yield return new("portfolio", AsOf, "mean:score", MeanScore);
        foreach (var (stage, n) in ByStage) yield return new("portfolio", AsOf, $"count:stage:{stage}", n);
        foreach (var (form, n) in ByLegalForm) yield return new("portfolio", AsOf, $"count:legalForm:{form}", n);
        foreach (var (context, n) in ByEmergenceContext) yield return new("portfolio", AsOf, $"count:emergenceContext:{context}", n);
        foreach (var x in Profiles)
        {
            yield return new(x.Key, AsOf, "stage", x.Stage.Wire());
            yield return new(x.Key, AsOf, "legalForm", x.LegalForm?.Wire());
            yield return new(x.Key, AsOf, "score", x.Score.Score);
            yield return new(x.Key, AsOf, "ectPotential", x.Score.EctPotential);
            foreach (var pillar in x.Score.Pillars) yield return new(x.Key, AsOf, $"mean:{pillar.Id}", pillar.Mean);
            foreach (var (id, points) in x.Score.Points) yield return new(x.Key, AsOf, $"points:{id}", points);
        }
    }

    internal static IReadOnlyDictionary<string, int> Count(IEnumerable<ScorePeriod> rows, Func<ScorePeriod, string> by) =>
        rows.GroupBy(by).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());

    // Means and medians are computed in decimal, exactly, before their rounding to 4 places (to even): the values are at
    // most 4 places (scores, pillar means), so the answer does not depend on the order of a floating-point sum. The drifts
    // count their values the same way without holding them (ValueCounts), and PostgreSQL's numeric, which their fallbacks
    // read from the score history (StoredHistory), gives the same figures.
    internal static double Mean(IEnumerable<double> values) => ValueCounts.Of(values).Mean();

    internal static double Median(IEnumerable<double> values) => ValueCounts.Of(values).Median();
}
