using EctLifecycle.Projects;
using EctLifecycle.Scoring;

namespace EctLifecycle.Portfolio.Demo;

/// <summary>A generated project folded and scored at the study date, with the facts the study's figures count.</summary>
internal sealed record Facts(GeneratedProject Project, ProjectState State, ScoreCard Card)
{
    public static Facts Of(GeneratedProject p, Grid grid)
    {
        var state = new ProjectTimeline(DemoPortfolio.Entries(p.Events)).StateAsOf(DemoPortfolio.StudyDate)
            ?? throw new InvalidOperationException($"{p.Key} has not emerged at the study date");
        return new Facts(p, state, Scorer.Score(grid, state));
    }

    public bool Has<TEvent>() where TEvent : IProjectEvent => Project.Events.OfType<TEvent>().Any();

    public bool HubAccompanied => Project.Events.OfType<AccompanimentStarted>().Any(a => a.ByHub);

    /// <summary>The hub had no part in the idea's emergence: no role, no support started and not in the collective by then.</summary>
    public bool HubAbsentAtEmergence => State.HubRole == HubRole.Absent
        && !Project.Events.OfType<AccompanimentStarted>().Any(a => a.ByHub && a.OccurredOn <= State.EmergedOn)
        && !State.Actors.Any(a => a.Kind == ActorKind.Hub && a.JoinedOn <= State.EmergedOn);

    /// <summary>The study's qualitative sample: ECT potential, a carrier, resilience above the portfolio's mean.</summary>
    public bool Selected(double portfolioResilienceMean) =>
        Card.EctPotential && State.Carrier is not null && Card.PillarMean(StudyCheck.Resilience) > portfolioResilienceMean;

    public bool StoppedAfterHub => State.Stopped is { } stop
        && State.Accompaniments.Any(a => a.ByHub && a.EndedOn < stop.On)
        && !State.Accompaniments.Any(a => a.ByHub && a.Active);

    /// <summary>Actors left after the first year, and cooperation was last assessed lower than at first.</summary>
    public bool CooperationFaded
    {
        get
        {
            var cooperation = Project.Events.OfType<CriteriaAssessed>().OrderBy(a => a.OccurredOn)
                .SelectMany(a => a.Scores.Where(s => s.CriterionId == Assessing.Cooperation)).Select(s => s.Points).ToList();
            return State.Actors.Any(a => a.LeftOn > State.EmergedOn.AddYears(1))
                && cooperation.Count >= 2 && cooperation[^1] < cooperation[0];
        }
    }

    public bool RecordedInBusinessOrder =>
        Project.Events.Zip(Project.Events.Skip(1)).All(pair => pair.First.OccurredOn <= pair.Second.OccurredOn);
}
