using System.Diagnostics;
using EctLifecycle.Portfolio;
using EctLifecycle.Scoring;

namespace EctLifecycle.Benchmarks;

/// <summary>
/// The import's planning alone (reading the files' rows through the API's rules and checking every history), in this
/// process and repeated, so that the app's own share of an import can be profiled and compared without PostgreSQL.
/// </summary>
public static class PlanOnly
{
    public static int Run(Size size, int seed, int repeat, bool fold = false, bool allocations = false)
    {
        var folded = new Folded();
        using var sampler = allocations ? new AllocationSampler() : null;
        var data = Dataset.Generate(size.Projects, seed);
        var grids = GridCatalog.LoadFrom(GridCatalog.DefaultFolder);
        var today = new BusinessCalendar(TimeProvider.System).Today;
        Console.WriteLine($"planning {data.Files.Count} file(s) of size {size.Name} ({data.Events:N0} events), {repeat} time(s)");
        for (var run = 1; run <= repeat; run++)
        {
            var allocated = GC.GetTotalAllocatedBytes();
            var pause = GC.GetTotalPauseDuration();
            var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var read = TimeSpan.Zero;
            var readAllocated = 0L;
            var clock = Stopwatch.StartNew();
            var events = 0;
            foreach (var bytes in data.Files)
            {
                var started = clock.Elapsed;
                var before = GC.GetTotalAllocatedBytes();
                var file = PortfolioFormats.Read(new MemoryStream(bytes), "portfolio.zip");
                read += clock.Elapsed - started;
                readAllocated += GC.GetTotalAllocatedBytes() - before;
                var plan = Plan(file, grids, today);
                events += plan.EventsPlanned;
                if (fold) Fold(plan, grids, ref folded, run == repeat ? sampler : null);
            }
            var total = clock.Elapsed;
            Console.WriteLine($"run {run}: {events:N0} events in {total.TotalSeconds:0.00} s (reading the files {read.TotalSeconds:0.00} s, {readAllocated / 1048576:N0} MB), " +
                $"CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.00} s, " +
                $"{(GC.GetTotalAllocatedBytes() - allocated) / 1048576:N0} MB allocated, " +
                $"collections {GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2}, " +
                $"GC pauses {(GC.GetTotalPauseDuration() - pause).TotalSeconds:0.00} s");
            if (fold)
                Console.WriteLine($"  of which the score history: {folded.Periods:N0} periods of {events:N0} events, folded in {folded.Fold.TotalSeconds:0.00} s " +
                    $"({folded.Fold.TotalMicroseconds / Math.Max(1, events):0.0} µs per event, {folded.FoldAllocated / 1048576:N0} MB), " +
                    $"serialized in {folded.Json.TotalSeconds:0.00} s ({folded.JsonBytes / Math.Max(1, folded.Periods):N0} bytes per period, {folded.JsonAllocated / 1048576:N0} MB)");
            folded = new Folded();
        }
        if (sampler is not null)
        {
            Console.WriteLine($"the fold's allocations (not the serialization's) in run {repeat}, sampled by type:");
            foreach (var line in sampler.Report()) Console.WriteLine(line);
        }
        return 0;
    }

    /// <summary>
    /// The typology of the report (<see cref="Typology.ProjectTypology"/>) on the size's portfolio at the harness's study
    /// date, in this process: the planned streams folded into their periods at that date under the default grid (no
    /// database), then the typology computed <paramref name="repeat"/> times under the app's default settings, each timed,
    /// with its CPU, allocations and what it found (to compare two builds' answers).
    /// </summary>
    public static int Typology(Size size, int seed, int repeat)
    {
        var data = Dataset.Generate(size.Projects, seed);
        var grids = GridCatalog.LoadFrom(GridCatalog.DefaultFolder);
        var today = new BusinessCalendar(TimeProvider.System).Today;
        var asOf = DateOnly.Parse(ReadBench.StudyDate, System.Globalization.CultureInfo.InvariantCulture);
        var rows = new List<ScoreHistory.ScorePeriod>();
        var recorded = DateTimeOffset.UtcNow;
        foreach (var bytes in data.Files)
        {
            foreach (var project in Plan(PortfolioFormats.Read(new MemoryStream(bytes), "portfolio.zip"), grids, today).Projects)
                if (ScoreHistory.ScorePeriods.RowAsOf(TimelineOf(project, recorded), asOf, grids.Default) is { } row) rows.Add(row);
        }
        var settings = new EctLifecycle.Typology.TypologySettings();
        var p = new Analytics.AnalyticsParameters(asOf, grids.Default, null);
        Console.WriteLine($"the typology of size {size.Name} at {asOf:yyyy-MM-dd} (grid {grids.Default.Version}): {rows.Count:N0} projects, " +
            $"{rows.Count(r => r.StoppedOn is null):N0} live, {repeat} time(s)");
        for (var run = 1; run <= repeat; run++)
        {
            var allocated = GC.GetTotalAllocatedBytes();
            var pause = GC.GetTotalPauseDuration();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var t = EctLifecycle.Typology.ProjectTypology.Of(rows, p, settings);
            Console.WriteLine($"run {run}: {clock.Elapsed.TotalSeconds:0.00} s, CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.00} s, " +
                $"{(GC.GetTotalAllocatedBytes() - allocated) / 1048576:N0} MB allocated, GC pauses {(GC.GetTotalPauseDuration() - pause).TotalSeconds:0.00} s; " +
                $"fitted on {t.FittedOn:N0}, {t.Clusters} groups, silhouette {t.Silhouette}, candidates " +
                string.Join(" ", t.Candidates.Select(c => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"k{c.Clusters}:{c.Silhouette}/{c.Inertia:0}"))) +
                $", sizes {string.Join(" ", t.Groups.Select(g => g.Size))}");
        }
        return 0;
    }

    /// <summary>A file's import planned as if no project existed; its errors, if any, stop the run.</summary>
    private static ImportPlan Plan(PortfolioFile file, GridCatalog grids, DateOnly today)
    {
        var plan = ImportPlanner.Plan(file, new Dictionary<string, ExistingProject>(), grids, today, "bench");
        return plan.Errors.Count > 0 ? throw new InvalidOperationException(string.Join("\n", plan.Errors.Take(10))) : plan;
    }

    /// <summary>A planned project's timeline, its events numbered in the plan's order and all recorded at <paramref name="recorded"/>.</summary>
    private static Projects.ProjectTimeline TimelineOf(PlannedProject project, DateTimeOffset recorded) =>
        new(project.Events.Select((e, i) => new Projects.TimelineEntry(Guid.NewGuid(), i + 1, recorded, e)), project.Events.Count);

    private sealed class Folded
    {
        public long Periods, JsonBytes, FoldAllocated, JsonAllocated;
        public TimeSpan Fold, Json;
    }

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>The score history's share of an import: the planned streams folded into periods under every grid, then serialized.</summary>
    private static void Fold(ImportPlan plan, GridCatalog grids, ref Folded folded, AllocationSampler? sampler)
    {
        sampler?.Start();
        var clock = Stopwatch.StartNew();
        var allocated = GC.GetTotalAllocatedBytes();
        var periods = new List<ScoreHistory.ScorePeriod>();
        var recorded = DateTimeOffset.UtcNow;
        foreach (var project in plan.Projects) periods.AddRange(ScoreHistory.ScorePeriods.Of(TimelineOf(project, recorded), grids.All, 1));
        sampler?.Stop();
        folded.Fold += clock.Elapsed;
        folded.FoldAllocated += GC.GetTotalAllocatedBytes() - allocated;
        folded.Periods += periods.Count;
        clock.Restart();
        allocated = GC.GetTotalAllocatedBytes();
        foreach (var p in periods) folded.JsonBytes += System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(p, Json).Length;
        folded.Json += clock.Elapsed;
        folded.JsonAllocated += GC.GetTotalAllocatedBytes() - allocated;
    }
}
