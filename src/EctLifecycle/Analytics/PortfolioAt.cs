using EctLifecycle.Projects;
using EctLifecycle.Scoring;

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

/// <summary>Every project's profile at a business date, and the portfolio's figures then (the "replay").</summary>
public sealed record PortfolioAt(
    DateOnly AsOf, string GridVersion, DateOnly? KnownAt, int Projects,
    IReadOnlyDictionary<string, int> ByStage, IReadOnlyDictionary<string, int> ByLegalForm,
    IReadOnlyDictionary<string, int> ByEmergenceContext, IReadOnlyDictionary<string, double> PillarMeans, double MeanScore,
    IReadOnlyList<ProjectProfile> Profiles) : ITidy
{
    public static PortfolioAt Of(PortfolioHistory history, AnalyticsParameters p)
    {
        var snapshots = history.At(p.AsOf, p.Grid);
        return new PortfolioAt(p.AsOf, p.Grid.Version, p.KnownAt, snapshots.Count,
            Count(snapshots, s => s.State.Stage.Wire()),
            Count(snapshots, s => s.State.LegalForm?.Form.Wire() ?? "none"),
            Count(snapshots, s => s.State.EmergenceContext.Wire()),
            p.Grid.Pillars.ToDictionary(x => x.Id, x => Mean(snapshots.Select(s => s.Pillar(x.Id)))),
            Mean(snapshots.Select(s => (double)s.Card.Score)),
            // Profiles are built on every core, in order.
            snapshots.AsParallel().AsOrdered().Select(s => new ProjectProfile(s.State.Id, s.Key, s.State.Name, s.State.Sector, s.State.Stage,
                s.State.LegalForm?.Form, s.State.Path, s.State.EmergenceContext, s.State.EmergedOn, s.Indicators, ProfileScore.Of(s.Card)))
                .OrderBy(x => x.Key, StringComparer.Ordinal).ToList());
    }

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

    internal static IReadOnlyDictionary<string, int> Count(IEnumerable<Snapshot> snapshots, Func<Snapshot, string> by) =>
        snapshots.GroupBy(by).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());

    internal static double Mean(IEnumerable<double> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? 0 : Math.Round(list.Average(), 4);
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return 0;
        var mid = sorted.Count / 2;
        return Math.Round(sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2, 4);
    }
}
