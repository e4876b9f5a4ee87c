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
            if (plain is not null) timeline.SummaryAsOf(dates[i], Grid)!.Score.ShouldBe(Scorer.Score(Grid, plain).Score);
            else timeline.SummaryAsOf(dates[i], Grid).ShouldBeNull();
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

/// <summary>The append check replays only from the candidate on: it must name the same broken rule as a full replay.</summary>
public class CheckingFromTheCandidate
{
    [Fact]
    public void any_candidate_breaks_the_same_rule_as_with_a_full_replay()
    {
        var rng = new Random(5);
        var checkedCandidates = 0;
        var accepted = 0;
        foreach (var project in DemoPortfolio.Synthetic(30, 17))
        {
            var timeline = new ProjectTimeline(project.Events.Select((e, i) => new TimelineEntry(Guid.NewGuid(), i + 1, DateTimeOffset.UnixEpoch.AddMinutes(i), e)));
            var id = project.Events[0].ProjectId;
            var first = project.Events[0].OccurredOn;
            var actors = project.Events.OfType<ActorJoinedCollective>().Select(a => a.ActorName).ToList();
            var fundings = project.Events.OfType<FundingSecured>().Select(f => f.FundingId).ToList();
            for (var i = 0; i < 60; i++)
            {
                var on = first.AddDays(rng.Next(-200, 12_000));
                IProjectEvent candidate = rng.Next(10) switch
                {
                    0 => new ActorLeftCollective(id, on, "t", actors.Count > 0 ? actors[rng.Next(actors.Count)] : "x", "départ"),
                    1 => new ActorJoinedCollective(id, on, "t", actors.Count > 0 && rng.Next(2) == 0 ? actors[rng.Next(actors.Count)] : $"Nouveau {i}",
                        ActorKind.Company, true, ActorRole.Partner),
                    2 => new FundingEnded(id, on, "t", fundings.Count > 0 ? fundings[rng.Next(fundings.Count)] : "F01", null),
                    3 => new CarrierLost(id, on, "t", "parti"),
                    4 => new ProjectPaused(id, on, "t", "pause"),
                    5 => new ProjectResumed(id, on, "t", null),
                    6 => new ProjectStopped(id, on, "t", ["goalReached"], null),
                    7 => new FollowUpObserved(id, on, "t", true, null, null, null, null, "vu"),
                    8 => new AccompanimentEnded(id, on, "t", true, null),
                    _ => new NoteAdded(id, on, "t", "note"),
                };
                var expected = FullReplay(timeline, candidate);
                var actual = timeline.CheckAppend(candidate, Guid.Empty);
                actual.ShouldBe(expected, $"{candidate}");
                checkedCandidates++;
                if (expected is null) accepted++;
            }
        }
        checkedCandidates.ShouldBe(1800);
        accepted.ShouldBeInRange(300, 1500, "both accepted and refused candidates");
    }

    /// <summary>The check as it was: the whole history replayed with and without the candidate.</summary>
    private static RuleViolation? FullReplay(ProjectTimeline timeline, IProjectEvent candidate)
    {
        var next = new ProjectTimeline(timeline.Entries.Append(new TimelineEntry(Guid.Empty, timeline.Version + 1, DateTimeOffset.MaxValue, candidate)));
        var before = timeline.Violations().Select(v => v.EventId).ToHashSet();
        return next.Violations().FirstOrDefault(v => !before.Contains(v.EventId)) is { } broken
            ? broken.EventId == Guid.Empty
                ? broken with { EventId = null }
                : broken with { Message = $"ce jalon rendrait incohérent le jalon existant {timeline.Named(broken.EventId)} : {broken.Message}" }
            : null;
    }
}
