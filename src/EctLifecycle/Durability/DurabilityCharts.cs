using EctLifecycle.Analytics;
using ScottPlot;

namespace EctLifecycle.Durability;

/// <summary>The durability reports' charts, drawn with ScottPlot in French and inlined in the HTML as SVG.</summary>
public static class DurabilityCharts
{
    private static double X(DateOnly d) => d.ToDateTime(TimeOnly.MinValue).ToOADate();

    /// <summary>
    /// Beyond this many steps a curve is drawn a month at a time (<see cref="Drawn"/>): at L (100,000 projects) the
    /// portfolio's curve had some 2,900 steps, each with its cross, drawn twice and listed in the figures' table (1.4 MB of the
    /// reports' page), where a 900-pixel chart of 25 years shows 3 pixels a month. A rule of ours, not the study's.
    /// </summary>
    public const int StepsDrawnWhole = 400;

    /// <summary>
    /// The steps drawn of a curve: all of them up to <see cref="StepsDrawnWhole"/>; beyond, the last of each month since
    /// emergence (the survival at the end of that month), with the month's stops and censored projects summed.
    /// </summary>
    public static IReadOnlyList<SurvivalStep> Drawn(IReadOnlyList<SurvivalStep> steps) =>
        steps.Count <= StepsDrawnWhole ? steps
            : steps.GroupBy(s => (int)Math.Floor(s.Years * 12)).Select(month => month.Last() with
            {
                AtRisk = month.First().AtRisk, Stops = month.Sum(s => s.Stops), Censored = month.Sum(s => s.Censored),
            }).ToList();

    /// <summary>Kaplan-Meier curves as steps from 1 at emergence, a cross where live projects are censored (drawn a month at a time past <see cref="StepsDrawnWhole"/> steps).</summary>
    public static Plot Survival(IReadOnlyList<SurvivalCurve> curves, string by, string title)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var (curve, i) in curves.Select((c, i) => (c, i)))
        {
            var color = palette.GetColor(i);
            var steps = Drawn(curve.Steps);
            var xs = steps.Select(s => s.Years).Prepend(0).ToArray();
            var ys = steps.Select(s => s.Survival).Prepend(1).ToArray();
            var line = plot.Add.Scatter(xs, ys, color);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = $"{SurvivalBy.GroupLabel(by, curve.Group)} ({curve.Stops} arrêts / {curve.Projects})";
            var censored = steps.Where(s => s.Censored > 0).ToList();
            if (censored.Count > 0)
            {
                var marks = plot.Add.Markers(censored.Select(s => s.Years).ToArray(), censored.Select(s => s.Survival).ToArray(), MarkerShape.Cross, 7, color);
                marks.LegendText = "Projet encore en vie à cette durée (croix)";
            }
        }
        plot.Axes.SetLimitsY(0, 1.05);
        plot.Axes.SetLimitsX(0, Math.Max(1, curves.SelectMany(c => c.Steps).Select(s => s.Years).DefaultIfEmpty(1).Max()) * 1.03);
        plot.Title(title);
        plot.XLabel("Années depuis l'émergence");
        plot.YLabel("Part des projets encore en vie");
        plot.ShowLegend(curves.Count > 4 ? Edge.Right : Edge.Bottom);
        return plot;
    }

    public static Plot Reasons(PortfolioReport r)
    {
        var plot = new Plot();
        var tallies = r.Reasons.Where(t => t.Projects > 0).Reverse().ToList();
        var bars = plot.Add.Bars(Enumerable.Range(0, tallies.Count).Select(i => (double)i).ToArray(), tallies.Select(t => (double)t.Projects).ToArray());
        bars.Horizontal = true;
        bars.Color = Colors.SteelBlue;
        bars.LegendText = "Projets arrêtés pour cette raison";
        plot.Axes.Left.SetTicks(Enumerable.Range(0, tallies.Count).Select(i => (double)i).ToArray(), tallies.Select(t => t.Label).ToArray());
        plot.Axes.Bottom.TickGenerator = EctLifecycle.Analytics.Charts.WholeNumberTicks();
        plot.Axes.Margins(left: 0);
        plot.Title($"Raisons des {r.StoppedCount} arrêts (un projet peut en donner plusieurs)");
        plot.XLabel("Projets");
        return plot;
    }

    /// <summary>Each pillar's mean from emergence to stop, as steps; the stop marked.</summary>
    public static Plot Pillars(ProjectReport r)
    {
        var plot = new Plot();
        var points = r.PillarSeries;
        foreach (var pillar in points.FirstOrDefault()?.PillarMeans.Keys ?? Enumerable.Empty<string>())
        {
            var line = plot.Add.Scatter(points.Select(p => X(p.Date)).Append(X(r.StoppedOn)).ToArray(),
                points.Select(p => p.PillarMeans[pillar]).Append(points[^1].PillarMeans[pillar]).ToArray());
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = Charts.PillarLabel(pillar);
        }
        Stop(plot, r.StoppedOn);
        plot.Axes.DateTimeTicksBottom();
        plot.Axes.SetLimitsY(0, 3.1);
        plot.Title($"{r.Project.Name} : les piliers de l'émergence à l'arrêt (grille {r.GridVersion})");
        plot.YLabel("Moyenne du pilier (0-3)");
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    /// <summary>The collective's size and the public share of resources; periods <i>sous perfusion</i> shaded.</summary>
    public static Plot CollectiveAndResources(ProjectReport r)
    {
        var plot = new Plot();
        foreach (var p in r.Resources.Perfusion)
        {
            var span = plot.Add.HorizontalSpan(X(p.From), X(p.To), Colors.Crimson.WithAlpha(0.12));
            span.LegendText = "Sous perfusion (> 80 % d'argent public)";
        }
        var actors = plot.Add.Scatter(r.Collective.Series.Select(c => X(c.Date)).Append(X(r.StoppedOn)).ToArray(),
            r.Collective.Series.Select(c => (double)c.ActiveActors).Append(r.Collective.Series[^1].ActiveActors).ToArray(), Colors.SteelBlue);
        actors.ConnectStyle = ConnectStyle.StepHorizontal;
        actors.LegendText = "Acteurs actifs du collectif";
        actors.LineWidth = 2;
        actors.MarkerSize = 0;
        var share = plot.Add.Scatter(r.Resources.Series.Select(c => X(c.Date)).Append(X(r.StoppedOn)).ToArray(),
            r.Resources.Series.Select(c => c.PublicShare * 100).Append(r.Resources.Series.LastOrDefault()?.PublicShare * 100 ?? 0).ToArray(),
            Colors.DarkOrange);
        share.ConnectStyle = ConnectStyle.StepHorizontal;
        share.LegendText = "Part publique des ressources (%)";
        share.LineWidth = 2;
        share.MarkerSize = 0;
        share.Axes.YAxis = plot.Axes.Right;
        Stop(plot, r.StoppedOn);
        plot.Axes.DateTimeTicksBottom();
        plot.Axes.SetLimitsY(0, Math.Max(2, r.Collective.Series.Max(c => c.ActiveActors)) * 1.1, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, 105, plot.Axes.Right);
        plot.Axes.Left.Label.Text = "Acteurs actifs";
        plot.Axes.Right.Label.Text = "Part publique (%)";
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Title("Le collectif et les ressources au fil du temps");
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    private static void Stop(Plot plot, DateOnly on)
    {
        var line = plot.Add.VerticalLine(X(on));
        line.LinePattern = LinePattern.Dashed;
        line.Color = Colors.Black;
        line.LegendText = $"Arrêt ({Fr.Date(on)})";
    }
}
