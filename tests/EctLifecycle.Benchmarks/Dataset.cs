using EctLifecycle.Portfolio;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Projects;

namespace EctLifecycle.Benchmarks;

/// <summary>What the clients know of a project they log milestones on: its key, and the dates that bound valid milestones.</summary>
public sealed record ProjectFacts(string Key, DateOnly EmergedOn, DateOnly? StoppedOn);

/// <summary>
/// The synthetic portfolio of a run (the demo generator: late entries, assessments, stops), as the zip files of CSV the
/// import reads, in files of at most <see cref="ProjectsPerFile"/> projects so that no upload passes the app's limit.
/// </summary>
public sealed class Dataset
{
    public const int ProjectsPerFile = 10_000;

    public IReadOnlyList<ProjectFacts> Projects { get; }
    public IReadOnlyList<byte[]> Files { get; }
    public int Events { get; }

    private Dataset(IReadOnlyList<ProjectFacts> projects, IReadOnlyList<byte[]> files, int events)
    {
        Projects = projects;
        Files = files;
        Events = events;
    }

    public static Dataset Generate(int projects, int seed)
    {
        var facts = new List<ProjectFacts>(projects);
        var files = new List<byte[]>();
        var events = 0;
        var all = DemoPortfolio.Synthetic(projects, seed);
        foreach (var chunk in all.Chunk(ProjectsPerFile))
        {
            foreach (var p in chunk)
            {
                facts.Add(new ProjectFacts(p.Key, p.Events[0].OccurredOn, p.Events.OfType<ProjectStopped>().FirstOrDefault()?.OccurredOn));
                events += p.Events.Count;
            }
            using var output = new MemoryStream();
            PortfolioFormats.Write(DemoPortfolio.ToFile(chunk), output, PortfolioFormat.CsvZip);
            files.Add(output.ToArray());
        }
        return new Dataset(facts, files, events);
    }
}
