using EctLifecycle.Analytics;
using EctLifecycle.Projects;
using EctLifecycle.ScoreHistory;

namespace EctLifecycle.Durability;

/// <summary>The survival curves of the groups of one field (a curve per value, its code in <c>Group</c>).</summary>
public sealed record SurvivalBy(string By, string Label, IReadOnlyList<SurvivalCurve> Curves)
{
    public const string All = "all";
    public const string LegalForm = "legalForm", EmergenceContext = "emergenceContext", StructuringPath = "structuringPath",
        HubAccompaniment = "hubAccompaniment";

    /// <summary>A group's French name, for tables and legends.</summary>
    /// <summary>A survival curve's subject in the CSV (<c>survival:legalForm=scic</c>) in French, or null for another subject.</summary>
    public static string? SubjectLabel(string part)
    {
        if (!part.StartsWith("survival:", StringComparison.Ordinal) || part.IndexOf('=') is not (var at and > 0)) return null;
        var by = part["survival:".Length..at];
        return by is LegalForm or EmergenceContext or StructuringPath or HubAccompaniment ? $"Survie, {GroupLabel(by, part[(at + 1)..])}" : null;
    }

    public static string GroupLabel(string by, string group) => (by, group) switch
    {
        (_, All) => "Tous les projets",
        (_, Lifespans.None) => by == LegalForm ? "Sans forme juridique" : "Voie non choisie",
        (LegalForm, _) => FrenchLabels.Of(typeof(Lists.LegalForm), group) ?? group,
        (EmergenceContext, _) => FrenchLabels.Of(typeof(Lists.EmergenceContext), group) ?? group,
        (StructuringPath, _) => FrenchLabels.Of(typeof(Lists.StructuringPath), group) ?? group,
        (HubAccompaniment, "yes") => "Accompagnés par le pôle",
        (HubAccompaniment, _) => "Jamais accompagnés par le pôle",
        _ => group,
    };
}

/// <summary>
/// Each project as a survival observation: the time from its emergence to its stop, or to the as-of date for a live
/// project (censored: it has survived at least that long). Groups are read at the as-of date; a stopped project keeps
/// the form and path it had when it stopped. Times are in years rounded to the hundredth (about four days), as the
/// reports show them, so projects that lived as long are ties.
/// </summary>
public static class Lifespans
{
    public const string None = "none";

    public static IEnumerable<SurvivalObservation> Observations(IEnumerable<ScorePeriod> rows, DateOnly asOf) =>
        rows.Select(s => s.StoppedOn is { } stop
            ? new SurvivalObservation(LifeReplay.Years(s.EmergedOn, stop), true)
            : new SurvivalObservation(LifeReplay.Years(s.EmergedOn, asOf), false));

    public static IReadOnlyList<SurvivalBy> Groups(IReadOnlyList<ScorePeriod> rows, DateOnly asOf)
    {
        return
        [
            By(SurvivalBy.LegalForm, "Par forme juridique", s => s.LegalForm ?? None),
            By(SurvivalBy.EmergenceContext, "Par cadre d'émergence", s => s.EmergenceContext),
            By(SurvivalBy.StructuringPath, "Par voie de structuration", s => s.Path ?? None),
            By(SurvivalBy.HubAccompaniment, "Selon l'accompagnement du pôle", s => s.EverAccompaniedByHub ? "yes" : "no"),
        ];

        SurvivalBy By(string by, string label, Func<ScorePeriod, string> group) => new(by, label,
            rows.GroupBy(group).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => KaplanMeier.Estimate(g.Key, Observations(g, asOf))).ToList());
    }
}
