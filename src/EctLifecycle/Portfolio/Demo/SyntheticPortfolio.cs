using EctLifecycle.Projects;

namespace EctLifecycle.Portfolio.Demo;

/// <summary>
/// Portfolios of any size for benchmarks: the study's kinds of histories with random targets, emerging from 1995 to
/// 2023 and followed until the end of 2025, about 50 events per project.
/// </summary>
internal static class SyntheticPortfolio
{
    private static readonly DateOnly FirstEmergence = new(1995, 1, 1);
    private static readonly DateOnly LastEmergence = new(2023, 12, 31);
    private static readonly DateOnly Horizon = new(2025, 12, 31);
    private const double Density = 1.6;

    /// <summary>Reasons a synthetic project stops for: codes, and the words staff use for an <c>other</c> reason.</summary>
    private static readonly (StopReason Reason, string? Text)[] StopReasons =
    [
        (StopReason.FundingLostOrEnded, null), (StopReason.CarrierLeft, null), (StopReason.CooperationFaded, null),
        (StopReason.NoAppropriation, null), (StopReason.GoalReached, null), (StopReason.MergedIntoAnotherProject, null),
        (StopReason.RegulatoryObstacle, null), (StopReason.Other, "local perdu"), (StopReason.Other, "concurrence d'une offre marchande"),
        (StopReason.Other, "épuisement des bénévoles"),
    ];

    private static readonly (LegalForm Form, int Weight)[] Forms =
    [
        (LegalForm.Association, 40), (LegalForm.Scic, 15), (LegalForm.Scop, 8), (LegalForm.Sas, 8), (LegalForm.Sarl, 7),
        (LegalForm.PublicBody, 7), (LegalForm.AssociationPlusSas, 10),
    ];

    public static IReadOnlyList<GeneratedProject> Generate(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var rng = new Random(seed);
        var projects = new List<GeneratedProject>(count);
        for (var i = 1; i <= count; i++)
        {
            var sketch = SketchOf(i, rng);
            var draft = HistoryGenerator.Generate(sketch, rng);
            var points = Assessing.Ids
                .Select(_ => Math.Clamp((int)Math.Round(sketch.Strength * 3 + rng.NextDouble() * 2 - 1), 0, 3)).ToArray();
            if (sketch.Fading) points[0] = Math.Min(points[0], 1);
            projects.Add(DemoPortfolio.Project(sketch.Key, draft, HistoryGenerator.Final(draft, points, rng), rng, lateShare: 0.4));
        }
        return projects;
    }

    private static Sketch SketchOf(int index, Random rng)
    {
        var emerged = DateOnly.FromDayNumber(rng.Next(FirstEmergence.DayNumber, LastEmergence.DayNumber + 1));
        var support = rng.Next(100) switch { < 80 => Support.Hub, < 90 => Support.OtherStructure, _ => Support.None };
        var context = (EmergenceContext)rng.Next(4);
        var hubRole = support != Support.Hub ? HubRole.Absent
            : rng.Next(10) switch { < 3 => HubRole.Origin, < 8 => HubRole.Animator, _ => HubRole.Absent };
        if (context == EmergenceContext.NationalProgramme) hubRole = HubRole.Absent; // as in the study portfolio
        var path = rng.Next(100) switch
        {
            < 15 => StructuringPath.RemainsIdea, < 40 => StructuringPath.ExtensionOfExistingStructure, _ => StructuringPath.NewLegalEntity,
        };
        LegalForm? form = path switch
        {
            StructuringPath.RemainsIdea => null,
            StructuringPath.ExtensionOfExistingStructure => rng.Next(10) < 7 ? LegalForm.Association : null,
            _ => Weighted(rng),
        };
        var carrier = rng.Next(100) switch
        {
            < 10 => CarrierStory.None, < 55 => CarrierStory.Kept, < 67 => CarrierStory.HandedOver,
            < 75 => support == Support.Hub ? CarrierStory.HubCarried : CarrierStory.Kept,
            < 85 => CarrierStory.LostThenNew, _ => CarrierStory.Lost,
        };
        DateOnly? stop = rng.NextDouble() < 0.2 && emerged.AddDays(730) < Horizon.AddDays(-30)
            ? DateOnly.FromDayNumber(rng.Next(emerged.AddDays(730).DayNumber, Horizon.AddDays(-30).DayNumber + 1))
            : null;
        var drawn = stop is null ? [] : StopReasons.OrderBy(_ => rng.Next()).Take(1 + rng.Next(3)).ToArray();
        var reasons = drawn.Select(r => r.Reason).Distinct().ToArray();
        var ess = form is { } f && (Sketch.EssByDefault(f) || (f == LegalForm.Sas && rng.Next(2) == 0));
        return new Sketch($"S{index:000000}", Sketch.IdOf(2, index), emerged, Horizon, rng.NextDouble(),
            DemoNames.Pick(rng, DemoThemes.All), context, hubRole, rng.Next(4) == 0, support, path, form, ess, carrier,
            Fading: rng.Next(5) == 0, Perfusion: rng.Next(7) == 0, PauseAndResume: rng.Next(8) == 0,
            stop, reasons, drawn.FirstOrDefault(r => r.Text is not null).Text, StopAfterHubEnds: stop is not null && support == Support.Hub && rng.Next(2) == 0,
            AssessFrom: Horizon.AddDays(-700), Density);
    }

    private static LegalForm Weighted(Random rng)
    {
        var draw = rng.Next(Forms.Sum(f => f.Weight));
        foreach (var (form, weight) in Forms)
            if ((draw -= weight) < 0) return form;
        return LegalForm.Association;
    }
}
