using System.Text;
using EctLifecycle.Actors;
using EctLifecycle.Analytics;
using EctLifecycle.Communes;
using EctLifecycle.Durability;
using EctLifecycle.Network;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Typology;
using Xunit.Abstractions;

namespace EctLifecycle.Tests.Durability;

/// <summary>The demo portfolio's durability report at the study date: non-trivial, and printable as HTML and PDF.</summary>
public class DemoDurabilityReport(ITestOutputHelper output)
{
    private static readonly Grid V1 = GridCatalog.LoadFrom(GridCatalog.DefaultFolder).Default;
    private static readonly Lazy<IReadOnlyList<ProjectTimeline>> Timelines = new(() => DemoPortfolio.Study()
        .Select(p => new ProjectTimeline(p.Events.Select((e, i) => new TimelineEntry(Guid.NewGuid(), i + 1, DateTimeOffset.UnixEpoch.AddMinutes(i), e))))
        .ToList());
    private static readonly AnalyticsParameters AtStudyDate = new(DemoPortfolio.StudyDate, V1, null);
    /// <summary>The report folded in memory from the demo's events, which the route's must equal (ReadingDurabilityReports).</summary>
    internal static readonly Lazy<PortfolioReport> Report = new(() => WithSectionsAsync().Result);

    /// <summary>The report as the route gives it: with the network, the territory and the typology at the study date.</summary>
    private static async Task<PortfolioReport> WithSectionsAsync()
    {
        var history = PortfolioHistory.Of(Timelines.Value);
        var map = await new NamesOnlyIdentities().ReadAsync(null, CancellationToken.None);
        var network = await ActorNetwork.OfAsync(Timelines.Value, history, map, AtStudyDate, new NetworkSettings(), yearEndBetweenness: false);
        var report = await PortfolioReport.OfAsync(history, AtStudyDate);
        var stopped = await history.OfProjectsAsync(V1, report.Stopped.Select(s => s.Id).ToList(), AtStudyDate.AsOf);
        return await PortfolioReading.WithSectionsAsync(report, history, AtStudyDate, network,
            new Territory(CommuneCatalog.Shipped, new TerritorySettings()), new TypologySettings(), stopped);
    }

    [Fact]
    public void the_demo_report_has_stops_of_several_reasons_a_stepped_survival_curve_and_a_partial_watch_list()
    {
        var r = Report.Value;
        output.WriteLine($"{r.StoppedCount} stopped, median lifespan {r.MedianLifespanYears}, {r.Survival.Drops.Count()} drops, " +
                         $"watch list {r.WatchList.Count} of {r.Live} live, {r.StoppedWithSignalsBeforeStop} flagged before their stop");
        r.StoppedCount.ShouldBeGreaterThanOrEqualTo(3);
        r.Stopped.SelectMany(s => s.Reasons).Select(x => x.Reason).Distinct().Count().ShouldBeGreaterThanOrEqualTo(3);
        r.Stopped.ShouldAllBe(s => s.HubStance != null);
        r.Survival.Drops.Count().ShouldBeGreaterThanOrEqualTo(3);
        r.SurvivalBy.Select(g => g.By).ShouldBe(["legalForm", "emergenceContext", "structuringPath", "hubAccompaniment"]);
        r.WatchList.ShouldNotBeEmpty();
        r.WatchList.Count.ShouldBeLessThan(r.Live);
        r.WatchList.ShouldAllBe(w => w.Signals.Count >= WatchRules.MinSignals);
        r.Remains.FollowedUp.ShouldBeGreaterThanOrEqualTo(2);
        r.SupportToStop.AfterHubSupportEnded.ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public void the_demos_follow_ups_come_after_their_stop_and_by_the_study_date()
    {
        foreach (var t in Timelines.Value)
        {
            var effective = t.Effective().Select(e => e.Event).ToList();
            var stop = effective.OfType<ProjectStopped>().SingleOrDefault();
            effective.OfType<FollowUpObserved>().ShouldAllBe(f => stop != null && f.OccurredOn > stop.OccurredOn && f.OccurredOn <= DemoPortfolio.StudyDate);
        }
        Timelines.Value.SelectMany(t => t.Entries).Count(e => e.Event is FollowUpObserved).ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task the_demo_report_renders_as_a_self_contained_page_and_as_a_pdf()
    {
        var r = Report.Value;
        var html = Encoding.UTF8.GetString((await Render(r, ReportFormat.Html)).Bytes);
        html.ShouldContain("<html lang=\"fr\">");
        html.ShouldContain("@media print");
        Count(html, "class=\"chart-wide\"").ShouldBe(8, "the survival of all projects and by four groupings, the reasons, the pillars' persistence, the territory");
        var drawn = NetworkPicture.Engine(r.Network!.Network!.Nodes.Count) is not null;
        Count(html, "<svg").ShouldBe(16 + (drawn ? 1 : 0), "each chart drawn wide, and narrow for a phone; the network by Graphviz");
        Count(html, "<details class=\"chart-data\">").ShouldBe(8, "each with its figures as a table");
        html.ShouldContain(drawn ? "<figure class=\"drawing\"><svg" : NetworkPicture.Missing);
        foreach (var heading in new[] { "Le réseau des acteurs et des projets", "Le territoire des projets arrêtés", "La typologie des projets" })
            html.ShouldContain($"<h2>{System.Net.WebUtility.HtmlEncode(heading)}</h2>");
        html.ShouldNotContain("<script");
        html.ShouldNotContain("src=\"http");
        foreach (var s in r.Stopped) html.ShouldContain(System.Net.WebUtility.HtmlEncode(s.Name));

        if (!ChromiumPdf.IsAvailable())
        {
            // CI installs Chromium (.ci/run, deploy/test): there, its absence is a failure, not a skip.
            Environment.GetEnvironmentVariable("CI").ShouldNotBe("true", "Chromium is missing on CI");
            output.WriteLine("Chromium absent: the PDF part is skipped");
            return;
        }
        var pdf = (await Render(r, ReportFormat.Pdf)).Bytes;
        Encoding.ASCII.GetString(pdf, 0, 5).ShouldBe("%PDF-");
        var raw = Encoding.Latin1.GetString(pdf);
        raw.ShouldContain("/Font", Case.Sensitive, "the text is set in an embedded font, not drawn as an image");
        raw.ShouldContain(Utf16Hex("Durabilité des projets"), Case.Insensitive, "the document's title");
        var pages = PdfPages(pdf);
        var text = string.Join("\n", pages);
        text.ShouldContain("Durabilité des projets");
        text.ShouldContain("Les projets à surveiller");
        text.ShouldContain(r.Stopped[0].Key);
        text.ShouldContain("La typologie des projets");
        if (drawn) text.ShouldContain("Le pôle", Case.Sensitive, "the network's picture is text in the PDF, its hub named");
        pages.Count.ShouldBeGreaterThan(1);
        for (var i = 0; i < pages.Count; i++)
            pages[i].ShouldContain($"page {i + 1} sur {pages.Count}", Case.Sensitive, "every page carries its number in the footer");
        // No page ends on a heading: a heading stays with what follows it.
        var headings = System.Text.RegularExpressions.Regex.Matches(html, "<h[23]>([^<]+)</h[23]>").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        headings.Count.ShouldBeGreaterThan(3);
        for (var i = 0; i < pages.Count - 1; i++)
        {
            var body = pages[i].Replace($"page {i + 1} sur {pages.Count}", "").TrimEnd();
            headings.ShouldNotContain(h => body.EndsWith(string.Join(" ", h.Split(' ', StringSplitOptions.RemoveEmptyEntries))), $"page {i + 1} ends on a heading");
        }
    }

    [Fact]
    public async Task the_demos_typology_places_every_stopped_project_near_a_group_and_each_typed_project_near_its_own()
    {
        var r = Report.Value;
        var t = r.Typology!;
        output.WriteLine($"{t.Verdict} Stopped: {string.Join(", ", t.Stopped.Select(x => $"{x.Key}→{x.Group}"))}");
        t.Groups.ShouldNotBeEmpty("the demo has enough live projects for a partition");
        t.Stopped.Select(x => x.Key).ShouldBe(r.Stopped.Select(s => s.Key));
        t.Stopped.ShouldAllBe(x => x.Group >= 1 && x.Group <= t.Groups.Count);
        t.Groups.Sum(g => g.StoppedNearest).ShouldBe(r.StoppedCount);

        // The oracle: k-means ends where each point is nearest to its own cluster's centroid.
        var snapshots = await PortfolioHistory.Of(Timelines.Value).AtAsync(AtStudyDate.AsOf, V1);
        var typology = ProjectTypology.Of(snapshots, AtStudyDate, new TypologySettings());
        var nearest = NearestGroup.Of(typology, snapshots)!;
        var byId = snapshots.ToDictionary(s => s.ProjectId);
        foreach (var g in typology.Groups)
            foreach (var x in g.Projects) nearest.Of(byId[x.Id], AtStudyDate.AsOf).ShouldBe(g.Number, x.Key);
    }

    [Fact]
    public void without_graphviz_the_report_says_so_in_french_and_keeps_the_networks_tables()
    {
        var missing = new Picture(null, NetworkPicture.Missing);
        var document = PortfolioDocument.Of(Report.Value, missing);
        var html = HtmlWriter.Write(document, DateTimeOffset.UnixEpoch);
        var md = MarkdownWriter.Write(document, DateTimeOffset.UnixEpoch);
        foreach (var text in new[] { System.Net.WebUtility.HtmlDecode(html), md })
        {
            text.ShouldContain("Graphviz n'est pas installé sur le serveur");
            text.ShouldContain("Croissance du réseau, au 31 décembre de chaque année");
            text.ShouldContain(Report.Value.Network!.Growth[^1].Date.ToString("dd/MM/yyyy"));
        }
        html.ShouldNotContain("<figure class=\"drawing\">");
    }

    private static Task<RenderedReport> Render(PortfolioReport r, ReportFormat format) =>
        ReportRendering.RenderAsync(r, format, "demo", TimeProvider.System, new System.Text.Json.JsonSerializerOptions(),
            new EctLifecycle.Analytics.TidyLabels(GridCatalog.LoadFrom(GridCatalog.DefaultFolder)), CancellationToken.None);

    private static int Count(string text, string what) => (text.Length - text.Replace(what, "").Length) / what.Length;

    /// <summary>How Chromium writes a PDF string: UTF-16BE with a byte order mark, in hexadecimal.</summary>
    private static string Utf16Hex(string text) => "FEFF" + Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text));

    /// <summary>Each page's text, read with PdfPig.</summary>
    private static List<string> PdfPages(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))).ToList();
    }
}
