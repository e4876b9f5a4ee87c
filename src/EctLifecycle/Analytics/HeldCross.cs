using ScottPlot;
using SkiaSharp;

namespace EctLifecycle.Analytics;

/// <summary>
/// A cross « + » drawn like ScottPlot's <see cref="MarkerShape.Cross"/>, but whose path lives until the drawing is done.
/// ScottPlot's own cross (5.1.59, <c>Markers/Cross.cs</c>) makes a new <see cref="SKPath"/> for each mark and never
/// disposes it: nothing holds the path while SkiaSharp draws it, so a garbage collection at that moment let the
/// finalizer free the path under the native drawing, and the whole process died of a segmentation fault in libSkiaSharp
/// (CI's browser tests, 2 December, on the durability report's survival curves; reproduced by
/// <c>ChartFigures.charts_drawn_on_many_threads_while_memory_is_collected_are_whole</c>, whose crash report showed the
/// fault inside <c>Markers.Render</c>). <see cref="Charts.Drawn"/> puts it in every plot's crosses before drawing.
/// </summary>
public sealed class HeldCross : IMarker
{
    public static readonly HeldCross Instance = new();

    /// <summary>Every cross of the plot drawn as a held cross; the shape stays <see cref="MarkerShape.Cross"/> for the legends.</summary>
    public static void HoldEveryCross(Plot plot)
    {
        foreach (var style in plot.GetPlottables().OfType<IHasMarker>().Select(p => p.MarkerStyle))
            if (style.Shape == MarkerShape.Cross && style.CustomRenderer is null) style.CustomRenderer = Instance;
    }

    public void Render(SKCanvas canvas, Paint paint, Pixel center, float size, MarkerStyle markerStyle)
    {
        var half = size / 2;
        using var path = new SKPath();
        path.MoveTo(center.X + half, center.Y);
        path.LineTo(center.X - half, center.Y);
        path.MoveTo(center.X, center.Y + half);
        path.LineTo(center.X, center.Y - half);
        Drawing.DrawPath(canvas, paint, path, markerStyle.LineStyle);
    }
}
