using EctLifecycle.Analytics;
using EctLifecycle.Persistence;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;

namespace EctLifecycle.Durability;

public sealed record StageReached(Stage Stage, DateOnly From);

public sealed record PathChosen(DateOnly On, StructuringPath Path, string? HostStructure);

/// <summary>A pillar (or the score, id <c>score</c>) at emergence, at its peak and at the stop, read as <see cref="Arc"/> defines them.</summary>
public sealed record PillarArc(string Id, string Label, double Max, Reading AtEmergence, Reading Peak, Reading AtStop)
{
    public const string Score = "score";

    public double FromPeakToStop => Math.Round(AtStop.Value - Peak.Value, 4);

    public static IReadOnlyList<PillarArc> Of(IReadOnlyList<DayState> life, Grid grid, DateOnly emergedOn, DateOnly stopOn)
    {
        return grid.Pillars.Select(p => Of(p.Id, Charts.PillarLabel(p.Id), 3, d => d.Card.PillarMean(p.Id)))
            .Append(Of(Score, "Score ECT", grid.MaxScore, d => d.Card.Score))
            .ToList();

        PillarArc Of(string id, string label, double max, Func<DayState, double> value) =>
            Arc.Of(life, d => d.Date, value, emergedOn, stopOn) is var a ? new PillarArc(id, label, max, a.AtEmergence, a.Peak, a.End) : null!;
    }
}

public sealed record PillarPoint(DateOnly Date, int Score, IReadOnlyDictionary<string, double> PillarMeans)
{
    public static IReadOnlyList<PillarPoint> Of(IReadOnlyList<DayState> life, Grid grid) =>
        life.Changes(d => string.Join('|', d.Card.Pillars.Select(p => p.Mean).Append(d.Card.Score)))
            .Select(c => life.At(c.From)!)
            .Select(d => new PillarPoint(d.Date, d.Card.Score, d.Card.Pillars.ToDictionary(p => p.Id, p => p.Mean)))
            .ToList();
}

public sealed record CollectivePoint(DateOnly Date, int ActiveActors, double LocalShare);

/// <summary>Who was in the collective, who left and when, and its size and local share over time.</summary>
public sealed record CollectiveStory(IReadOnlyList<Membership> Members, IReadOnlyList<Membership> Left, IReadOnlyList<CollectivePoint> Series)
{
    public static CollectiveStory Of(IReadOnlyList<DayState> life, ProjectState final) => new(
        final.Actors,
        final.Actors.Where(a => a.LeftOn is not null).OrderBy(a => a.LeftOn).ToList(),
        life.Changes(d => (d.Indicators.ActiveActors, d.Indicators.LocalActorShare))
            .Select(c => new CollectivePoint(c.From, c.Value.ActiveActors, c.Value.LocalActorShare)).ToList());
}

public sealed record ResourcePoint(DateOnly Date, decimal ActiveEuros, double PublicShare);

/// <summary>Resources over time and the periods <i>sous perfusion</i>: living on more than 80 % public money.</summary>
public sealed record ResourceStory(
    IReadOnlyList<Funding> Fundings, IReadOnlyList<ResourcePoint> Series, IReadOnlyList<Period> Perfusion, double PerfusionShareOfLife)
{
    /// <summary>
    /// The tool's dependency line, a default set here (<c>Durability/ProjectSections.cs</c>): above 80 % of public money,
    /// a project lives <i>sous perfusion</i>. The study names the state but gives no figure: « ils apparaissent pour
    /// certains comme « sous-perfusion » de financements publics, ce qui est source d'instabilité »
    /// (seed <c>000_63fefee6844dd0ec.txt</c>).
    /// </summary>
    public const double PerfusionShare = 0.8;

    public static bool UnderPerfusion(Indicators i) => i.ActiveFundingEuros > 0 && i.PublicShare > PerfusionShare;

    public static ResourceStory Of(IReadOnlyList<DayState> life, ProjectState final, DateOnly stopOn)
    {
        var perfusion = life.Periods(d => UnderPerfusion(d.Indicators), stopOn);
        var lifeDays = Math.Max(1, stopOn.DayNumber - final.EmergedOn.DayNumber);
        return new ResourceStory(final.Fundings,
            life.Changes(d => (d.Indicators.ActiveFundingEuros, d.Indicators.PublicShare))
                .Select(c => new ResourcePoint(c.From, c.Value.ActiveFundingEuros, c.Value.PublicShare)).ToList(),
            perfusion, Math.Round((double)perfusion.Sum(p => p.Days) / lifeDays, 4));
    }
}

/// <summary>The accompaniments, and how long before the stop the hub's support ended (null if it never did, or never was).</summary>
public sealed record SupportStory(
    IReadOnlyList<Accompaniment> Accompaniments, bool EverByHub, bool HubActiveAtStop, DateOnly? LastHubSupportEnd,
    double? YearsFromHubSupportEndToStop)
{
    public static SupportStory Of(ProjectState final, DateOnly stopOn)
    {
        var hub = final.Accompaniments.Where(a => a.ByHub).ToList();
        var active = hub.Any(a => a.EndedOn is null || a.EndedOn > stopOn);
        var lastEnd = hub.Max(a => a.EndedOn);
        return new SupportStory(final.Accompaniments, hub.Count > 0, active, lastEnd,
            !active && lastEnd is { } end ? LifeReplay.Years(end, stopOn) : null);
    }
}
