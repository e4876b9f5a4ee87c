using ScottPlot;

namespace EctLifecycle.Typology;

/// <summary>The typology drawn: the projects on the plane of the two first principal components, one colour a cluster; the silhouette of each number of clusters tried.</summary>
public static class TypologyCharts
{
    public static Plot Plane(ProjectTypology t)
    {
        var plot = new Plot();
        foreach (var g in t.Groups)
        {
            var dots = plot.Add.ScatterPoints(g.Projects.Select(x => x.X).ToArray(), g.Projects.Select(x => x.Y).ToArray());
            dots.MarkerSize = 9;
            dots.LegendText = $"Groupe {g.Number} ({g.Size} projet{(g.Size > 1 ? "s" : "")})";
        }
        plot.Title($"Typologie au {t.AsOf:dd/MM/yyyy} (grille {t.GridVersion}) : {TypologyText.Short(t)}");
        plot.XLabel(Axis(1, t.ComponentShares.ElementAtOrDefault(0)));
        plot.YLabel(Axis(2, t.ComponentShares.ElementAtOrDefault(1)));
        plot.ShowLegend();
        return plot;
    }

    public static Plot Silhouettes(ProjectTypology t)
    {
        var plot = new Plot();
        var bars = plot.Add.Bars(t.Candidates.Select(c => (double)c.Clusters).ToArray(), t.Candidates.Select(c => c.Silhouette).ToArray());
        bars.Color = Colors.SteelBlue;
        bars.LegendText = "Silhouette moyenne";
        var line = plot.Add.HorizontalLine(t.MinSilhouette);
        line.Color = Colors.DarkOrange;
        line.LinePattern = LinePattern.Dashed;
        line.LegendText = $"Seuil d'une typologie nette ({TypologyText.N(t.MinSilhouette)}, réglage de l'outil)";
        plot.Title("Silhouette moyenne selon le nombre de groupes");
        plot.XLabel("Nombre de groupes");
        plot.Axes.Bottom.TickGenerator = Analytics.Charts.WholeNumberTicks();
        plot.YLabel("Silhouette moyenne");
        plot.Axes.SetLimitsY(Math.Min(0, t.Candidates.Select(c => c.Silhouette).DefaultIfEmpty(0).Min()) , 1);
        plot.ShowLegend();
        return plot;
    }

    // Short enough for the vertical axis of the phone's figure: the title and the legend say the rest.
    private static string Axis(int n, double share) =>
        $"{(n == 1 ? "1re" : "2e")} composante ({Math.Round(share * 100):0} % de la variance)";
}
