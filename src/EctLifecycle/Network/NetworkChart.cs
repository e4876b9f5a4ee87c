using System.Globalization;
using ScottPlot;

namespace EctLifecycle.Network;

/// <summary>The network's growth, year by year (its measures at each 31 December), as a chart.</summary>
public static class NetworkChart
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static Plot Of(ActorNetwork n)
    {
        var plot = new Plot();
        var years = n.Growth.Select(g => (double)g.Date.Year).ToArray();
        (string Label, Func<NetworkMeasures, double> Value, Color Color)[] series =
        [
            ("Projets en vie", m => m.Projects, Colors.SteelBlue),
            ("Acteurs des collectifs", m => m.Actors, Colors.DarkOrange),
            ("Acteurs dans deux projets ou plus", m => m.ActorsInTwoOrMore, Colors.ForestGreen),
            ("Projets liés au pôle", m => m.Hub.Projects, Colors.FireBrick),
        ];
        foreach (var (label, value, color) in series)
        {
            var line = plot.Add.Scatter(years, n.Growth.Select(value).ToArray(), color);
            line.LegendText = label;
            line.LineWidth = 2;
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Bottom.TickGenerator = EctLifecycle.Analytics.Charts.WholeNumberTicks();
        plot.Title($"Croissance du réseau au 31 décembre de chaque année, jusqu'au {n.AsOf.ToString("dd/MM/yyyy", French)}");
        plot.XLabel("Année");
        plot.YLabel("Nombre");
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }
}
