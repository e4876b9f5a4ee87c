using System.Text.Json;
using EctLifecycle.Actors;
using EctLifecycle.Analytics;
using EctLifecycle.Figure;
using EctLifecycle.Lineage;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;

namespace EctLifecycle.Tests.Figure;

/// <summary>
/// The entrepreneurial figure and the lineage read their members' timelines a chunk of projects at a time (2,000 in the
/// app): read 3 at a time, across chunks (a project born of the carrier of a project read in another chunk), the demo's
/// study portfolio gives the same answers as read in one chunk.
/// </summary>
public class ReadAChunkAtATime
{
    private static readonly Grid V1 = GridCatalog.LoadFrom(GridCatalog.DefaultFolder).Default;

    private static PortfolioHistory Study() => PortfolioHistory.Of(DemoPortfolio.Study()
        .Select(p => new ProjectTimeline(p.Events.Select((e, i) => new TimelineEntry(Guid.NewGuid(), i + 1, DateTimeOffset.UnixEpoch.AddMinutes(i), e))))
        .ToList());

    private static readonly AnalyticsParameters AtStudyDate = new(DemoPortfolio.StudyDate, V1, null);

    [Fact]
    public async Task the_lineage_read_three_projects_at_a_time_is_the_lineage_read_at_once()
    {
        var history = Study();
        var whole = await ProjectLineage.OfAsync(history, AtStudyDate, new NamesOnlyIdentities(), default, chunk: 100_000);
        whole.Trees.ShouldNotBeEmpty();
        // A project born of another's carrier, that other read in another chunk of 3: its carrier is read again from the
        // source's timeline.
        var order = (await history.AtAsync(AtStudyDate.AsOf, V1)).Select((m, i) => (m.Key, Chunk: i / 3)).ToDictionary(x => x.Key, x => x.Chunk);
        IEnumerable<(string Parent, string Child)> Births(LineageNode n) =>
            n.Children.Where(c => c.BornOf.Contains(BirthOrigin.OtherProjectCarrier)).Select(c => (n.Key, c.Key)).Concat(n.Children.SelectMany(Births));
        whole.Trees.SelectMany(Births).ShouldContain(b => order[b.Parent] != order[b.Child]);
        whole.Carriers.ShouldContain(c => c.Followers.Any(f => f.Origin == BirthOrigin.OtherProjectCarrier && f.From != null));
        var chunked = await ProjectLineage.OfAsync(history, AtStudyDate, new NamesOnlyIdentities(), default, chunk: 3);
        JsonSerializer.Serialize(chunked).ShouldBe(JsonSerializer.Serialize(whole));
    }

    /// <summary>The figure's fold of the timelines, which it reads while the periods are of an older version (the periods' own reading reads no timeline).</summary>
    [Fact]
    public async Task the_figure_folded_three_projects_at_a_time_is_the_figure_folded_at_once()
    {
        var history = Study();
        var members = await history.FigureFactsAtAsync(AtStudyDate.AsOf, V1);
        var whole = EntrepreneurialFigure.Of(await EntrepreneurialFigure.FromTimelinesAsync(history, members, AtStudyDate, 100_000, default), AtStudyDate, new FigureSettings());
        whole.Groups.Count.ShouldBeGreaterThan(2);
        var chunked = EntrepreneurialFigure.Of(await EntrepreneurialFigure.FromTimelinesAsync(history, members, AtStudyDate, 3, default), AtStudyDate, new FigureSettings());
        JsonSerializer.Serialize(chunked).ShouldBe(JsonSerializer.Serialize(whole));
    }
}
