using Microsoft.AspNetCore.Html;

namespace EctLifecycle.Web;

public static class InlineChart
{
    /// <summary>A chart drawn by the analytics' ScottPlot code, inlined as SVG with a text alternative.</summary>
    public static IHtmlContent Svg(ScottPlot.Plot plot, string description)
    {
        var svg = System.Text.Encoding.UTF8.GetString(EctLifecycle.Analytics.Charts.Render(plot, EctLifecycle.Analytics.ChartFormat.Svg));
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        var tagEnd = svg.IndexOf('>', start);
        var labelled = svg[..tagEnd] + $" role=\"img\" aria-label=\"{System.Net.WebUtility.HtmlEncode(description)}\"" + svg[tagEnd..];
        return new HtmlString($"<figure class=\"chart\">{labelled[start..]}<figcaption class=\"muted\">{System.Net.WebUtility.HtmlEncode(description)}</figcaption></figure>");
    }
}
