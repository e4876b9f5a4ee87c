using EctLifecycle.Analytics;
using ScottPlot;

namespace EctLifecycle.Persistence;

/// <summary>Each pillar's mean at emergence and now, for live and stopped projects apart: where the pillars went.</summary>
public static class PersistenceChart
{
    public static Plot Of(PillarPersistence r)
    {
        var plot = new Plot();
        var pillars = r.Pillars.Where(t => t.Pillar != PillarPersistence.PillarArcId).Select(t => t.Pillar).Distinct().ToList();
        var series = new (string Group, bool Now, string Label, Color Color)[]
        {
            (PillarPersistence.LiveGroup, false, "En vie : à l'émergence", Colors.LightSteelBlue),
            (PillarPersistence.LiveGroup, true, "En vie : aujourd'hui", Colors.SteelBlue),
            (PillarPersistence.StoppedGroup, false, "Arrêtés : à l'émergence", Colors.NavajoWhite),
            (PillarPersistence.StoppedGroup, true, "Arrêtés : à l'arrêt", Colors.DarkOrange),
        };
        for (var k = 0; k < series.Length; k++)
        {
            var (group, now, label, color) = series[k];
            var tallies = pillars.Select(id => r.Pillars.Single(t => t.Group == group && t.Pillar == id)).ToList();
            if (tallies.All(t => t.Projects - t.NotYetAYear == 0)) continue;
            var bars = plot.Add.Bars(Enumerable.Range(0, pillars.Count).Select(i => i + (k - 1.5) * 0.2).ToArray(),
                tallies.Select(t => now ? t.MeanNow : t.MeanAtEmergence).ToArray());
            foreach (var bar in bars.Bars) bar.Size = 0.18;
            bars.Color = color;
            bars.LegendText = label;
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, pillars.Count).Select(i => (double)i).ToArray(), pillars.Select(Charts.PillarLabel).ToArray());
        plot.Axes.SetLimitsY(0, 3.1);
        plot.Title($"Les piliers de l'émergence à aujourd'hui au {r.AsOf:dd/MM/yyyy} (grille {r.GridVersion}) : " +
                   $"{r.DriftedAway.Count} projet(s) éloigné(s), {r.CameCloser.Count} rapproché(s)");
        plot.YLabel("Moyenne du pilier (0-3)");
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }
}
