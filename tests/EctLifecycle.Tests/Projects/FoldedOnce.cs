using System.Text.Json;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Projects;

/// <summary>
/// The timeline folds its days once and the scores of its states are kept: every read must answer as the plain fold of
/// the events to the date does, on hand-built and generated histories with late entries and retractions.
/// </summary>
public class FoldedOnce
{
    private static readonly Grid Grid = GridCatalog.LoadFrom(GridCatalog.DefaultFolder).Default;

    [Fact]
    public void states_at_any_date_are_the_plain_fold_of_the_events_to_that_date()
    {
        var h = History.Emerging("2018-03-01");
        var late = h.Actor("2019-05-01", "Amap");
        h.Actor("2018-05-01", "Mairie", ActorKind.PublicBody);
        h.Funding("2018-05-01", "F1", FundingSourceKind.PublicSubsidy, 5000);
        h.Add(new MilestoneRetracted(h.ProjectId, History.D("2020-01-01"), "test", late, "doublon"));
        h.Left("2019-06-01", "Mairie");
        var timeline = h.Timeline;
        ShouldFoldPlainly(timeline);
    }

    [Fact]
    public void generated_histories_read_and_drift_as_the_plain_fold()
    {
        foreach (var project in DemoPortfolio.Synthetic(40, 11))
        {
            var timeline = new ProjectTimeline(project.Events.Select((e, i) => new TimelineEntry(Guid.NewGuid(), i + 1, DateTimeOffset.UnixEpoch.AddMinutes(i), e)));
            ShouldFoldPlainly(timeline);
        }
    }

    private static void ShouldFoldPlainly(ProjectTimeline timeline)
    {
        var first = timeline.Effective().First().Event.OccurredOn.AddDays(-3);
        var dates = Enumerable.Range(0, 400).Select(i => first.AddDays(i * 29)).ToList();
        var states = timeline.StatesAt(dates);
        for (var i = 0; i < dates.Count; i++)
        {
            var plain = ProjectTimeline.Fold(timeline.Effective().Where(e => e.Event.OccurredOn <= dates[i]).ToList());
            Json(timeline.StateAsOf(dates[i])).ShouldBe(Json(plain), $"at {dates[i]}");
            Json(states[i]).ShouldBe(Json(plain), $"at {dates[i]}");
            if (plain is not null) Scorer.Summary(Grid, timeline.StateAsOf(dates[i])!).Score.ShouldBe(Scorer.Score(Grid, plain).Score);
        }
        Json(Drift.Of(timeline, Grid)).ShouldBe(Json(PlainDrift(timeline)));
    }

    /// <summary>The drift as it was computed before the days were kept: fold and score every day afresh.</summary>
    private static List<DriftPoint> PlainDrift(ProjectTimeline timeline)
    {
        var points = new List<DriftPoint>();
        ProjectState? state = null;
        DriftPoint? last = null;
        foreach (var day in timeline.Effective().GroupBy(e => e.Event.OccurredOn))
        {
            foreach (var entry in day) state = state is null ? ProjectTimeline.Fold([entry]) : state.Apply(entry.Event);
            if (state is null) continue;
            var card = Scorer.Score(Grid, state);
            var means = card.Pillars.ToDictionary(p => p.Id, p => p.Mean);
            if (last is not null && last.Score == card.Score && means.All(m => last.PillarMeans[m.Key] == m.Value)) continue;
            last = new DriftPoint(day.Key, card.Score, card.EctPotential, means,
                day.Select(e => new DriftCause(e.EventId, MilestoneKinds.TypeOf(e.Event))).ToList());
            points.Add(last);
        }
        return points;
    }

    private static string Json(object? o) => JsonSerializer.Serialize(o);
}
