using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;
using ScottPlot;
using ScottPlot.Plottables;

namespace EctLifecycle.Web;

/// <summary>
/// A chart drawn by ScottPlot, inlined in a page as a figure that reads on a phone: the title and the legend in HTML (they
/// wrap), the plot as SVG with a view box at the width of its column, drawn twice (wide, and narrow for small screens, CSS
/// shows one), and its figures as a table under a <c>details</c> for those who do not see the chart.
/// </summary>
public static partial class InlineChart
{
    public const int WideWidth = 900, WideHeight = 450, NarrowWidth = 420, NarrowHeight = 340;

    public static IHtmlContent Svg(Plot plot, string description) => new HtmlString(Html(plot, description));

    /// <summary>The figure's HTML; draws the plot (its title and legend move out of the picture).</summary>
    public static string Html(Plot plot, string description)
    {
        var title = plot.Axes.Title.Label.Text;
        plot.Axes.Title.Label.Text = "";
        var legend = Legend(plot);
        plot.HideLegend();
        foreach (var panel in plot.Axes.GetPanels().OfType<ScottPlot.Panels.LegendPanel>().ToList()) plot.Axes.Remove(panel);
        EctLifecycle.Analytics.Charts.MakeRoomAbove(plot);
        var html = new StringBuilder("<figure class=\"chart\">");
        if (title.Length > 0) html.Append("<p class=\"chart-title\">").Append(E(title)).Append("</p>");
        html.Append(Picture(plot, WideWidth, WideHeight, "chart-wide", title, description));
        // Narrow, named categories (the stages) are written slanted so they do not run into each other.
        var categories = plot.Axes.Bottom.TickGenerator is ScottPlot.TickGenerators.NumericManual;
        if (categories)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = 40;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            plot.Axes.Bottom.MinimumSize = 90;
        }
        html.Append(Picture(plot, NarrowWidth, NarrowHeight, "chart-narrow", title, description));
        if (legend.Count > 0)
        {
            html.Append("<ul class=\"chart-legend\" aria-label=\"Légende\">");
            foreach (var item in legend) html.Append("<li>").Append(Swatch(item)).Append(E(item.LabelText)).Append("</li>");
            html.Append("</ul>");
        }
        html.Append("<figcaption class=\"muted\">").Append(E(description)).Append("</figcaption>");
        html.Append(Table(plot));
        return html.Append("</figure>").ToString();
    }

    /// <summary>Every entry of the legend once (a series drawn in several pieces shows once).</summary>
    public static IReadOnlyList<LegendItem> Legend(Plot plot) => plot.Legend.ManualItems
        .Concat(plot.GetPlottables().SelectMany(p => p.LegendItems))
        .Where(i => !string.IsNullOrWhiteSpace(i.LabelText))
        .DistinctBy(i => i.LabelText)
        .ToList();

    private static string Picture(Plot plot, int width, int height, string css, string title, string description)
    {
        var drawn = EctLifecycle.Analytics.Charts.Drawn(plot, p => p.GetSvgXml(width, height));
        var svg = XmlDeclaration().Replace(drawn, "").Trim();
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        var tagEnd = svg.IndexOf('>', start);
        var open = SvgSize().Replace(svg[start..tagEnd], "");
        var label = title.Length > 0 ? $"{title} : {description}" : description;
        return $"{open} viewBox=\"0 0 {width} {height}\" width=\"100%\" preserveAspectRatio=\"xMidYMid meet\" class=\"{css}\" role=\"img\" " +
               $"aria-label=\"{E(label)}\"><title>{E(label)}</title>{svg[(tagEnd + 1)..]}";
    }

    private static string Swatch(LegendItem item)
    {
        string style;
        var symbol = "";
        if (item.LineWidth > 0 && item.LineColor.A > 0)
        {
            var pattern = item.LinePattern.Intervals is not { Length: > 0 } ? "solid" : item.LinePattern.Name == LinePattern.Dotted.Name ? "dotted" : "dashed";
            style = $"border-top:3px {pattern} {Hex(item.LineColor)}";
        }
        else if (item.MarkerShape != MarkerShape.None && item.MarkerSize > 0)
        {
            style = $"color:{Hex(item.MarkerFillColor.A > 0 ? item.MarkerFillColor : item.MarkerLineColor)}";
            symbol = item.MarkerShape switch { MarkerShape.Cross or MarkerShape.Eks => "✕", MarkerShape.FilledSquare or MarkerShape.OpenSquare => "■", _ => "●" };
        }
        else style = $"background:{Hex(item.FillColor)}";
        return $"<span class=\"swatch{(symbol.Length > 0 ? " mark" : item.LineWidth > 0 ? " line" : " fill")}\" style=\"{style}\" aria-hidden=\"true\">{symbol}</span>";
    }

    /// <summary>The figures drawn, one row a point: the series, where it is on the horizontal axis, its value.</summary>
    public static string Table(Plot plot)
    {
        var rows = new List<(string Series, string X, string Y)>();
        var horizontal = plot.GetPlottables<BarPlot>().Any(Horizontal);
        foreach (var p in plot.GetPlottables())
            switch (p)
            {
                case BarPlot bars:
                    // A stacked bar (from ValueBase) is its own count, named by the hand-made legend item of its colour.
                    foreach (var bar in bars.Bars)
                        rows.Add((Series(StackedSeries(plot, bar) ?? bars.LegendText, plot),
                            Category(plot, Horizontal(bars) ? plot.Axes.Left : plot.Axes.Bottom, bar.Position), Number(bar.Value - bar.ValueBase)));
                    break;
                case Scatter s when !string.IsNullOrWhiteSpace(s.LegendText):
                    foreach (var c in s.Data.GetScatterPoints()) rows.Add((s.LegendText, X(plot, c.X), Number(c.Y)));
                    break;
            }
        if (rows.Count == 0) return "";
        var xHeader = horizontal ? Or(plot.Axes.Left.Label.Text, "Catégorie")
            : plot.Axes.Bottom is ScottPlot.AxisPanels.DateTimeXAxis ? "Date" : Or(plot.Axes.Bottom.Label.Text, "Catégorie");
        var yHeader = horizontal ? Or(plot.Axes.Bottom.Label.Text, "Valeur")
            : plot.GetPlottables().Any(p => p.Axes.YAxis == plot.Axes.Right) ? "Valeur" : Or(plot.Axes.Left.Label.Text, "Valeur");
        var html = new StringBuilder("<details class=\"chart-data\"><summary>Les chiffres du graphique</summary><div class=\"table-wrap\"><table>")
            .Append("<thead><tr><th>Série</th><th>").Append(E(xHeader)).Append("</th><th class=\"num\">").Append(E(yHeader)).Append("</th></tr></thead><tbody>");
        foreach (var (series, x, y) in rows)
            html.Append("<tr><td>").Append(E(series)).Append("</td><td>").Append(E(x)).Append("</td><td class=\"num\">").Append(E(y)).Append("</td></tr>");
        return html.Append("</tbody></table></div></details>").ToString();
    }

    private static string? StackedSeries(Plot plot, Bar bar) =>
        plot.Legend.ManualItems.FirstOrDefault(i => i.FillColor == bar.FillColor && !string.IsNullOrWhiteSpace(i.LabelText))?.LabelText;

    private static bool Horizontal(BarPlot bars) => bars.Bars.Any(b => b.Orientation == Orientation.Horizontal);

    private static string Series(string legend, Plot plot) => Or(legend, Or(plot.Axes.Left.Label.Text, "Valeur"));

    private static string Or(string? text, string fallback) => string.IsNullOrWhiteSpace(text) ? fallback : text;

    private static string X(Plot plot, double x) => plot.Axes.Bottom is ScottPlot.AxisPanels.DateTimeXAxis
        ? DateTime.FromOADate(x).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)
        : Number(x);

    /// <summary>A bar's place: the label of its tick when the axis has named ticks, else its whole number (bars side by side are shifted).</summary>
    private static string Category(Plot plot, IAxis axis, double position) =>
        axis.TickGenerator is ScottPlot.TickGenerators.NumericManual manual && manual.Ticks.FirstOrDefault(t => Math.Abs(t.Position - position) < 0.01) is { Label: { Length: > 0 } label }
            ? label
            : Math.Round(position, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);

    private static string Number(double d) => d.ToString(Math.Abs(d - Math.Round(d)) < 1e-9 ? "0" : "0.00", CultureInfo.GetCultureInfo("fr-FR"));

    private static string Hex(Color c) => c.A == 255 ? $"#{c.R:x2}{c.G:x2}{c.B:x2}"
        : $"rgba({c.R},{c.G},{c.B},{(Math.Max(c.A, (byte)60) / 255.0).ToString("0.00", CultureInfo.InvariantCulture)})";

    /// <summary>Escapes the markup's characters only: accented letters stay as they are (the pages are UTF-8).</summary>
    private static string E(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");

    [GeneratedRegex(@"<\?xml[^>]*\?>")]
    private static partial Regex XmlDeclaration();

    [GeneratedRegex(@"\s+(width|height|viewBox)=""[^""]*""")]
    private static partial Regex SvgSize();
}
