using EctLifecycle.Projects;
using EctLifecycle.Scoring;

namespace EctLifecycle.Portfolio.Demo;

/// <summary>
/// Builds the study portfolio from <see cref="StudyPlan"/>: each history is drawn, folded at the study date and scored
/// by the app's own code with its assessed criteria still unassessed; then the final assessment supplies exactly the
/// points the plan asks for. A draw whose derived points leave no room for that is drawn again, a little stronger or
/// weaker.
/// </summary>
internal static class StudyPortfolio
{
    public static readonly DateOnly Earliest = new(2014, 1, 1);
    private static readonly DateOnly CampaignFrom = new(2024, 1, 8);
    private const int MaxAttempts = 800;

    private static readonly Lazy<Grid> LazyGrid = new(() => GridCatalog.LoadFrom(GridCatalog.DefaultFolder).Default);

    public static Grid Grid => LazyGrid.Value;

    public static IReadOnlyList<GeneratedProject> Generate(int seed)
    {
        var rng = new Random(seed);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var projects = StudyPlan.All.Select((plan, i) => Fit(plan, i + 1, rng, names)).ToList();
        var problems = StudyCheck.Problems(projects, Grid).ToList();
        if (problems.Count > 0)
            throw new InvalidOperationException($"the study portfolio (seed {seed}) misses its figures: {string.Join("; ", problems)}");
        return projects;
    }

    private static GeneratedProject Fit(PlannedProject plan, int index, Random rng, HashSet<string> names)
    {
        var sketch = SketchOf(plan, index, rng);
        var budget = plan.Score - plan.Resilience;                 // derived points + the other assessed criteria
        var preferred = Math.Clamp((int)Math.Round(budget * 0.3), 0, 9);
        var cooperationCap = plan.Has(Trait.Fading) ? 1 : 3;       // a faded cooperation is assessed lower at the end
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var draft = HistoryGenerator.Generate(sketch, rng);
            var state = DemoPortfolio.Fold(draft.Registration, draft.Milestones.Where(e => e is not CriteriaAssessed), DemoPortfolio.StudyDate);
            var derived = Scorer.Score(Grid, state).Score;
            var rest = budget - derived;
            var tolerance = attempt < 150 ? 1 : attempt < 400 ? 2 : 9;
            var carrierFits = plan.Role switch
            {
                Role.Selected or Role.HighLowResilience => state.Carrier is not null,
                Role.HighWithoutCarrier => state.Carrier is null,
                _ => true,
            };
            if (carrierFits && rest >= 0 && rest <= cooperationCap + 6 && Math.Abs(rest - preferred) <= tolerance
                && !names.Contains(draft.Registration.Name))
            {
                names.Add(draft.Registration.Name);
                var points = Assessing.Split(rest, 3, rng, [cooperationCap, 3, 3])
                    .Concat(Assessing.Split(plan.Resilience, 3, rng)).ToArray();
                var final = HistoryGenerator.Final(draft, points, rng);
                return DemoPortfolio.Project(plan.Key, draft, final, rng, lateShare: 0.6);
            }
            var wanted = budget - preferred;
            sketch = sketch with { Strength = Math.Clamp(sketch.Strength + 0.015 * (wanted - derived), 0, 1) };
        }
        throw new InvalidOperationException($"{plan.Key}: no history reaches a score of {plan.Score} with {plan.Resilience} resilience points");
    }

    private static Sketch SketchOf(PlannedProject plan, int index, Random rng)
    {
        var emerged = Day(rng, new DateOnly(plan.Year, 1, 6), plan.Year == 2024 ? new DateOnly(2024, 3, 31) : new DateOnly(plan.Year, 12, 20));
        var stop = plan.StopYear is { } year
            ? Day(rng, Max(new DateOnly(year, 1, 10), emerged.AddDays(730)), Min(new DateOnly(year, 12, 15), new DateOnly(2024, 5, 31)))
            : (DateOnly?)null;
        var hubRole = plan.Support != Support.Hub ? HubRole.Absent
            : plan.Context == EmergenceContext.LocalProgramme ? (rng.Next(2) == 0 ? HubRole.Origin : HubRole.Animator)
            : rng.Next(20) switch { < 12 => HubRole.Animator, < 16 => HubRole.Origin, _ => HubRole.Absent };
        // The study on national programmes: « Le Clus'Ter Jura n'a, dans ces cas-là, pas été associé à l'émergence de l'idée ».
        if (plan.Context == EmergenceContext.NationalProgramme) hubRole = HubRole.Absent;
        // And on a structure's need: « Dans tous les cas, ces idées tirent leur inspiration de projets développés dans
        // d'autres territoires ». The other contexts are inspired elsewhere now and then, the demo's own choice.
        var inspired = rng.NextDouble() < 0.15 || plan.Context == EmergenceContext.StructureNeed;
        var form = plan.Form;
        return new Sketch(plan.Key, Sketch.IdOf(1, index), emerged, DemoPortfolio.StudyDate,
            Strength: Math.Clamp((plan.Score - plan.Resilience) / 24.0, 0.05, 1),
            DemoNames.Pick(rng, DemoThemes.All), plan.Context, hubRole, inspired, plan.Support, plan.Path, form,
            form is { } f && Sketch.EssByDefault(f), plan.Carrier,
            plan.Has(Trait.Fading), plan.Has(Trait.Perfusion), plan.Has(Trait.Pause),
            stop, plan.StopReasons ?? [], plan.OtherStopReason, plan.Has(Trait.StopAfterHub), CampaignFrom, Density: 1);
    }

    private static DateOnly Day(Random rng, DateOnly from, DateOnly to) =>
        to <= from ? from : DateOnly.FromDayNumber(rng.Next(from.DayNumber, to.DayNumber + 1));

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
