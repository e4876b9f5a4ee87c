using System.Text.RegularExpressions;
using EctLifecycle.Analytics;
using EctLifecycle.Durability;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Web;
using ScottPlot;
using ScottPlot.Plottables;
using Period = EctLifecycle.Analytics.Period;

namespace EctLifecycle.Tests.Web;

/// <summary>The charts as a page shows them, on the demo portfolio: a view box at the column's width, the legend and the figures in HTML.</summary>
public class ChartFigures
{
    private static readonly GridCatalog Grids = GridCatalog.LoadFrom(GridCatalog.DefaultFolder);
    private static readonly Lazy<IReadOnlyList<ProjectTimeline>> Timelines = new(() => DemoPortfolio.Study()
        .Select(p => new ProjectTimeline(p.Events.Select((e, i) => new TimelineEntry(Guid.NewGuid(), i + 1, DateTimeOffset.UnixEpoch.AddMinutes(i), e))))
        .ToList());
    private static PortfolioHistory History => PortfolioHistory.Of(Timelines.Value);
    private static AnalyticsParameters At => new(DemoPortfolio.StudyDate, Grids.Default, null);

    // The history is folded in memory: its answers are ready when asked.
    private static T Now<T>(Task<T> answer) => answer.IsCompletedSuccessfully ? answer.Result : throw new InvalidOperationException("not in memory");

    /// <summary>Every chart the app draws, by name.</summary>
    public static TheoryData<string> Names() => new(All().Keys);

    private static Dictionary<string, Func<Plot>> All()
    {
        var stopped = Timelines.Value.Select(t => ProjectReport.Of(t, DemoPortfolio.StudyDate, Grids.Default)).First(r => r is not null)!;
        var report = Now(PortfolioReport.OfAsync(History, At));
        return new()
        {
            ["distribution"] = () => Charts.Of(Now(Distribution.OfAsync(History, At))),
            ["grids"] = () => Charts.Of(Now(GridComparison.OfAsync(History, At, Grids.All.Last()))),
            ["sample"] = () => Charts.Of(Now(Sample.OfAsync(History, At))),
            ["portfolio"] = () => Charts.Of(Now(PortfolioAt.OfAsync(History, At))),
            ["drift"] = () => Charts.Of(ProjectDrift.Of(Timelines.Value[0], At, Period.Quarter), new DateOnly(2021, 6, 30)),
            ["cohorts"] = () => Charts.Of(Now(CohortDrift.OfAsync(History, At, CohortField.LegalForm, Period.Year))),
            ["aligned"] = () => Charts.Of(Now(AlignedDrift.OfAsync(History, At, AlignAnchor.HubSupportEnded, null))),
            ["survival"] = () => DurabilityCharts.Survival(report.SurvivalBy[0].Curves, report.SurvivalBy[0].By, "Survie"),
            ["reasons"] = () => DurabilityCharts.Reasons(report),
            ["pillars"] = () => DurabilityCharts.Pillars(stopped),
            ["collective"] = () => DurabilityCharts.CollectiveAndResources(stopped),
        };
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void a_chart_scales_to_its_column_and_has_its_legend_and_figures_in_text(string name)
    {
        var plot = All()[name]();
        var html = InlineChart.Html(plot, "Le graphique");

        var svgs = Regex.Matches(html, "<svg[^>]*>").Select(m => m.Value).ToList();
        svgs.Count.ShouldBe(2, "a wide drawing and a narrow one for phones");
        svgs[0].ShouldContain($"viewBox=\"0 0 {InlineChart.WideWidth} {InlineChart.WideHeight}\"");
        svgs[1].ShouldContain($"viewBox=\"0 0 {InlineChart.NarrowWidth} {InlineChart.NarrowHeight}\"");
        svgs.ShouldAllBe(svg => svg.Contains("width=\"100%\"") && !Regex.IsMatch(svg, @"\s(width|height)=""\d+""") && svg.Contains("role=\"img\""));
        html.ShouldContain("<title>");
        html.ShouldContain("<ul class=\"chart-legend\"", customMessage: "the legend is HTML, which wraps");
        html.ShouldContain("<details class=\"chart-data\"><summary>Les chiffres du graphique</summary>");
        Regex.Matches(html, "<tr><td>").Count.ShouldBeGreaterThan(0, "the figures drawn, as a table");

        // Every line, bar and mark is explained in the legend (the keys written beside the sample's points are text).
        foreach (var p in plot.GetPlottables().Where(p => p is not ScottPlot.Plottables.Text))
            p.LegendItems.ShouldContain(i => !string.IsNullOrWhiteSpace(i.LabelText), $"{p.GetType().Name} of {name} has no legend");
    }

    [Fact]
    public void the_score_axes_start_at_zero_and_the_thresholds_label_stays_off_the_score_ticks()
    {
        var distribution = Now(Distribution.OfAsync(History, At));
        var plot = Charts.Of(distribution);
        InlineChart.Html(plot, "Distribution");
        plot.Axes.Bottom.Min.ShouldBeLessThanOrEqualTo(0);
        plot.Axes.Bottom.Min.ShouldBeGreaterThan(-1, "the axis starts at the score 0, not further left");
        plot.Axes.Bottom.Max.ShouldBeGreaterThanOrEqualTo(distribution.Counts.Max(c => c.Score));

        var threshold = plot.GetPlottables<VerticalLine>().Single();
        var label = threshold.LabelLastRenderPixelRect;
        var data = plot.RenderManager.LastRender.DataRect;
        label.Height.ShouldBeGreaterThan(0);
        label.Top.ShouldBeGreaterThanOrEqualTo(0, "the label « seuil 26 » is not cut off at the top");
        label.Bottom.ShouldBeLessThanOrEqualTo(data.Top + 4, "the label « seuil 26 » is above the plot, far from the score ticks below it");
        InlineChart.Legend(plot).Select(i => i.LabelText).ShouldContain($"Seuil ECT ({distribution.Threshold} points, au seuil ou au-dessus)");

        var cohorts = Charts.Of(Now(CohortDrift.OfAsync(History, At, CohortField.LegalForm, Period.Year)));
        InlineChart.Html(cohorts, "Cohortes");
        cohorts.Axes.Left.Min.ShouldBe(0, "the mean score axis starts at 0");
        // A yes/no cohort is named with its field: « oui » alone says nothing in a legend.
        var accompanied = Charts.Of(Now(CohortDrift.OfAsync(History, At, CohortField.Accompanied, Period.Year)));
        var legend = accompanied.GetPlottables().SelectMany(p => p.LegendItems).Select(i => i.LabelText).Where(t => !string.IsNullOrEmpty(t)).ToList();
        legend.ShouldNotBeEmpty();
        legend.ShouldAllBe(t => t.StartsWith("Accompagné par le pôle : "));

        var sample = Charts.Of(Now(Sample.OfAsync(History, At)));
        InlineChart.Html(sample, "Échantillon");
        sample.Axes.Bottom.Min.ShouldBeLessThanOrEqualTo(0);
        sample.Axes.Left.Min.ShouldBe(0);
    }

    [Fact]
    public void the_samples_selected_points_are_labelled_with_their_projects_key()
    {
        var sample = Now(Sample.OfAsync(History, At));
        var texts = Charts.Of(sample).GetPlottables<ScottPlot.Plottables.Text>().SelectMany(t => t.LabelText.Split(", ")).ToList();
        texts.ShouldBe(sample.Projects.Where(p => p.Selected).Select(p => p.Key), ignoreOrder: true);
        sample.Projects.Count(p => p.Selected).ShouldBeGreaterThan(1);
    }

    [Fact]
    public void the_samples_mean_reads_as_french_whatever_the_culture_the_process_runs_in()
    {
        var before = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture; // a command line's
        try
        {
            var sample = Now(Sample.OfAsync(History, At));
            var legend = Charts.Of(sample).GetPlottables<ScottPlot.Plottables.HorizontalLine>().Select(l => l.LegendText).ToList();
            legend.ShouldContain($"Résilience moyenne du portefeuille ({sample.PortfolioResilienceMean.ToString("0.00", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"))})");
            legend.ShouldAllBe(t => !System.Text.RegularExpressions.Regex.IsMatch(t, @"\d\.\d"));
        }
        finally { System.Globalization.CultureInfo.CurrentCulture = before; }
    }

    [Fact]
    public void the_drift_of_a_project_seen_at_a_date_marks_that_date_in_the_chart_and_its_legend()
    {
        var drift = ProjectDrift.Of(Timelines.Value[0], At, Period.Quarter);
        var seen = new DateOnly(2021, 6, 30);
        var plot = Charts.Of(drift, seen);
        var html = System.Net.WebUtility.HtmlDecode(InlineChart.Html(plot, "Dérive"));
        html.ShouldContain("Date à laquelle le projet est vu (30/06/2021)");
        var line = plot.GetPlottables<VerticalLine>().Single(l => l.Text == "30/06/2021");
        line.X.ShouldBe(seen.ToDateTime(TimeOnly.MinValue).ToOADate());
        line.LabelLastRenderPixelRect.Height.ShouldBeGreaterThan(0, "the date's label is drawn");
        line.LabelLastRenderPixelRect.Top.ShouldBeGreaterThanOrEqualTo(0, "above the plot, not cut off");

        System.Net.WebUtility.HtmlDecode(InlineChart.Html(Charts.Of(drift), "Dérive")).ShouldNotContain("Date à laquelle le projet est vu");
    }

    [Fact]
    public void the_figures_table_lists_each_bar_with_its_score()
    {
        var distribution = Now(Distribution.OfAsync(History, At));
        var html = InlineChart.Html(Charts.Of(distribution), "Distribution");
        var table = html[html.IndexOf("<details", StringComparison.Ordinal)..];
        table.ShouldContain("<th>Score ECT</th><th class=\"num\">Nombre de projets</th>");
        foreach (var c in distribution.Counts)
            table.ShouldContain($"<tr><td>Projets par score</td><td>{c.Score}</td><td class=\"num\">{c.Projects}</td></tr>");
    }
    [Fact]
    public async Task charts_drawn_on_many_threads_while_memory_is_collected_are_whole()
    {
        // Pages and reports draw at the same time while the app collects its memory. ScottPlot's own cross left its path
        // to the finalizer, which freed it under the native drawing: the process died of a segmentation fault in
        // libSkiaSharp (CI's browser tests). A collector runs the whole time; a crash ends this test run.
        var charts = All();
        var rounds = Environment.GetEnvironmentVariable("ECT_CHART_ROUNDS") is { } r ? int.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : 200;
        var figures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var pictures = new System.Collections.Concurrent.ConcurrentBag<byte[]>();
        using var stop = new CancellationTokenSource();
        var collections = 0;
        var collector = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect(0); // the paths are young: the youngest generation is enough, and quick
                GC.WaitForPendingFinalizers();
                collections++;
                Thread.Sleep(1);
            }
        });
        try
        {
            await Parallel.ForAsync(0, rounds, new ParallelOptions { MaxDegreeOfParallelism = 4 }, (i, _) =>
            {
                // Every other round is the survival chart, whose crosses mark the projects still alive.
                var draw = i % 2 == 0 ? charts["survival"] : charts.Values.ElementAt(i / 2 % charts.Count);
                if (i % 3 == 0) pictures.Add(Charts.Render(draw(), ChartFormat.Png));
                else figures.Add(InlineChart.Html(draw(), "Le graphique"));
                return ValueTask.CompletedTask;
            });
        }
        finally
        {
            await stop.CancelAsync();
            await collector;
        }
        collections.ShouldBeGreaterThan(10, "memory was collected while the charts were drawn");
        (figures.Count + pictures.Count).ShouldBe(rounds);
        figures.ShouldAllBe(f => Regex.Matches(f, "<svg").Count == 2 && f.Contains(Charts.FontName));
        pictures.ShouldAllBe(p => p.Length > 1000 && p[1] == (byte)'P' && p[2] == (byte)'N' && p[3] == (byte)'G');
    }

    [Fact]
    public void no_chart_draws_a_marker_whose_path_scottplot_leaves_to_the_finalizer()
    {
        // ScottPlot 5.1.59 makes these shapes' paths and never disposes them (Markers/Cross.cs and its neighbours).
        MarkerShape[] leaky = [MarkerShape.Cross, MarkerShape.Asterisk, MarkerShape.HashTag, MarkerShape.OpenCircleWithCross];
        foreach (var (name, draw) in All())
        {
            var plot = draw();
            InlineChart.Html(plot, "Le graphique");
            var styles = plot.GetPlottables().OfType<IHasMarker>().Select(p => p.MarkerStyle)
                .Concat(plot.GetPlottables().SelectMany(p => p.LegendItems).Select(l => l.MarkerStyle));
            foreach (var style in styles.Where(s => s.IsVisible && leaky.Contains(s.Shape)))
                style.CustomRenderer.ShouldBeOfType<HeldCross>($"{name} draws a {style.Shape} with ScottPlot's leaky path");
        }
        All()["survival"]().GetPlottables<Markers>().ShouldNotBeEmpty("the survival curves mark the projects still alive");
    }
}
