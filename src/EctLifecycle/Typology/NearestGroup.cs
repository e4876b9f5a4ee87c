using EctLifecycle.ScoreHistory;

namespace EctLifecycle.Typology;

/// <summary>
/// Which group of a typology a project outside it is nearest to: its features (as its period at a date reads them) placed
/// on the typed projects' means and deviations, then the nearest centroid (Euclidean, as the k-means). The durability
/// report asks it of each stopped project, as it stood the day before its stop: stopped projects are not typed.
/// </summary>
public sealed class NearestGroup
{
    private readonly Standardised _space;
    private readonly IReadOnlyList<(int Group, double[] Centroid)> _centroids;

    private NearestGroup(Standardised space, IReadOnlyList<(int, double[])> centroids) => (_space, _centroids) = (space, centroids);

    /// <summary><paramref name="typed"/>: the periods the typology was made of (its live projects at its date); null when it has no groups.</summary>
    public static NearestGroup? Of(ProjectTypology typology, IReadOnlyList<ScorePeriod> typed)
    {
        if (typology.Groups.Count == 0) return null;
        var live = typed.Where(r => r.StoppedOn is null).ToList();
        var space = TypologyFeatures.Standardise(live, typology.AsOf);
        if (space.Features.Count == 0) return null;
        var row = live.Select((p, i) => (p.ProjectId, i)).ToDictionary(x => x.ProjectId, x => x.i);
        var centroids = typology.Groups.Select(g =>
        {
            var members = g.Projects.Select(x => space.Points[row[x.Id]]).ToList();
            return (g.Number, Enumerable.Range(0, space.Features.Count).Select(d => members.Average(m => m[d])).ToArray());
        }).ToList();
        return new NearestGroup(space, centroids);
    }

    /// <summary>The number of the group nearest to <paramref name="project"/> as it stood on <paramref name="on"/>.</summary>
    public int Of(ScorePeriod project, DateOnly on)
    {
        var point = _space.Place(project, on);
        return _centroids.MinBy(c => c.Centroid.Select((x, d) => (x - point[d]) * (x - point[d])).Sum()).Group;
    }
}
