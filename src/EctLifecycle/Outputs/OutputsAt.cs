using EctLifecycle.Analytics;
using EctLifecycle.Projects;
using EctLifecycle.ScoreHistory;

namespace EctLifecycle.Outputs;

/// <summary>
/// The tool's rules for summing what projects produce (not the study's: it asks « Que produisent les projets sur les
/// territoires ? » and gives no figure). Section <c>Outputs</c> of appsettings.json.
/// </summary>
public sealed class OutputSettings
{
    public const string Section = "Outputs";

    /// <summary>
    /// Whether a project stopped by the date still counts with its last measures. Default false: what a stopped project
    /// had produced is the durability report's (« ce qu'il avait produit à l'arrêt »), not the territory's at a later date.
    /// </summary>
    public bool CountStoppedProjects { get; set; }

    public static OutputSettings Read(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<OutputSettings>() ?? new();
}

/// <summary>One measure (a volume: of one unit) over a group of projects at the date.</summary>
public sealed record OutputFigure(string Measure, string? Unit, string Cohort, int Projects, decimal Sum, decimal Median, decimal Mean)
{
    /// <summary>The unit as most of the projects wrote it (« MWh »), shown; <see cref="Unit"/> stays the one compared and named in the CSV.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? UnitShown { get; init; }

    /// <summary>A value of this figure, as the French write it with its unit.</summary>
    public string Format(decimal value) => OutputsMeasuredKind.Format(new OutputValue(Measure, Unit, value, default) { UnitAsTyped = UnitShown });

    /// <summary>The measure's French name, with its unit.</summary>
    public string Label => OutputsMeasuredKind.LabelOf(Measure, Unit is null ? null : UnitShown ?? Unit);
}

/// <summary>A project's measures holding at the date, each with the date it was measured.</summary>
public sealed record ProjectOutputs(Guid Id, string Key, string Name, string? Cohort, IReadOnlyList<OutputValue> Values);

/// <summary>
/// What projects produce at a business date: for each measure (a volume per unit, never two units added), the sum over
/// the projects whose last measurement of it by that date holds, how many they are, the median and the mean; by cohort
/// when asked (<c>by</c>, the cohorts' fields). A measurement counts from its business date, however late it was recorded;
/// "as known at" a recording date, only what was recorded by then, retractions included.
/// </summary>
public sealed record OutputsAt(
    DateOnly AsOf, DateOnly? KnownAt, CohortField? By, bool CountStoppedProjects, int Projects, int ProjectsReporting,
    IReadOnlyList<OutputFigure> Figures, IReadOnlyList<ProjectOutputs> ProjectOutputs) : ITidy
{
    public const string AllProjects = "all";

    /// <summary>What the analysis reads of one project at the date: who it is, whether it has stopped, and the latest value of each measure.</summary>
    public sealed record Reading(Guid Id, string Key, string Name, bool Stopped, IReadOnlyList<OutputValue> Values)
    {
        /// <summary>From the project's timeline (as known at the date's recording instant, if asked); null before it emerged.</summary>
        public static Reading? Of(ProjectTimeline recorded, AnalyticsParameters p)
        {
            var timeline = p.RecordedBy is { } recordedBy ? recorded.KnownAt(recordedBy) : recorded;
            if (timeline.Registration is null || timeline.StateAsOf(p.AsOf) is not { } state) return null;
            return new(state.Id, ProjectKey.Of((ProjectRegistered)timeline.Registration.Event), state.Name, state.Stopped is not null,
                OutputsMeasuredKind.Latest(state));
        }

        /// <summary>From the project's period holding at the date (<see cref="ScorePeriod.Outputs"/>).</summary>
        public static Reading Of(ScorePeriod period) => new(period.ProjectId, period.Key, period.Name, period.StoppedOn is not null,
            period.Outputs?.Select(o => o.ToOutput()).ToList() ?? []);
    }

    /// <param name="timelines">every project's timeline, as recorded now (read chunk by chunk)</param>
    /// <param name="cohorts">each project's cohort at the date when <paramref name="by"/> is given (<see cref="Cohorts.ValueOf"/>)</param>
    public static async Task<OutputsAt> OfAsync(
        IAsyncEnumerable<ProjectTimeline> timelines, AnalyticsParameters p, CohortField? by, IReadOnlyDictionary<Guid, string>? cohorts,
        OutputSettings settings, CancellationToken ct = default)
    {
        var readings = new List<Reading>();
        await foreach (var recorded in timelines.WithCancellation(ct))
            if (Reading.Of(recorded, p) is { } reading) readings.Add(reading);
        return Of(readings, p, by, cohorts, settings);
    }

    /// <summary>The answer from each project's reading at the date (every project with a state then, in any order).</summary>
    public static OutputsAt Of(IReadOnlyCollection<Reading> projects, AnalyticsParameters p, CohortField? by, IReadOnlyDictionary<Guid, string>? cohorts,
        OutputSettings settings)
    {
        var reporting = projects.Where(x => (!x.Stopped || settings.CountStoppedProjects) && x.Values.Count > 0)
            .Select(x => new ProjectOutputs(x.Id, x.Key, x.Name, by is null ? null : cohorts?.GetValueOrDefault(x.Id) ?? "", x.Values)).ToList();
        reporting.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var figures = FiguresOf(reporting, _ => AllProjects).ToList();
        if (by is not null) figures.AddRange(FiguresOf(reporting, x => x.Cohort!).OrderBy(f => f.Cohort, StringComparer.Ordinal));
        return new OutputsAt(p.AsOf, p.KnownAt, by, settings.CountStoppedProjects, projects.Count, reporting.Count, figures, reporting);
    }

    private static IEnumerable<OutputFigure> FiguresOf(IEnumerable<ProjectOutputs> projects, Func<ProjectOutputs, string> cohortOf) =>
        projects.SelectMany(x => x.Values.Select(v => (Cohort: cohortOf(x), Value: v)))
            .GroupBy(x => (x.Cohort, x.Value.Measure, x.Value.Unit))
            .OrderBy(g => g.Key.Cohort, StringComparer.Ordinal)
            .ThenBy(g => OutputsMeasuredKind.Measures.ToList().FindIndex(m => m.Id == g.Key.Measure))
            .ThenBy(g => g.Key.Unit, StringComparer.Ordinal)
            .Select(g =>
            {
                var values = g.Select(x => x.Value.Value).Order().ToList();
                var mid = values.Count / 2;
                var median = values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
                return new OutputFigure(g.Key.Measure, g.Key.Unit, g.Key.Cohort, values.Count, values.Sum(), median,
                    Math.Round(values.Sum() / values.Count, 2))
                {
                    // As most projects wrote it; of two as frequent, the one of the latest measurement.
                    UnitShown = g.Where(x => x.Value.UnitAsTyped is not null).GroupBy(x => x.Value.UnitAsTyped!, StringComparer.Ordinal)
                        .OrderByDescending(u => u.Count()).ThenByDescending(u => u.Max(x => x.Value.On)).ThenBy(u => u.Key, StringComparer.Ordinal)
                        .Select(u => u.Key).FirstOrDefault(),
                };
            });

    /// <summary>The measure as the CSV names it: <c>jobsFte</c>, or <c>activityVolume:paniers</c>.</summary>
    public static string MeasureName(string measure, string? unit) => unit is null ? measure : $"{measure}:{unit}";

    public IEnumerable<TidyRow> Tidy()
    {
        yield return new("portfolio", AsOf, "projects", Projects);
        yield return new("portfolio", AsOf, "projectsReporting", ProjectsReporting);
        foreach (var f in Figures)
        {
            var subject = f.Cohort == AllProjects ? "portfolio" : $"{By!.Value.Wire()}={f.Cohort}";
            var measure = MeasureName(f.Measure, f.Unit);
            yield return new(subject, AsOf, $"reporting:{measure}", f.Projects) { UnitShown = f.UnitShown };
            yield return new(subject, AsOf, $"sum:{measure}", f.Sum) { UnitShown = f.UnitShown };
            yield return new(subject, AsOf, $"median:{measure}", f.Median) { UnitShown = f.UnitShown };
            yield return new(subject, AsOf, $"mean:{measure}", f.Mean) { UnitShown = f.UnitShown };
        }
        // A project's value is dated by its measurement: the date from which it holds.
        foreach (var x in ProjectOutputs)
            foreach (var v in x.Values)
                yield return new(x.Key, v.On, MeasureName(v.Measure, v.Unit), v.Value) { UnitShown = v.UnitAsTyped };
    }
}
