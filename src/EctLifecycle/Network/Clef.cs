using EctLifecycle.Analytics;
using EctLifecycle.ScoreHistory;

namespace EctLifecycle.Network;

/// <summary>A project in the « clef » comparison: its collective's actors active elsewhere at its reference date, and how long it kept the pillar.</summary>
public sealed record ClefProject(
    string Key, string Name, DateOnly ReferenceDate, int ActorsElsewhere, string Group, double Years, bool Fell, DateOnly? FellOn);

/// <summary>A group's curve of keeping the pillar (Kaplan-Meier: a fall is the event, a stop or the as-of date censors).</summary>
public sealed record ClefGroup(string Group, string Label, int Projects, int Fell, double? MedianYears, SurvivalCurve Curve);

/// <summary>
/// The study's question: « Renforcer l'écosystème coopératif territorial représente-il une « clef » permettant d'offrir un
/// cadre favorable à la pérennité de l'ECT ? » (seed <c>000_63fefee6844dd0ec.txt</c>). Read here as: do projects whose
/// collective is better connected keep the collective-ownership pillar longer? The measure and the method are
/// <see cref="NetworkSettings"/>' rules, stated in <see cref="Method"/>.
/// </summary>
public sealed record Clef(string Question, string Method, IReadOnlyList<ClefGroup> Groups, IReadOnlyList<ClefProject> Projects, int NotHeldAtReference, bool TooSmall, string Conclusion)
{
    public const string StudyQuestion = "Renforcer l'écosystème coopératif territorial représente-il une « clef » permettant d'offrir un cadre favorable à la pérennité de l'ECT ?";
    public const string Connected = "connected", NotConnected = "notConnected";

    /// <summary>The reference date of a project: the first 31 December at least a year after its emergence.</summary>
    public static DateOnly ReferenceDate(DateOnly emergedOn)
    {
        var year = emergedOn.AddYears(1);
        return new DateOnly(year.Year, 12, 31);
    }

    /// <summary>
    /// <paramref name="yearEnds"/>: the network at each 31 December up to the as-of date; <paramref name="periods"/>: the
    /// projects' score periods up to the as-of date, with the mean of the pillar followed (<see cref="NetworkSettings.Pillar"/>).
    /// </summary>
    public static Clef Of(DateOnly asOf, IReadOnlyList<(Guid Id, string Key, string Name, DateOnly EmergedOn, DateOnly? StoppedOn)> projects,
        IReadOnlyDictionary<DateOnly, NetworkAt> yearEnds, IReadOnlyList<PillarPeriod> periods, string pillarLabel, NetworkSettings s)
    {
        var byProject = periods.GroupBy(x => x.ProjectId).ToDictionary(g => g.Key, g => g.OrderBy(x => x.From).ToList());
        var rows = new List<ClefProject>();
        var notHeld = 0;
        foreach (var p in projects)
        {
            var reference = ReferenceDate(p.EmergedOn);
            if (reference > asOf || !yearEnds.TryGetValue(reference, out var network)) continue;
            var node = NetworkAt.ProjectNode(p.Id);
            if (network.Nodes.All(n => n.Id != node)) continue; // stopped by then
            var collective = network.Ties.Where(t => t.Project == node && t.Kind is TieKinds.Member or TieKinds.Carrier).Select(t => t.Actor).ToHashSet();
            var elsewhere = network.Nodes.Count(n => collective.Contains(n.Id) && n.Kind == NodeKinds.Actor && n.Projects >= 2);
            var mine = byProject.GetValueOrDefault(p.Id) ?? [];
            if (PillarAt(mine, reference) is not { } start || start < s.PillarFloor)
            {
                notHeld++;
                continue;
            }
            var end = p.StoppedOn is { } stop && stop < asOf ? stop : asOf;
            var fell = mine.Where(x => (x.To is null || x.To > reference) && x.From <= end && (x.Pillar ?? 0) < s.PillarFloor)
                .Select(x => x.From < reference ? reference : x.From).Cast<DateOnly?>().FirstOrDefault();
            var until = fell ?? end;
            rows.Add(new ClefProject(p.Key, p.Name, reference, elsewhere, elsewhere >= s.ConnectedActors ? Connected : NotConnected,
                Math.Max(0, until.DayNumber - reference.DayNumber) / 365.25, fell is not null, fell));
        }
        var groups = new[] { Connected, NotConnected }.Select(g =>
        {
            var curve = KaplanMeier.Estimate(g, rows.Where(r => r.Group == g).Select(r => new SurvivalObservation(r.Years, r.Fell)));
            return new ClefGroup(g, GroupLabel(g, s), curve.Projects, curve.Stops, curve.MedianYears, curve);
        }).ToList();
        var tooSmall = groups.Any(g => g.Projects < s.MinGroup);
        return new Clef(StudyQuestion, MethodOf(pillarLabel, s), groups, rows, notHeld, tooSmall, ConclusionOf(groups, tooSmall, s));
    }

    private static double? PillarAt(IReadOnlyList<PillarPeriod> periods, DateOnly date)
    {
        foreach (var period in periods) if (period.HoldsAt(date)) return period.Pillar;
        return null;
    }

    public static string GroupLabel(string group, NetworkSettings s) => group == Connected
        ? $"Collectif connecté (au moins {s.ConnectedActors} acteur{(s.ConnectedActors > 1 ? "s" : "")} aussi dans un autre projet)"
        : "Collectif non connecté";

    public static string MethodOf(string pillarLabel, NetworkSettings s) =>
        $"Réglages Network (non issus de l'étude) : la date de référence d'un projet est le premier 31 décembre au moins un an après son émergence ; " +
        $"son collectif est connecté quand au moins {s.ConnectedActors} de ses acteurs (membres ou porteur, hors pôle) sont alors aussi dans le collectif " +
        $"d'un autre projet en vie (Network:ConnectedActors). Le pilier « {pillarLabel} » est gardé tant que sa moyenne reste au moins à " +
        $"{s.PillarFloor:0.##} sur 3 (Network:PillarFloor) ; la durée court de la date de référence au premier jour en dessous, " +
        $"l'arrêt du projet ou la date d'analyse fermant l'observation (courbes de Kaplan-Meier). Les projets déjà sous ce niveau à la date de référence " +
        $"sont comptés à part. Un groupe de moins de {s.MinGroup} projets ne permet pas de conclure (Network:MinGroup).";

    private static string ConclusionOf(IReadOnlyList<ClefGroup> groups, bool tooSmall, NetworkSettings s)
    {
        var (c, n) = (groups[0], groups[1]);
        var counts = $"{c.Projects} projet{(c.Projects > 1 ? "s" : "")} au collectif connecté, {n.Projects} non connecté{(n.Projects > 1 ? "s" : "")}";
        if (tooSmall) return $"Trop peu de projets pour conclure : {counts} (au moins {s.MinGroup} par groupe).";
        static string Median(ClefGroup g) => g.MedianYears is { } m ? $"{m:0.#} an{(m >= 2 ? "s" : "")}" : "non atteinte (plus de la moitié le gardent)";
        return $"{counts}. Durée médiane du pilier : {Median(c)} pour les connectés, {Median(n)} pour les autres ; " +
            $"{c.Fell} et {n.Fell} projets l'ont perdu. Une comparaison descriptive, sans test de significativité.";
    }
}

/// <summary>
/// A project's score period as the « clef » reads it: its days and the mean of the pillar followed (null when the period
/// has none), without the rest of the period, so that every project's periods can be held at once.
/// </summary>
public readonly record struct PillarPeriod(Guid ProjectId, DateOnly From, DateOnly? To, double? Pillar)
{
    public static PillarPeriod Of(ScorePeriod period, string pillar) =>
        new(period.ProjectId, period.From, period.To, period.Pillars.TryGetValue(pillar, out var mean) ? mean : null);

    public bool HoldsAt(DateOnly date) => From <= date && (To is null || date < To);
}
