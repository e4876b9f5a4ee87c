using EctLifecycle.Projects;
using EctLifecycle.Scoring;

namespace EctLifecycle.Portfolio.Demo;

/// <summary>
/// Everything the study portfolio promises, checked with the app's own timeline and scorer: each problem is a
/// sentence, none means the portfolio is faithful to the study.
/// </summary>
internal static class StudyCheck
{
    public const string Resilience = "territorial-resilience";
    private const int LongText = 4000;
    private static readonly HashSet<string> LongFields = ["summary", "reason", "reasons", "note", "text", "what", "rationale"];

    public static IEnumerable<string> Problems(IReadOnlyList<GeneratedProject> projects, Grid grid)
    {
        if (projects.Count != StudyPlan.All.Length) yield return $"{projects.Count} projects instead of {StudyPlan.All.Length}";
        foreach (var problem in projects.SelectMany(p => ProjectProblems(p, grid))) yield return problem;
        foreach (var problem in CellProblems(projects)) yield return problem;

        var facts = projects.Select(p => Facts.Of(p, grid)).ToList();
        var mean = facts.Average(f => f.Card.PillarMean(Resilience));
        IEnumerable<(bool Ok, string Problem)> figures =
        [
            (facts.Count(f => f.HubAccompanied) == 37, $"{facts.Count(f => f.HubAccompanied)} projects accompanied by the hub instead of 37"),
            (facts.Where(f => !f.HubAccompanied).All(f => f.State.HubRole == HubRole.Absent), "a project never accompanied by the hub has a hub role"),
            (facts.Any(f => !f.HubAccompanied && f.State.Accompaniments.Count > 0), "no project is accompanied by another structure only"),
            (facts.Select(f => f.State.EmergenceContext).Distinct().Count() == 4, "not every emergence context is used"),
            (facts.Where(f => f.State.EmergenceContext == EmergenceContext.NationalProgramme).All(f => f.HubAbsentAtEmergence),
                "a national programme's project has the hub at its emergence"),
            (facts.Where(f => f.State.EmergenceContext == EmergenceContext.StructureNeed).All(f => f.State.InspiredElsewhere),
                "a structure's need is not inspired by another territory"),
            (facts.Select(f => f.State.Path).OfType<StructuringPath>().Distinct().Count() == 3, "not every structuring path is used"),
            (facts.Min(f => f.State.EmergedOn.Year) == 2014 && facts.Max(f => f.State.EmergedOn.Year) == 2024, "emergences do not span 2014-2024"),
            (new[] { LegalForm.Association, LegalForm.Scic, LegalForm.Scop, LegalForm.PublicBody, LegalForm.AssociationPlusSas }
                .All(form => facts.Any(f => f.State.LegalForm?.Form == form))
                && facts.Any(f => f.State.LegalForm?.Form is LegalForm.Sas or LegalForm.Sarl), "a legal form of the domain is missing"),
            (facts.Count(f => f.State.LegalForm?.InEss == true) * 2 > facts.Count(f => f.State.LegalForm is not null), "most legal forms are not in the ESS"),
            (facts.Count(f => f.Card.EctPotential) == 15, $"{facts.Count(f => f.Card.EctPotential)} projects at 26 or more instead of 15"),
            (facts.Count(f => f.Card.Score == 26) == 8, $"{facts.Count(f => f.Card.Score == 26)} projects at exactly 26 instead of 8"),
            (Math.Round(mean, 1) == 1.3, $"resilience mean {mean:0.####} instead of 1.3"),
            (facts.Count(f => f.Selected(mean)) == 10, $"{facts.Count(f => f.Selected(mean))} projects meet the three conditions instead of 10"),
            (facts.Count(f => f.State.Stopped is not null) is >= 5 and <= 7, "not 5 to 7 stopped projects"),
            (facts.Count(f => f.StoppedAfterHub) >= 2, "fewer than 2 projects stopped after the hub's support ended"),
            (facts.Count(f => f.Has<ProjectResumed>()) >= 2, "fewer than 2 projects paused and resumed"),
            (facts.Count(f => f.CooperationFaded) >= 3, "fewer than 3 projects whose cooperation faded"),
            (facts.Count(f => Indicators.Of(f.State).PublicShare > 0.8) >= 2, "fewer than 2 projects living on public money"),
            (facts.Any(f => f.Has<CarrierLost>()) && facts.Any(f => f.Project.Events.OfType<CarryingHandedOver>().Any(h => h.HubAsIntermediary)),
                "no carrier lost or no carrying handed over through the hub"),
            (facts.Any(f => f.Has<ExternalExpertiseSought>()) && facts.All(f => f.Has<NoteAdded>()), "no expertise sought or a project without notes"),
            (facts.Count(f => !f.RecordedInBusinessOrder) >= 5, "fewer than 5 projects recorded out of business order"),
        ];
        foreach (var (ok, problem) in figures)
            if (!ok) yield return problem;
    }

    private static IEnumerable<string> ProjectProblems(GeneratedProject p, Grid grid)
    {
        if (p.Events.Count == 0 || p.Events[0] is not ProjectRegistered) yield return $"{p.Key}: the first event is not the registration";
        foreach (var v in new ProjectTimeline(DemoPortfolio.Entries(p.Events)).Violations())
            yield return $"{p.Key}: {v.Code} ({v.Message})";
        foreach (var e in p.Events)
        {
            var dates = e switch
            {
                FundingSecured f => new[] { f.OccurredOn, f.PeriodStart, f.PeriodEnd },
                _ => [e.OccurredOn],
            };
            if (dates.OfType<DateOnly>().Any(d => d < StudyPortfolio.Earliest || d > DemoPortfolio.StudyDate))
                yield return $"{p.Key}: {e.GetType().Name} dated outside the study's years";
            if (e is FundingSecured { AmountEuros.Scale: not 0 }) yield return $"{p.Key}: an amount is not in whole euros";
            if (e is ProjectStopped s && s.Reasons.Any(r => r.Contains(PortfolioSchema.ListSeparator)))
                yield return $"{p.Key}: a stop reason contains the list separator";
            if (e is CriteriaAssessed a && (a.GridVersion != grid.Version
                || a.Scores.Any(c => grid.Find(c.CriterionId)?.Source != CriterionSource.Assessed || c.Points is < 0 or > 3)))
                yield return $"{p.Key}: an assessment does not fit grid {grid.Version}";
        }
    }

    /// <summary>Every cell survives a spreadsheet: trimmed, and within the lengths the import reads.</summary>
    private static IEnumerable<string> CellProblems(IEnumerable<GeneratedProject> projects)
    {
        var file = DemoPortfolio.ToFile(projects);
        foreach (var row in file.Projects.Concat(file.Milestones).Concat(file.Assessments))
            foreach (var (field, value) in row.Cells)
                if (value != value.Trim() || value.Length > (LongFields.Contains(field) ? LongText : 200))
                    yield return $"row {row.Number}: the cell {field} would not survive the spreadsheet";
    }
}
