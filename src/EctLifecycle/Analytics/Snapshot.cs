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
    public static IReadOnlyList<PillarScore> PillarScores(this ScorePeriod r, Grid grid) => grid.Pillars.Select(p =>
    {
        var own = grid.Criteria.Where(c => c.Pillar == p.Id).ToList();
        return new PillarScore(p.Id, p.Label, own.Sum(c => r.Criteria[c.Id]), own.Count * 3, r.Pillars[p.Id]);
    }).ToList();

    /// <summary>Each criterion's points, in the grid's order (a stored period's keys come back in PostgreSQL's jsonb order).</summary>
    public static IReadOnlyDictionary<string, int> Points(this ScorePeriod r, Grid grid) =>
        grid.Criteria.ToDictionary(c => c.Id, c => r.Criteria[c.Id]);

    private static T Parse<T>(string wire) where T : struct, Enum =>
        Vocabulary.TryParseWire<T>(wire, out var value) ? value : throw new InvalidOperationException($"unknown {typeof(T).Name} « {wire} »");
}
