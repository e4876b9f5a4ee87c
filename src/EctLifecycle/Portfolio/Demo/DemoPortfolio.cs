using EctLifecycle.Projects;

namespace EctLifecycle.Portfolio.Demo;

/// <summary>A generated project: <c>Events[0]</c> is its registration, the rest come in recording order.</summary>
public sealed record GeneratedProject(string Key, IReadOnlyList<IProjectEvent> Events)
{
    /// <summary>Who logs what a later generator adds to the project: its first milestone's author, else its registration's.</summary>
    public string Staff => Events.Skip(1).Select(e => e.LoggedBy).FirstOrDefault() ?? Events[0].LoggedBy;
}

/// <summary>
/// Deterministic, seeded portfolios of fictional projects in the Val d'Arvelle: the study's 44 projects, shaped to
/// reproduce its figures under grid v1, and larger synthetic ones for benchmarks. Only <see cref="Random"/> drives
/// them, so a seed gives the same portfolio on every run and machine. Project ids are placeholders: the importer
/// assigns real ones.
/// </summary>
public static class DemoPortfolio
{
    public static readonly DateOnly StudyDate = new(2024, 6, 30);

    /// <summary>
    /// The study's 44 projects as of <see cref="StudyDate"/>: 37 accompanied by the hub, 15 at an ECT score of 26 or
    /// more (8 at exactly 26), a resilience mean of 1.3 and 10 projects meeting the study's three conditions.
    /// Throws <see cref="InvalidOperationException"/> when a figure is not met.
    /// </summary>
    public static IReadOnlyList<GeneratedProject> Study(int seed = 2024) => DemoCommunes.Placed(DemoFigure.Of(DemoCarriers.Recur(StudyPortfolio.Generate(seed))));

    /// <summary>Larger portfolios with the same kinds of histories, about 50 events per project, keys S000001...</summary>
    public static IReadOnlyList<GeneratedProject> Synthetic(int projects, int seed = 1) => SyntheticPortfolio.Generate(projects, seed);

    /// <summary>The portfolio as the hub's spreadsheet: registrations, milestones and assessment rows, numbered from 2.</summary>
    public static PortfolioFile ToFile(IEnumerable<GeneratedProject> projects)
    {
        // Turning an event into a row goes through JSON, the slow part: projects convert in parallel, kept in order.
        var converted = projects.AsParallel().AsOrdered().Select(Rows).ToList();
        var file = new PortfolioFile();
        foreach (var (registrations, milestones, assessments) in converted)
        {
            file.Projects.AddRange(registrations.Select(r => r with { Number = file.Projects.Count + 2 }));
            foreach (var row in milestones) file.Milestones.Add(row with { Number = file.Milestones.Count + 2 });
            foreach (var row in assessments) file.Assessments.Add(row with { Number = file.Assessments.Count + 2 });
        }
        return file;
    }

    private static (List<PortfolioRow>, List<PortfolioRow>, List<PortfolioRow>) Rows(GeneratedProject project)
    {
        List<PortfolioRow> registrations = [], milestones = [], assessments = [];
        foreach (var e in project.Events)
        {
            switch (e)
            {
                case ProjectRegistered r: registrations.Add(PortfolioRows.ProjectRow(project.Key, r)); break;
                case CriteriaAssessed a: assessments.AddRange(PortfolioRows.AssessmentRows(project.Key, a)); break;
                default: milestones.Add(PortfolioRows.MilestoneRow(project.Key, e)); break;
            }
        }
        return (registrations, milestones, assessments);
    }

    /// <summary>The state at <paramref name="asOf"/> of a registration and milestones, folded by the app's timeline.</summary>
    internal static ProjectState Fold(ProjectRegistered registration, IEnumerable<IProjectEvent> milestones, DateOnly asOf) =>
        new ProjectTimeline(Entries(milestones.Prepend(registration))).StateAsOf(asOf)
        ?? throw new InvalidOperationException($"{registration.Name} has not emerged on {asOf}");

    /// <summary>Timeline entries in the given (recording) order, with placeholder ids and times.</summary>
    internal static IEnumerable<TimelineEntry> Entries(IEnumerable<IProjectEvent> events) =>
        events.Select((e, i) => new TimelineEntry(new Guid(i + 1, 0, 0, new byte[8]), i + 1,
            DateTimeOffset.UnixEpoch.AddMinutes(i), e));

    /// <summary>The draft and its final assessment, in a recording order that often differs from business order.</summary>
    internal static GeneratedProject Project(string key, Draft draft, CriteriaAssessed final, Random rng, double lateShare) =>
        new(key, [draft.Registration, .. RecordingOrder.Of(draft.Milestones.Append(final), rng, lateShare), .. DemoOutputs.Of(draft)]);
}
