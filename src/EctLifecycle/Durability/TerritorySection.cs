using EctLifecycle.Analytics;
using EctLifecycle.Communes;
using EctLifecycle.ScoreHistory;
using ScottPlot;

namespace EctLifecycle.Durability;

/// <summary>A place (in or out of the agglomeration, a population class, or not placed): its projects at the date and how many had stopped.</summary>
public sealed record PlaceTally(string By, string Code, string Label, int Projects, int Stopped)
{
    public double? StoppedShare => Projects == 0 ? null : (double)Stopped / Projects;
}

/// <summary>
/// The territory in the portfolio report (issue 19): the stopped projects beside all the projects, in or out of the
/// agglomeration and by population class of their commune, as <see cref="Territory"/>'s settings read them (the tool's
/// defaults, not the study's). A project counts where staff placed it; one not placed is « non placé ».
/// </summary>
public sealed record TerritorySection(string AgglomerationName, IReadOnlyList<PlaceTally> Places, IReadOnlyList<PlaceTally> PopulationClasses)
{
    public const string ByPlace = "territory", ByPopulationClass = "populationClass";

    public static TerritorySection Of(IReadOnlyList<ScorePeriod> snapshots, Territory territory)
    {
        var places = snapshots.Select(s => (Place: territory.Place(s.CommuneCode), Class: territory.PopulationClassOf(s.CommuneCode), Stopped: s.StoppedOn is not null)).ToList();
        PlaceTally Tally(string by, string code, string label, Func<(string Place, string Class, bool Stopped), bool> holds) =>
            new(by, code, label, places.Count(holds), places.Count(x => x.Stopped && holds(x)));
        var where = new[] { TerritoryValues.Inside, TerritoryValues.Outside, TerritoryValues.Unplaced }
            .Select(v => Tally(ByPlace, v, Territory.PlaceLabel(v), x => x.Place == v)).ToList();
        var classes = territory.Classes.Select((_, i) => TerritorySettings.Wire(territory.Classes, i)).Append(TerritoryValues.Unplaced)
            .Select(v => Tally(ByPopulationClass, v, territory.PopulationClassLabel(v), x => x.Class == v)).ToList();
        return new TerritorySection(territory.AgglomerationName, where, classes);
    }

    public IEnumerable<Block> Blocks()
    {
        yield return new Heading("Le territoire des projets arrêtés");
        yield return new Paragraph($"Les projets arrêtés à la date parmi tous les projets, selon la commune où l'équipe les a placés : dans l'agglomération " +
            $"({AgglomerationName}) ou hors d'elle, et selon la population de la commune. L'agglomération et les classes de population sont des réglages " +
            "de l'outil (section Territory), non de l'étude ; un projet sans commune confirmée est « non placé ».");
        yield return new Figure(Chart, "Projets arrêtés parmi tous les projets, selon le territoire");
        foreach (var (title, rows) in new[] { ("Où", Places), ("Population de la commune", PopulationClasses) })
            yield return new Table([title, "Projets", "Arrêtés", "Part arrêtée"],
                rows.Select(t => Fr.Row(char.ToUpperInvariant(t.Label[0]) + t.Label[1..], t.Projects.ToString(), t.Stopped.ToString(), t.StoppedShare is { } s ? Fr.Pct(s) : "—")).ToList());
    }

    /// <summary>All the projects and the stopped ones side by side, for each place then each population class.</summary>
    private Plot Chart()
    {
        var plot = new Plot();
        // The unplaced projects once, with the places: the population classes' « non placé » is the same projects.
        var rows = Places.Concat(PopulationClasses.Where(c => c.Code != TerritoryValues.Unplaced)).Reverse().ToList();
        var all = plot.Add.Bars(rows.Select((_, i) => i * 3 + 1.0).ToArray(), rows.Select(r => (double)r.Projects).ToArray());
        all.Horizontal = true;
        all.Color = Colors.LightSteelBlue;
        all.LegendText = "Tous les projets";
        var stopped = plot.Add.Bars(rows.Select((_, i) => i * 3 + 0.0).ToArray(), rows.Select(r => (double)r.Stopped).ToArray());
        stopped.Horizontal = true;
        stopped.Color = Colors.FireBrick;
        stopped.LegendText = "Projets arrêtés";
        plot.Axes.Left.SetTicks(rows.Select((_, i) => i * 3 + 0.5).ToArray(), rows.Select(r => r.Label).ToArray());
        plot.Axes.Bottom.TickGenerator = EctLifecycle.Analytics.Charts.WholeNumberTicks();
        plot.Axes.Margins(left: 0);
        plot.Title("Projets arrêtés parmi tous les projets, selon le territoire");
        plot.XLabel("Projets");
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    public IEnumerable<TidyRow> Tidy(DateOnly asOf)
    {
        foreach (var t in Places.Concat(PopulationClasses))
        {
            yield return new($"{t.By}={t.Code}", asOf, "projects", t.Projects, $"{t.Label} · Nombre de projets");
            yield return new($"{t.By}={t.Code}", asOf, "stopped", t.Stopped, $"{t.Label} · Projets arrêtés");
        }
    }
}
