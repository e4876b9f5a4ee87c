using EctLifecycle.Projects;

namespace EctLifecycle.Portfolio.Demo;

/// <summary>
/// The order staff logged milestones in. History is mostly entered late: sometimes the earlier part was typed in after
/// the recent one, a kind of milestone at a time; sometimes a few forgotten milestones were logged at the end.
/// The generator dates dependent milestones strictly apart, so every such order replays the same.
/// </summary>
internal static class RecordingOrder
{
    public static List<IProjectEvent> Of(IEnumerable<IProjectEvent> milestones, Random rng, double lateShare)
    {
        var business = milestones.OrderBy(e => e.OccurredOn).ToList();
        var draw = rng.NextDouble();
        if (business.Count < 4 || draw >= lateShare) return business;
        if (draw < lateShare * 0.6)
        {
            var cut = business[rng.Next(business.Count / 4, business.Count * 3 / 4 + 1)].OccurredOn;
            var earlier = business.Where(e => e.OccurredOn < cut).OrderBy(MilestoneKinds.TypeOf, StringComparer.Ordinal);
            return [.. business.Where(e => e.OccurredOn >= cut), .. earlier];
        }
        var forgotten = Enumerable.Range(0, 1 + rng.Next(Math.Max(1, business.Count / 6)))
            .Select(_ => rng.Next(business.Count)).ToHashSet();
        return [.. business.Where((_, i) => !forgotten.Contains(i)), .. business.Where((_, i) => forgotten.Contains(i))];
    }
}
