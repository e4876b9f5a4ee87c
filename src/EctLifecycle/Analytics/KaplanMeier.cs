using System.Text.Json.Serialization;

namespace EctLifecycle.Analytics;

/// <summary>One project in a survival analysis: how long it was followed, and whether that ended with its stop.</summary>
public sealed record SurvivalObservation(double Years, bool Stopped);

/// <summary>
/// One time of the curve: <c>AtRisk</c> projects were still followed just before it, <c>Stops</c> of them stopped then,
/// <c>Censored</c> were last seen then (live at the as-of date); <c>Survival</c> is the estimate from that time on.
/// </summary>
public sealed record SurvivalStep(double Years, int AtRisk, int Stops, int Censored, double Survival);

/// <summary>A Kaplan-Meier curve; <c>MedianYears</c> is the first time it falls to one half or below, null if it never does.</summary>
public sealed record SurvivalCurve(string Group, int Projects, int Stops, IReadOnlyList<SurvivalStep> Steps, double? MedianYears)
{
    /// <summary>The times the curve drops: the steps with at least one stop.</summary>
    [JsonIgnore]
    public IEnumerable<SurvivalStep> Drops => Steps.Where(s => s.Stops > 0);
}

/// <summary>
/// The product-limit estimator: S(t) = Π over stop times tᵢ ≤ t of (1 − dᵢ / nᵢ), dᵢ the stops at tᵢ and nᵢ the projects
/// still followed just before tᵢ. A project censored at the same time as a stop is counted at risk at that time
/// (censoring is taken to come just after the stops), the usual convention.
/// </summary>
public static class KaplanMeier
{
    public static SurvivalCurve Estimate(string group, IEnumerable<SurvivalObservation> observations)
    {
        var all = observations.ToList();
        var steps = new List<SurvivalStep>();
        var atRisk = all.Count;
        var survival = 1.0;
        foreach (var time in all.GroupBy(o => o.Years).OrderBy(g => g.Key))
        {
            var stops = time.Count(o => o.Stopped);
            var censored = time.Count() - stops;
            if (stops > 0) survival *= 1 - (double)stops / atRisk;
            steps.Add(new SurvivalStep(time.Key, atRisk, stops, censored, survival));
            atRisk -= stops + censored;
        }
        var median = steps.FirstOrDefault(s => s.Stops > 0 && s.Survival <= 0.5 + 1e-12)?.Years;
        return new SurvivalCurve(group, all.Count, all.Count(o => o.Stopped), steps, median);
    }
}
