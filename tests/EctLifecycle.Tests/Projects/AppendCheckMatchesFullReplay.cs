using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.ScoreHistory;

namespace EctLifecycle.Tests.Projects;

/// <summary>
/// The append check replays only from the candidate (or the retracted milestone) until the new history is back in the
/// same rule-relevant state as the stored one. On the study's 44 histories and thousands of candidates of every kind
/// that touches a rule (at dates before, among and after each history's events, and retractions of every effective
/// milestone), it must decide exactly what replaying the whole new history decides; and a timeline grown by appends
/// must fold and check like one read whole.
/// </summary>
public class AppendCheckMatchesFullReplay
{
    private static readonly Guid CandidateId = Guid.Empty;

    [Fact]
    public void the_check_from_the_candidate_on_decides_like_the_replay_of_the_whole_new_history()
    {
        var rng = new Random(11);
        var checkedCount = 0;
        var refused = 0;
        foreach (var project in DemoPortfolio.Study())
        {
            var timeline = new ProjectTimeline(DemoPortfolio.Entries(project.Events));
            foreach (var candidate in Candidates(timeline, rng))
            {
                var expected = FullReplay(timeline, candidate);
                var actual = timeline.CheckAppend(candidate, CandidateId);
                (actual?.Code, actual?.EventId).ShouldBe((expected?.Code, expected?.EventId), $"{project.Key}: {candidate}");
                checkedCount++;
                if (actual is not null) refused++;
            }
        }
        checkedCount.ShouldBeGreaterThan(3_000);
        refused.ShouldBeGreaterThan(checkedCount / 10, "the candidates must exercise refusals, not only acceptances");
        (checkedCount - refused).ShouldBeGreaterThan(checkedCount / 10);
    }

    [Fact]
    public void a_timeline_grown_by_checked_appends_folds_and_checks_like_one_read_whole()
    {
        var rng = new Random(5);
        foreach (var project in DemoPortfolio.Study().Take(12))
        {
            var grown = new ProjectTimeline(DemoPortfolio.Entries(project.Events));
            grown.StateAsOf(DemoPortfolio.StudyDate); // its business order is sorted before it grows
            var appended = 0;
            foreach (var candidate in Candidates(grown, rng).Take(60))
            {
                if (grown.CheckAppend(candidate, CandidateId) is not null) continue;
                var entry = new TimelineEntry(Guid.NewGuid(), grown.Version + 1, DateTimeOffset.UnixEpoch.AddDays(grown.Version), candidate);
                grown = grown.WithAppended(entry, checkedHere: true);
                appended++;
                var whole = new ProjectTimeline(grown.Entries);
                grown.Effective().Select(e => e.EventId).ShouldBe(whole.Effective().Select(e => e.EventId));
                whole.Violations().Select(v => v.EventId).ShouldBeSubsetOf(new ProjectTimeline(DemoPortfolio.Entries(project.Events)).Violations().Select(v => v.EventId));
            }
            appended.ShouldBeGreaterThan(5, project.Key);
            var read = new ProjectTimeline(grown.Entries);
            foreach (var probe in Candidates(read, new Random(3)).Take(40))
                grown.CheckAppend(probe, CandidateId)?.Code.ShouldBe(read.CheckAppend(probe, CandidateId)?.Code, probe.ToString());
        }
    }

    [Fact]
    public void a_timeline_grown_from_folded_ones_takes_over_their_days_and_scores_and_folds_like_one_read_whole()
    {
        var grids = GridCatalog.LoadFrom(GridCatalog.DefaultFolder).All.ToList();
        var rng = new Random(23);
        var (appended, takenOver) = (0, 0);
        foreach (var project in DemoPortfolio.Study())
        {
            var grown = new ProjectTimeline(DemoPortfolio.Entries(project.Events));
            // Candidates in random order: late entries, entries of today and retractions mixed.
            foreach (var candidate in Candidates(grown, rng).OrderBy(_ => rng.Next()).Take(25))
            {
                if (grown.CheckAppend(candidate, CandidateId) is not null) continue;
                // The basis is folded and scored (as a write's plans and projection leave it) before it grows.
                foreach (var grid in grids) grown.SummariesOfDays(grid);
                var firstDay = grown.DayCount > 0 ? (Date: grown.DateOfDay(0), Summary: grown.SummaryOfDay(0, grids[0])) : default;
                var changedFrom = candidate is MilestoneRetracted r
                    ? grown.Entries.First(e => e.EventId == r.RetractedEventId).Event.OccurredOn : candidate.OccurredOn;
                var entry = new TimelineEntry(Guid.NewGuid(), grown.Version + 1, DateTimeOffset.UnixEpoch.AddDays(grown.Version), candidate);
                grown = grown.WithAppended(entry, checkedHere: true);
                appended++;
                var whole = new ProjectTimeline(grown.Entries);
                grown.DayCount.ShouldBe(whole.DayCount, candidate.ToString());
                Json(grown.Current).ShouldBe(Json(whole.Current), candidate.ToString());
                for (var day = 0; day < whole.DayCount; day++)
                {
                    grown.DateOfDay(day).ShouldBe(whole.DateOfDay(day));
                    Json(grown.StateOfDay(day)).ShouldBe(Json(whole.StateOfDay(day)), $"{candidate} day {day}");
                    foreach (var grid in grids)
                        Json(grown.SummaryOfDay(day, grid)).ShouldBe(Json(Scorer.Summarize(grid, whole.StateOfDay(day))), $"{candidate} day {day}");
                }
                Json(ScorePeriods.Of(grown, grids, 1)).ShouldBe(Json(ScorePeriods.Of(whole, grids, 1)), candidate.ToString());
                // The days before the change are taken over with their scores, not scored again.
                if (firstDay.Summary is not null && changedFrom > firstDay.Date)
                {
                    ReferenceEquals(grown.SummaryOfDay(0, grids[0]), firstDay.Summary).ShouldBeTrue(candidate.ToString());
                    takenOver++;
                }
            }
        }
        appended.ShouldBeGreaterThan(250);
        takenOver.ShouldBeGreaterThan(appended / 2, "most appends change a day after the project's first");
    }

    private static string Json(object? o) => System.Text.Json.JsonSerializer.Serialize(o);

    /// <summary>The first rule the whole new history breaks that the stored one did not: the check's definition.</summary>
    private static RuleViolation? FullReplay(ProjectTimeline timeline, IProjectEvent candidate)
    {
        if (candidate is MilestoneRetracted r && (timeline.IsRetracted(r.RetractedEventId)
            || timeline.Entries.FirstOrDefault(e => e.EventId == r.RetractedEventId)?.Event is null or ProjectRegistered or MilestoneRetracted))
            return timeline.CheckAppend(candidate, CandidateId); // refused before any replay: not what this test is about
        var before = timeline.Violations().Select(v => v.EventId).ToHashSet();
        var after = new ProjectTimeline(timeline.Entries.Append(new TimelineEntry(CandidateId, timeline.Version + 1, DateTimeOffset.MaxValue, candidate)));
        var first = after.Violations().FirstOrDefault(v => !before.Contains(v.EventId));
        return first is null ? null : first.EventId == CandidateId ? first with { EventId = null } : first;
    }

    private static IEnumerable<IProjectEvent> Candidates(ProjectTimeline timeline, Random rng)
    {
        var registration = (ProjectRegistered)timeline.Registration!.Event;
        var id = registration.ProjectId;
        var effective = timeline.Effective().ToList();
        var first = registration.OccurredOn.AddDays(-40);
        var last = effective[^1].Event.OccurredOn.AddDays(400);
        var actors = effective.Select(e => e.Event).OfType<ActorJoinedCollective>().Select(a => a.ActorName).Append("Inconnu").ToList();
        var fundings = effective.Select(e => e.Event).OfType<FundingSecured>().Select(f => f.FundingId).Append("F-X").ToList();
        DateOnly Day() => rng.Next(4) == 0
            ? effective[rng.Next(effective.Count)].Event.OccurredOn // on the day of an existing event
            : first.AddDays(rng.Next(last.DayNumber - first.DayNumber + 1));
        for (var i = 0; i < 90; i++)
        {
            var on = Day();
            yield return (i % 11) switch
            {
                0 => new NoteAdded(id, on, "t", "note"),
                1 => new ActorJoinedCollective(id, on, "t", actors[rng.Next(actors.Count)], ActorKind.Association, true, ActorRole.Partner),
                2 => new ActorLeftCollective(id, on, "t", actors[rng.Next(actors.Count)], "départ"),
                3 => new FundingEnded(id, on, "t", fundings[rng.Next(fundings.Count)], null),
                4 => new FundingSecured(id, on, "t", fundings[rng.Next(fundings.Count)], FundingSourceKind.Sales, "Client", 1000, null, null),
                5 => new CarrierLost(id, on, "t", "départ"),
                6 => new ProjectPaused(id, on, "t", "pause"),
                7 => new ProjectResumed(id, on, "t", null),
                8 => new ProjectStopped(id, on, "t", ["other"], null, "fin"),
                9 => new AccompanimentEnded(id, on, "t", true, null),
                _ => new FollowUpObserved(id, on, "t", true, null, null, null, null, null),
            };
        }
        foreach (var entry in timeline.Entries)
            yield return new MilestoneRetracted(id, last, "t", entry.EventId, "erreur");
    }
}
