using EctLifecycle.Projects;

namespace EctLifecycle.Portfolio.Demo;

/// <summary>The assessed criteria of grid v1, and how staff word their assessments.</summary>
internal static class Assessing
{
    public const string GridVersion = "v1";
    public const string Cooperation = "cooperation-alive";

    /// <summary>Ownership and anchoring first, then the three criteria of the resilience pillar.</summary>
    public static readonly string[] Ids =
    [
        Cooperation, "territorial-need", "inhabitant-appropriation",
        "ecological-transition", "social-cohesion", "local-activity-jobs",
    ];

    public static readonly string[] Resilience = Ids[3..];

    private static readonly Dictionary<string, string[]> Rationales = new()
    {
        [Cooperation] = ["Le collectif ne se réunit plus.", "Quelques échanges entre deux partenaires.",
            "Réunions régulières du collectif.", "Collectif dense, de nouveaux acteurs l'ont rejoint."],
        ["territorial-need"] = ["Pas de besoin identifié sur le territoire.", "Besoin supposé par les initiateurs.",
            "Besoin objectivé par un diagnostic.", "Besoin objectivé et partagé par les acteurs du territoire."],
        ["inhabitant-appropriation"] = ["Les habitants ne se sont pas approprié le projet.", "Quelques usagers fidèles.",
            "Usagers réguliers et bouche-à-oreille.", "Les habitants participent à la vie du projet."],
        ["ecological-transition"] = ["Pas d'effet écologique notable.", "Effet indirect sur l'environnement.",
            "Effet direct sur un enjeu local.", "Effets mesurés sur plusieurs enjeux écologiques."],
        ["social-cohesion"] = ["Pas d'effet sur le lien social.", "Effet marginal sur le lien social.",
            "Effet direct auprès d'un public fragile.", "Effets reconnus auprès de plusieurs publics."],
        ["local-activity-jobs"] = ["Aucune activité locale durable.", "Activité bénévole ou ponctuelle.",
            "Activité pérenne, un emploi local.", "Plusieurs emplois locaux créés ou maintenus."],
    };

    public static CriteriaAssessed Make(
        Guid projectId, DateOnly on, string loggedBy, IReadOnlyList<string> criteria, IReadOnlyList<int> points,
        Random rng, bool withRationale) =>
        new(projectId, on, loggedBy, GridVersion, criteria.Select((c, i) => new CriterionScore(c, points[i],
            withRationale || rng.Next(3) == 0 ? Rationales[c][points[i]] : null)).ToList());

    /// <summary>Spreads <paramref name="total"/> points over <paramref name="parts"/> criteria of 0-3 points, evenly at random.</summary>
    public static int[] Split(int total, int parts, Random rng, int[]? caps = null)
    {
        var points = new int[parts];
        var cap = caps ?? Enumerable.Repeat(3, parts).ToArray();
        if (total < 0 || total > cap.Sum()) throw new ArgumentOutOfRangeException(nameof(total), total, "cannot be spread");
        for (var left = total; left > 0; left--)
        {
            var open = Enumerable.Range(0, parts).Where(i => points[i] < cap[i]).ToList();
            points[open[rng.Next(open.Count)]]++;
        }
        return points;
    }
}
