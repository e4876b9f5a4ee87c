using EctLifecycle.Analytics;
using EctLifecycle.ScoreHistory;
using EctLifecycle.Lists;
using EctLifecycle.Typology;

namespace EctLifecycle.Durability;

/// <summary>A group of the typology's best partition, and how many stopped projects were nearest to it before their stop.</summary>
public sealed record TypologyGroupSummary(int Number, int Size, double? Silhouette, string Description, int StoppedNearest);

/// <summary>A stopped project and the group it was nearest to the day before its stop (null: no groups to compare with).</summary>
public sealed record StoppedInGroup(string Key, string Name, DateOnly StoppedOn, int? Group);

/// <summary>
/// The typology in the portfolio report (issue 19): the live projects clustered at the report's date
/// (<see cref="ProjectTypology"/>), its silhouette and its French reading, « pas de typologie nette » when that is the
/// answer, and for each stopped project the group it was nearest to the day before its stop (<see cref="NearestGroup"/>):
/// stopped projects are not typed themselves.
/// </summary>
public sealed record TypologySection(
    TypologyStatus Status, string Verdict, int Projects, int? Clusters, double? Silhouette, string? Reading, double MinSilhouette,
    IReadOnlyList<TypologyGroupSummary> Groups, IReadOnlyList<StoppedInGroup> Stopped)
{
    /// <summary><paramref name="snapshots"/>: the periods at the report's date; <paramref name="eves"/>: each stopped project's period the day before its stop.</summary>
    public static TypologySection Of(ProjectTypology t, IReadOnlyList<ScorePeriod> snapshots, IReadOnlyList<StoppedSummary> stopped, IReadOnlyList<ScorePeriod> eves)
    {
        var nearest = NearestGroup.Of(t, snapshots);
        var before = eves.GroupBy(x => x.ProjectId).ToDictionary(g => g.Key, g => g.First());
        var placed = stopped.Select(s =>
        {
            var eve = s.StoppedOn.AddDays(-1);
            var period = before.GetValueOrDefault(s.Id);
            return new StoppedInGroup(s.Key, s.Name, s.StoppedOn, nearest is not null && period is not null ? nearest.Of(period, eve) : null);
        }).ToList();
        return new TypologySection(t.Status, t.Verdict, t.Projects, t.Clusters, t.Silhouette, t.Reading, t.MinSilhouette,
            t.Groups.Select(g => new TypologyGroupSummary(g.Number, g.Size, g.Silhouette, g.Description, placed.Count(x => x.Group == g.Number))).ToList(),
            placed);
    }

    public IEnumerable<Block> Blocks()
    {
        yield return new Heading("La typologie des projets");
        yield return new Paragraph($"L'étude : {ProjectTypology.StudySays} L'outil cherche des types parmi les projets en cours à la date " +
            "(k-moyennes sur les piliers et le parcours ; le nombre de groupes et le seuil de silhouette sont des réglages de l'outil, section Typology).");
        yield return new KeyFigures([
            ("Projets en cours typés", Projects.ToString()),
            ("Groupes de la meilleure partition", Clusters?.ToString() ?? "—"),
            ("Silhouette moyenne", Silhouette is { } s ? TypologyText.N(s) : "—"),
            ("Lecture", Reading ?? "—"),
            ("Seuil d'une typologie nette (réglage)", TypologyText.N(MinSilhouette)),
        ]);
        yield return new Paragraph(Verdict);
        if (Groups.Count == 0) yield break;
        yield return new Paragraph(Status == TypologyStatus.ClearTypology
            ? "Les groupes et, pour chacun, les projets arrêtés qui en étaient les plus proches la veille de leur arrêt :"
            : "Les groupes de la meilleure partition, qui ne sont pas des types nets, et, pour chacun, les projets arrêtés qui en étaient les plus proches la veille de leur arrêt :");
        yield return new Table(["Groupe", "Projets", "Silhouette", "Ce qui le distingue", "Projets arrêtés les plus proches"],
            Groups.Select(g => Fr.Row(g.Number.ToString(), g.Size.ToString(), g.Silhouette is { } s ? TypologyText.N(s) : "—", g.Description, g.StoppedNearest.ToString())).ToList());
        yield return new Table(["Clé", "Projet arrêté", "Arrêt", "Groupe le plus proche la veille de l'arrêt"],
            Stopped.Select(x => Fr.Row(x.Key, x.Name, Fr.Date(x.StoppedOn), x.Group is { } n ? $"groupe {n}" : "non comparable")).ToList(),
            "Aucun projet arrêté à cette date.");
    }

    public IEnumerable<TidyRow> Tidy(DateOnly asOf)
    {
        yield return new("typology", asOf, "status", Status.Wire(), $"Typologie · Verdict : {Verdict}");
        yield return new("typology", asOf, "clusters", Clusters, "Typologie · Nombre de groupes de la meilleure partition");
        yield return new("typology", asOf, "silhouette", Silhouette, "Typologie · Silhouette moyenne de la meilleure partition");
        foreach (var g in Groups) yield return new($"typology|cluster={g.Number}", asOf, "projects", g.Size, $"Typologie · Groupe {g.Number} · Nombre de projets");
        foreach (var x in Stopped)
            yield return new(x.Key, x.StoppedOn, "nearestCluster", x.Group, $"{x.Key} · Groupe le plus proche{(x.Group is null ? " : non comparable" : "")}");
    }
}
