using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.ScoreHistory;

namespace EctLifecycle.Analytics;

public static class Pillars
{
    public const string Resilience = "territorial-resilience";
}

/// <summary>A score period's values as the app's types: what the portfolio's analyses read of each project at a date.</summary>
public static class PeriodValues
{
    public static double Pillar(this ScorePeriod r, string id) =>
        r.Pillars.TryGetValue(id, out var mean) ? mean : throw new InvalidOperationException($"no pillar {id}");

    public static double Resilience(this ScorePeriod r) => r.Pillar(Pillars.Resilience);

    public static Stage StageOf(this ScorePeriod r) => Parse<Stage>(r.Stage);
    public static LegalForm? LegalFormOf(this ScorePeriod r) => r.LegalForm is null ? null : Parse<LegalForm>(r.LegalForm);
    public static StructuringPath? PathOf(this ScorePeriod r) => r.Path is null ? null : Parse<StructuringPath>(r.Path);
    public static EmergenceContext EmergenceContextOf(this ScorePeriod r) => Parse<EmergenceContext>(r.EmergenceContext);

    public static Indicators IndicatorsOf(this ScorePeriod r) => new(
        r.ActiveActors, r.LocalActorShare, r.ActorKinds.Select(Parse<ActorKind>).ToList(), r.ActorsAtEmergence, r.CarrierPresent,
        r.ActiveFundingEuros, r.PublicShare, r.FundingSourceKinds.Select(Parse<FundingSourceKind>).ToList(), r.HubAccompanimentActive,
        r.Governance, r.ActorsEverJoined);

    /// <summary>The pillars' scores under <paramref name="grid"/>, in its order, as a score card has them.</summary>
    /// <remarks>Each pillar's criteria found once per grid, not filtered again for each project (the whole portfolio asks 10,000 times at M).</remarks>
    public static IReadOnlyList<PillarScore> PillarScores(this ScorePeriod r, Grid grid)
    {
        var byPillar = ScorePeriods.PillarCriteriaOf(grid);
        var scores = new PillarScore[grid.Pillars.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            var (pillar, points) = (grid.Pillars[i], 0);
            foreach (var c in byPillar[i]) points += r.Criteria[grid.Criteria[c].Id];
            scores[i] = new PillarScore(pillar.Id, pillar.Label, points, byPillar[i].Length * 3, r.Pillars[pillar.Id]);
        }
        return scores;
    }

    /// <summary>Each criterion's points, in the grid's order (a stored period's keys come back in PostgreSQL's jsonb order).</summary>
    public static IReadOnlyDictionary<string, int> Points(this ScorePeriod r, Grid grid) =>
        grid.Criteria.ToDictionary(c => c.Id, c => r.Criteria[c.Id]);

    private static T Parse<T>(string wire) where T : struct, Enum =>
        Vocabulary.TryParseWire<T>(wire, out var value) ? value : throw new InvalidOperationException($"unknown {typeof(T).Name} « {wire} »");
}
