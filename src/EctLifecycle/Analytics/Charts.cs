using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using ScottPlot;

namespace EctLifecycle.Analytics;

public enum ChartFormat { Svg, Png }

/// <summary>An answer that draws itself (an analysis in a folder of its own, which the charts here do not read).</summary>
public interface IDrawnAnswer
{
    Plot Chart();
}

/// <summary>Charts of the analytics answers, drawn with ScottPlot, in French, as SVG or PNG.</summary>
public static class Charts
{
    // Numbers and dates as the team writes them (« 1,32 »), whatever the culture the process runs in (a command line often runs invariant).
    private static readonly System.Globalization.CultureInfo French = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");

    public const int Width = 900, Height = 500;

    private static readonly Dictionary<string, string> PillarLabels = new()
    {
        ["collective-ownership"] = "Portage collectif",
        ["territorial-anchoring"] = "Ancrage territorial",
        ["hybrid-economic-model"] = "Hybridation du modèle économique",
        ["territorial-resilience"] = "Résilience du territoire",
    };

    public static string PillarLabel(string id) => PillarLabels.GetValueOrDefault(id, id);

    public static ChartFormat? FormatOfPath(string path) =>
        path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase) ? ChartFormat.Svg
        : path.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? ChartFormat.Png
        : null;

    /// <summary>
    /// Held while a chart is drawn: SkiaSharp, under ScottPlot, crashed the whole process with a segmentation fault in
    /// libSkiaSharp when two requests drew charts at once (seen twice on the CI machine, in the kernel's log, during the
    /// browser tests). Drawing takes milliseconds; one at a time costs little. The crash came back with the lock held:
    /// its cause was ScottPlot's cross leaving its path to the finalizer (<see cref="HeldCross"/>).
    /// </summary>
    private static readonly System.Threading.Lock Drawing = new();

    /// <summary>The font of every chart, the one the pages name first.</summary>
    public const string FontName = "DejaVu Sans";

    /// <summary>
    /// Names the app's font for the plot's title, axes, ticks and legend, and for the texts plotted after this. Not
    /// ScottPlot's <c>plot.Font.Set</c> (5.1.59): it disposes the typeface ScottPlot caches and shares with every plot,
    /// so the first call freed it under any drawing that held it, and every later chart was drawn in Skia's fallback
    /// font. Only names are set here: no typeface is made or released.
    /// </summary>
    private static void UseAppFont(Plot plot)
    {
        ScottPlot.Fonts.Default = FontName;
        plot.Axes.Title.Label.FontName = FontName;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.FontName = FontName;
            axis.TickLabelStyle.FontName = FontName;
        }
        plot.Legend.FontName = FontName;
    }

    /// <summary>The one way a plot is drawn: with <see cref="Drawing"/> held, in the app's font, its crosses held (<see cref="HeldCross"/>).</summary>
    public static T Drawn<T>(Plot plot, Func<Plot, T> draw)
    {
        lock (Drawing)
        {
            UseAppFont(plot);
            HeldCross.HoldEveryCross(plot);
            return draw(plot);
        }
    }

    public static byte[] Render(Plot plot, ChartFormat format)
    {
        MakeRoomAbove(plot);
        return Drawn(plot, p => format == ChartFormat.Svg
            ? System.Text.Encoding.UTF8.GetBytes(p.GetSvgXml(Width, Height))
            : p.GetImageBytes(Width, Height, ImageFormat.Png));
    }

    /// <summary>
    /// Ticks at whole numbers written without a thousands separator, for an axis of years or of years' offsets: ScottPlot
    /// writes them in the culture of the thread, which made « 2 019 » of 2019 in French.
    /// </summary>
    public static ScottPlot.TickGenerators.NumericAutomatic WholeNumberTicks() => new()
    {
        IntegerTicksOnly = true,
        // Whole, so that a tick a hair below zero reads 0, not « -0 ».
        LabelFormatter = v => ((long)Math.Round(v)).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Room above the plot for the labels of vertical lines (the threshold, the date looked at), under the title and away from the ticks below.</summary>
    public static void MakeRoomAbove(Plot plot)
    {
        if (plot.GetPlottables<ScottPlot.Plottables.AxisLine>().Any(l => l.LabelOppositeAxis && !string.IsNullOrEmpty(l.Text)))
            plot.Axes.Top.MinimumSize = 30;
    }

    private static void CountAxis(Plot plot) =>
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

    public static Plot Of(object answer) => answer switch
    {
        Distribution d => Of(d),
        GridComparison c => Of(c),
        Sample s => Of(s),
        PortfolioAt p => Of(p),
        ProjectDrift d => Of(d),
        CohortDrift c => Of(c),
        AlignedDrift a => Of(a),
        IDrawnAnswer drawn => drawn.Chart(),
        TerritoryEmergence t => Of(t),
        _ => throw new ArgumentOutOfRangeException(nameof(answer), answer.GetType().Name, "no chart for this answer"),
    };

    public static Plot Of(Distribution d)
    {
        var plot = new Plot();
        var bars = plot.Add.Bars(d.Counts.Select(c => (double)c.Score).ToArray(), d.Counts.Select(c => (double)c.Projects).ToArray());
        bars.Color = Colors.SteelBlue;
        bars.LegendText = "Projets par score";
        if (d.Node is { Score: { } node } n)
        {
            // The node drawn over its own bar, in another colour, and listed in the chart's figures.
            var marked = plot.Add.Bars([(double)node], [(double)n.Projects]);
            marked.Color = Colors.DarkOrange;
            marked.LegendText = $"Nœud de la distribution : score {node} ({n.Projects} projets)";
        }
        Threshold(plot, d.Threshold, d.ThresholdComparison);
        plot.Title($"Distribution des scores ECT au {d.AsOf:dd/MM/yyyy} (grille {d.GridVersion}) : {d.AtOrAboveThreshold} projets sur {d.Projects} au seuil · {AnalyticsLabels.Node(d)}");
        plot.XLabel("Score ECT");
        plot.YLabel("Nombre de projets");
        plot.Axes.Margins(bottom: 0);
        CountAxis(plot);
        ScoreAxisFromZero(plot, d.Counts.Select(c => c.Score).Append(d.Threshold));
        return plot;
    }

    public static Plot Of(GridComparison c)
    {
        var plot = new Plot();
        var a = plot.Add.Bars(c.Base.Counts.Select(x => x.Score - 0.2).ToArray(), c.Base.Counts.Select(x => (double)x.Projects).ToArray());
        a.LegendText = $"Grille {c.Base.GridVersion} ({c.Base.AtOrAboveThreshold} au seuil)";
        a.Color = Colors.SteelBlue;
        foreach (var bar in a.Bars) bar.Size = 0.4;
        var b = plot.Add.Bars(c.Other.Counts.Select(x => x.Score + 0.2).ToArray(), c.Other.Counts.Select(x => (double)x.Projects).ToArray());
        b.LegendText = $"Grille {c.Other.GridVersion} ({c.Other.AtOrAboveThreshold} au seuil)";
        b.Color = Colors.DarkOrange;
        foreach (var bar in b.Bars) bar.Size = 0.4;
        Threshold(plot, c.Base.Threshold, c.Base.ThresholdComparison);
        ScoreAxisFromZero(plot, c.Base.Counts.Concat(c.Other.Counts).Select(x => x.Score).Append(c.Base.Threshold));
        plot.Title($"Deux grilles au {c.Base.AsOf:dd/MM/yyyy} : {c.CrossedUp.Count} projet(s) passent le seuil, {c.CrossedDown.Count} le perdent");
        plot.XLabel("Score ECT");
        plot.YLabel("Nombre de projets");
        plot.ShowLegend(Alignment.UpperLeft);
        CountAxis(plot);
        return plot;
    }

    public static Plot Of(Sample s)
    {
        var plot = new Plot();
        foreach (var (selected, label, color) in new[] { (true, "Sélectionnés", Colors.SeaGreen), (false, "Autres", Colors.Gray) })
        {
            var group = s.Projects.Where(p => p.Selected == selected).ToList();
            if (group.Count == 0) continue;
            var points = plot.Add.ScatterPoints(group.Select(p => (double)p.Score).ToArray(), group.Select(p => p.ResilienceMean).ToArray());
            points.Color = color;
            points.MarkerSize = 9;
            points.LegendText = selected ? $"{label} ({group.Count}), nommés par leur clé" : $"{label} ({group.Count})";
            if (!selected) continue;
            // Each selected point named by its project's key beside it (one label for the projects on the same spot).
            foreach (var spot in group.GroupBy(p => (p.Score, p.ResilienceMean)))
            {
                var key = plot.Add.Text(string.Join(", ", spot.Select(p => p.Key)), spot.Key.Score, spot.Key.ResilienceMean);
                key.LabelFontSize = 11;
                key.LabelFontColor = Colors.DarkGreen;
                key.LabelAlignment = Alignment.LowerLeft;
                key.LabelOffsetX = 5;
                key.LabelOffsetY = -3;
            }
        }
        Threshold(plot, s.Threshold, s.ThresholdComparison);
        var mean = plot.Add.HorizontalLine(s.PortfolioResilienceMean);
        mean.LinePattern = LinePattern.Dashed;
        mean.Color = Colors.DarkOrange;
        mean.LegendText = string.Create(French, $"Résilience moyenne du portefeuille ({s.PortfolioResilienceMean:0.00})");
        ScoreAxisFromZero(plot, s.Projects.Select(p => p.Score).Append(s.Threshold), room: 3); // room for the keys on the right
        plot.Axes.SetLimitsY(0, 3.1);
        plot.Title($"Échantillon qualitatif au {s.AsOf:dd/MM/yyyy} : {s.Preselected} présélectionnés, {s.Selected} retenus");
        plot.XLabel("Score ECT");
        plot.YLabel("Moyenne du pilier résilience (0-3)");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    public static Plot Of(PortfolioAt p)
    {
        var plot = new Plot();
        var stages = Enum.GetValues<Stage>().Select(s => (Label: FrenchLabels.Of(s), Count: p.ByStage.GetValueOrDefault(s.Wire()))).ToList();
        var bars = plot.Add.Bars(Enumerable.Range(0, stages.Count).Select(i => (double)i).ToArray(), stages.Select(s => (double)s.Count).ToArray());
        bars.LegendText = "Projets par étape";
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, stages.Count).Select(i => (double)i).ToArray(), stages.Select(s => s.Label).ToArray());
        plot.Title(string.Create(French, $"Portefeuille au {p.AsOf:dd/MM/yyyy} : {p.Projects} projets par étape (score moyen {p.MeanScore:0.0})"));
        plot.YLabel("Nombre de projets");
        plot.Axes.Margins(bottom: 0);
        CountAxis(plot);
        return plot;
    }

    public static Plot Of(ProjectDrift d) => Of(d, null);

    /// <summary>The project's drift; <paramref name="seenAt"/>, the date the card is looked at, marked by a labelled line.</summary>
    public static Plot Of(ProjectDrift d, DateOnly? seenAt)
    {
        var plot = new Plot();
        var xs = d.Samples.Select(s => s.Date.ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray();
        foreach (var pillar in d.Samples.FirstOrDefault()?.PillarMeans.Keys ?? Enumerable.Empty<string>())
        {
            var line = plot.Add.Scatter(xs, d.Samples.Select(s => s.PillarMeans[pillar]).ToArray());
            line.LegendText = PillarLabel(pillar);
            line.LineWidth = 2;
        }
        foreach (var change in d.ChangePoints.Skip(1))
        {
            var mark = plot.Add.VerticalLine(change.Date.ToDateTime(TimeOnly.MinValue).ToOADate());
            mark.Color = Colors.DarkGray;
            mark.LineWidth = 1;
            mark.LegendText = "Jalon qui change le score";
        }
        if (seenAt is { } seen)
        {
            var line = plot.Add.VerticalLine(seen.ToDateTime(TimeOnly.MinValue).ToOADate());
            line.Color = Colors.Black;
            line.LineWidth = 2;
            line.LinePattern = LinePattern.Dashed;
            line.Text = seen.ToString("dd/MM/yyyy");
            line.LabelOppositeAxis = true;
            line.LegendText = $"Date à laquelle le projet est vu ({seen:dd/MM/yyyy})";
        }
        plot.Axes.DateTimeTicksBottom();
        plot.Axes.SetLimitsY(0, 3.1);
        plot.Title($"{d.Name} : dérive des piliers (grille {d.GridVersion})");
        plot.YLabel("Moyenne du pilier (0-3)");
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    public static Plot Of(CohortDrift c)
    {
        var plot = new Plot();
        foreach (var cohort in c.Points.GroupBy(p => p.Cohort))
        {
            var line = plot.Add.Scatter(cohort.Select(p => p.Date.ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray(),
                cohort.Select(p => p.Score.Mean).ToArray());
            line.LegendText = AnalyticsLabels.CohortLegend(c.By, cohort.Key);
            line.LineWidth = 2;
        }
        plot.Axes.DateTimeTicksBottom();
        plot.Axes.SetLimitsY(0, Math.Max(1, c.Points.Select(p => p.Score.Mean).DefaultIfEmpty(0).Max()) * 1.1);
        plot.Title($"Score ECT moyen par cohorte ({AnalyticsLabels.Of(c.By).ToLowerInvariant()}), grille {c.GridVersion}");
        plot.YLabel("Score ECT moyen");
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    /// <summary>Projects by emergence year, stacked: in the agglomeration, out of it, not placed yet.</summary>
    public static Plot Of(TerritoryEmergence t)
    {
        var plot = new Plot();
        (string Place, Color Color)[] stack =
            [(Communes.TerritoryValues.Inside, Colors.SteelBlue), (Communes.TerritoryValues.Outside, Colors.DarkOrange), (Communes.TerritoryValues.Unplaced, Colors.LightGray)];
        var bars = new List<Bar>();
        foreach (var y in t.Years)
        {
            double bottom = 0;
            foreach (var (place, color) in stack)
            {
                var n = y.ByTerritory.GetValueOrDefault(place);
                if (n > 0) bars.Add(new Bar { Position = y.Year, ValueBase = bottom, Value = bottom + n, FillColor = color });
                bottom += n;
            }
        }
        plot.Add.Bars(bars);
        foreach (var (place, color) in stack)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = Communes.Territory.PlaceLabel(place), FillColor = color });
        CountAxis(plot);
        plot.Axes.Bottom.TickGenerator = WholeNumberTicks();
        plot.Axes.Margins(bottom: 0);
        plot.Title($"Projets par année d'émergence au {t.AsOf.ToString("dd/MM/yyyy", French)} : {t.InAgglomeration} sur {t.Projects} dans l'agglomération ({t.AgglomerationName})");
        plot.XLabel("Année d'émergence");
        plot.YLabel("Nombre de projets");
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    public static Plot Of(AlignedDrift a)
    {
        var plot = new Plot();
        foreach (var cohort in a.Points.GroupBy(p => p.Cohort))
            foreach (var pillar in cohort.First().Pillars.Keys)
            {
                var line = plot.Add.Scatter(cohort.Select(p => (double)p.OffsetYears).ToArray(), cohort.Select(p => p.Pillars[pillar].Mean).ToArray());
                line.LegendText = a.By is null ? PillarLabel(pillar) : $"{PillarLabel(pillar)} ({AnalyticsLabels.CohortLegend(a.By, cohort.Key)})";
                line.LineWidth = 2;
            }
        var zero = plot.Add.VerticalLine(0);
        zero.LinePattern = LinePattern.Dashed;
        zero.Color = Colors.Black;
        zero.LegendText = "Le jalon (année 0)";
        plot.Axes.SetLimitsY(0, 3.1);
        plot.Title($"Piliers autour de « {AnalyticsLabels.Of(a.On)} » ({a.ProjectsAligned} projets), grille {a.GridVersion}");
        plot.XLabel("Années depuis le jalon");
        plot.YLabel("Moyenne du pilier (0-3)");
        plot.Axes.Bottom.TickGenerator = WholeNumberTicks();
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    /// <summary>The threshold's line, drawn just before the first score that reaches it under the grid's comparison.</summary>
    private static void Threshold(Plot plot, int threshold, ThresholdComparison comparison)
    {
        var line = plot.Add.VerticalLine(threshold + (comparison == ThresholdComparison.Above ? 0.5 : -0.5));
        line.LinePattern = LinePattern.Dashed;
        line.Color = Colors.Crimson;
        line.LegendText = $"Seuil ECT ({threshold} points, {AnalyticsLabels.Comparison(comparison)})";
        line.Text = $"seuil {threshold}";
        line.LabelOppositeAxis = true; // above the plot, not over the score ticks
    }

    /// <summary>A score axis starts at 0 and shows every score drawn, whole numbers only.</summary>
    private static void ScoreAxisFromZero(Plot plot, IEnumerable<int> scores, double room = 0.6)
    {
        plot.Axes.SetLimitsX(-0.6, scores.DefaultIfEmpty(0).Max() + room);
        plot.Axes.Bottom.TickGenerator = WholeNumberTicks();
    }
}
