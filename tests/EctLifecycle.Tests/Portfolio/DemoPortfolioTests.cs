using EctLifecycle.Portfolio;
using EctLifecycle.Portfolio.Demo;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;

namespace EctLifecycle.Tests.Portfolio;

public class DemoPortfolioTests
{
    private static readonly Grid V1 = GridCatalog.LoadFrom(GridCatalog.DefaultFolder).Default;
    private static readonly DateOnly StudyDate = DemoPortfolio.StudyDate;
    private static readonly Lazy<IReadOnlyList<GeneratedProject>> LazyStudy = new(() => DemoPortfolio.Study());
    private static readonly Lazy<List<ScoredProject>> LazyScored = new(() => LazyStudy.Value.Select(Score).ToList());

    private static IReadOnlyList<GeneratedProject> Study => LazyStudy.Value;
    private static List<ScoredProject> Scored => LazyScored.Value;

    private sealed record ScoredProject(GeneratedProject Project, ProjectState State, ScoreCard Card)
    {
        public double Resilience => Card.PillarMean("territorial-resilience");
        public IEnumerable<T> Events<T>() => Project.Events.OfType<T>();
    }

    private static ProjectTimeline Timeline(GeneratedProject p) =>
        new(p.Events.Select((e, i) => new TimelineEntry(Guid.NewGuid(), i + 1, new DateTimeOffset(2024, 9, 1, 9, 0, 0, TimeSpan.Zero).AddMinutes(i), e)));

    private static ScoredProject Score(GeneratedProject p)
    {
        var state = Timeline(p).StateAsOf(StudyDate)!;
        return new ScoredProject(p, state, Scorer.Score(V1, state));
    }

    private static double PortfolioResilience => Scored.Average(s => s.Resilience);

    [Fact]
    public void the_study_portfolio_has_44_projects_keyed_in_order_each_opening_with_its_registration()
    {
        Study.Count.ShouldBe(44);
        Study.Select(p => p.Key).ShouldBe(Enumerable.Range(1, 44).Select(i => $"P{i:000}"));
        Study.ShouldAllBe(p => p.Events.Count > 1 && p.Events[0] is ProjectRegistered);
        Study.SelectMany(p => p.Events).OfType<MilestoneRetracted>().ShouldBeEmpty();
        Study.Select(p => ((ProjectRegistered)p.Events[0]).Name).Distinct().Count().ShouldBe(44);
    }

    [Fact]
    public void every_study_project_replays_in_business_order_without_breaking_a_rule()
    {
        foreach (var p in Study)
            Timeline(p).Violations().ShouldBeEmpty(p.Key);
    }

    [Fact]
    public void every_study_date_falls_between_2014_and_the_study_date()
    {
        var dates = Study.SelectMany(p => p.Events).SelectMany(e => e is FundingSecured f
            ? new[] { f.OccurredOn, f.PeriodStart, f.PeriodEnd }.OfType<DateOnly>()
            : [e.OccurredOn]).ToList();
        dates.Min().ShouldBeGreaterThanOrEqualTo(new DateOnly(2014, 1, 1));
        dates.Max().ShouldBeLessThanOrEqualTo(StudyDate);
    }

    [Fact]
    public void fifteen_projects_have_ect_potential_and_eight_of_them_score_exactly_26()
    {
        Scored.Count(s => s.Card.Score >= 26).ShouldBe(15);
        Scored.Count(s => s.Card.EctPotential).ShouldBe(15);
        Scored.Count(s => s.Card.Score == 26).ShouldBe(8);
    }

    [Fact]
    public void the_resilience_mean_rounds_to_1_3_and_ten_projects_meet_the_three_conditions()
    {
        Math.Round(PortfolioResilience, 1).ShouldBe(1.3);
        var selected = Scored.Where(s => s.Card.Score >= 26 && s.State.Carrier is not null && s.Resilience > PortfolioResilience).ToList();
        selected.Count.ShouldBe(10);

        var excluded = Scored.Where(s => s.Card.Score >= 26).Except(selected).ToList();
        excluded.Count.ShouldBe(5);
        excluded.ShouldAllBe(s => s.State.Carrier == null || s.Resilience < PortfolioResilience);
    }

    [Fact]
    public void the_hub_accompanied_37_projects_and_the_7_others_had_no_role_some_supported_elsewhere()
    {
        var byHub = Scored.Where(s => s.Events<AccompanimentStarted>().Any(a => a.ByHub)).ToList();
        byHub.Count.ShouldBe(37);
        var others = Scored.Except(byHub).ToList();
        others.ShouldAllBe(s => s.State.HubRole == HubRole.Absent);
        others.Count(s => s.Events<AccompanimentStarted>().Any(a => !a.ByHub && a.Structure != null)).ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public void the_study_spans_every_context_path_and_legal_form_from_2014_to_2024()
    {
        Scored.Select(s => s.State.EmergenceContext).Distinct().Count().ShouldBe(4);
        Scored.Select(s => s.State.Path).OfType<StructuringPath>().Distinct().Count().ShouldBe(3);
        var forms = Scored.Select(s => s.State.LegalForm).OfType<AdoptedForm>().ToList();
        forms.Select(f => f.Form).ShouldBeSubsetOf(Enum.GetValues<LegalForm>().Except([LegalForm.Other]));
        new[] { LegalForm.Association, LegalForm.Scic, LegalForm.Scop, LegalForm.PublicBody, LegalForm.AssociationPlusSas }
            .ShouldBeSubsetOf(forms.Select(f => f.Form));
        forms.ShouldContain(f => f.Form == LegalForm.Sas || f.Form == LegalForm.Sarl);
        (forms.Count(f => f.InEss) * 2).ShouldBeGreaterThan(forms.Count);
        Scored.Min(s => s.State.EmergedOn.Year).ShouldBe(2014);
        Scored.Max(s => s.State.EmergedOn).ShouldBeLessThan(StudyDate);
        Scored.Max(s => s.State.EmergedOn.Year).ShouldBe(2024);
    }

    /// <summary>
    /// The study (seed 000_63fefee6844dd0ec.txt) on national programmes: « Le Clus'Ter Jura n'a, dans ces cas-là, pas été
    /// associé à l'émergence de l'idée »; on a structure's need: « Dans tous les cas, ces idées tirent leur inspiration de
    /// projets développés dans d'autres territoires ».
    /// </summary>
    [Fact]
    public void national_programmes_emerge_without_the_hub_and_structures_needs_are_inspired_by_other_territories()
    {
        foreach (var seeded in new[] { Scored, DemoPortfolio.Study(7).Select(Score).ToList() })
        {
            var national = seeded.Where(s => s.State.EmergenceContext == EmergenceContext.NationalProgramme).ToList();
            national.Count.ShouldBeGreaterThan(2);
            national.ShouldAllBe(s => s.State.HubRole == HubRole.Absent);
            national.ShouldAllBe(s => !s.Events<AccompanimentStarted>().Any(a => a.ByHub && a.OccurredOn <= s.State.EmergedOn));
            national.ShouldAllBe(s => !s.State.Actors.Any(a => a.Kind == ActorKind.Hub && a.JoinedOn <= s.State.EmergedOn));
            national.ShouldContain(s => s.Events<AccompanimentStarted>().Any(a => a.ByHub), "the hub may still support them later");

            var needs = seeded.Where(s => s.State.EmergenceContext == EmergenceContext.StructureNeed).ToList();
            needs.Count.ShouldBeGreaterThan(2);
            needs.ShouldAllBe(s => s.State.InspiredElsewhere);
            seeded.ShouldContain(s => s.State.EmergenceContext != EmergenceContext.StructureNeed && !s.State.InspiredElsewhere);
        }
    }

    [Fact]
    public void some_projects_stopped_some_after_the_hub_left_others_paused_and_resumed()
    {
        var stopped = Scored.Where(s => s.State.Stopped is not null).ToList();
        stopped.Count.ShouldBeInRange(5, 7);
        stopped.ShouldAllBe(s => s.State.Stopped!.Reasons.Count > 0);
        stopped.SelectMany(s => s.State.Stopped!.Reasons).ShouldContain("carrierLeft");
        stopped.Count(s => s.State.Accompaniments.Any(a => a.ByHub && a.EndedOn < s.State.Stopped!.On)).ShouldBeGreaterThanOrEqualTo(2);
        Scored.Count(s => s.Events<ProjectPaused>().Any() && s.Events<ProjectResumed>().Any() && s.State.Stopped == null)
            .ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public void cooperation_fades_for_some_projects_and_some_live_on_public_money()
    {
        Scored.Count(s =>
        {
            var cooperation = s.Events<CriteriaAssessed>().OrderBy(a => a.OccurredOn)
                .SelectMany(a => a.Scores).Where(c => c.CriterionId == "cooperation-alive").Select(c => c.Points).ToList();
            return s.State.Actors.Any(a => a.LeftOn > s.State.EmergedOn.AddYears(1)) && cooperation.Count >= 2 && cooperation[^1] < cooperation[0];
        }).ShouldBeGreaterThanOrEqualTo(3);
        Scored.Count(s => Indicators.Of(s.State).PublicShare > 0.8).ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public void carriers_change_experts_are_sought_and_notes_are_kept()
    {
        Scored.ShouldContain(s => s.Events<CarrierLost>().Any());
        Scored.ShouldContain(s => s.Events<CarryingHandedOver>().Any(h => h.HubAsIntermediary));
        Scored.ShouldContain(s => s.Events<ExternalExpertiseSought>().Any(x => x.OutsideTerritory));
        Scored.ShouldAllBe(s => s.Events<NoteAdded>().Any());
    }

    [Fact]
    public void much_of_the_history_is_recorded_out_of_business_order()
    {
        Study.Count(p => p.Events.Zip(p.Events.Skip(1)).Any(pair => pair.Second.OccurredOn < pair.First.OccurredOn))
            .ShouldBeGreaterThanOrEqualTo(10);
    }

    [Fact]
    public void assessments_use_the_assessed_criteria_of_grid_v1_and_stops_never_list_a_separator()
    {
        var assessed = V1.Criteria.Where(c => c.Source == CriterionSource.Assessed).Select(c => c.Id).ToList();
        var all = Study.Concat(DemoPortfolio.Synthetic(100)).SelectMany(p => p.Events).ToList();
        all.OfType<CriteriaAssessed>().ShouldAllBe(a => a.GridVersion == "v1"
            && a.Scores.All(s => assessed.Contains(s.CriterionId) && s.Points >= 0 && s.Points <= 3)
            && a.Scores.Select(s => s.CriterionId).Distinct().Count() == a.Scores.Count);
        all.OfType<ProjectStopped>().SelectMany(s => s.Reasons).ShouldAllBe(r => !r.Contains(';'));
        all.OfType<FundingSecured>().ShouldAllBe(f => f.AmountEuros == decimal.Truncate(f.AmountEuros) && f.AmountEuros.Scale == 0);
    }

    [Fact]
    public void the_same_seed_gives_the_same_rows_and_another_seed_other_rows()
    {
        Rows(DemoPortfolio.ToFile(DemoPortfolio.Study())).ShouldBe(Rows(DemoPortfolio.ToFile(Study)));
        Rows(DemoPortfolio.ToFile(DemoPortfolio.Study(7))).ShouldNotBe(Rows(DemoPortfolio.ToFile(Study)));
        Rows(DemoPortfolio.ToFile(DemoPortfolio.Synthetic(50, 3))).ShouldBe(Rows(DemoPortfolio.ToFile(DemoPortfolio.Synthetic(50, 3))));
        Rows(DemoPortfolio.ToFile(DemoPortfolio.Synthetic(50, 3))).ShouldNotBe(Rows(DemoPortfolio.ToFile(DemoPortfolio.Synthetic(50, 4))));
    }

    [Fact]
    public void another_seed_also_meets_every_figure_of_the_study()
    {
        var other = DemoPortfolio.Study(7).Select(Score).ToList();
        other.Count(s => s.Card.EctPotential).ShouldBe(15);
        other.Count(s => s.Card.Score == 26).ShouldBe(8);
        var mean = other.Average(s => s.Resilience);
        Math.Round(mean, 1).ShouldBe(1.3);
        other.Count(s => s.Card.EctPotential && s.State.Carrier is not null && s.Resilience > mean).ShouldBe(10);
    }

    [Fact]
    public void synthetic_portfolios_are_valid_and_average_35_to_70_events_per_project()
    {
        var projects = DemoPortfolio.Synthetic(200);
        projects.Count.ShouldBe(200);
        projects.Select(p => p.Key).ShouldBe(Enumerable.Range(1, 200).Select(i => $"S{i:000000}"));
        foreach (var p in projects)
        {
            p.Events[0].ShouldBeOfType<ProjectRegistered>();
            Timeline(p).Violations().ShouldBeEmpty(p.Key);
            p.Events.ShouldAllBe(e => e.OccurredOn >= new DateOnly(1995, 1, 1) && e.OccurredOn <= new DateOnly(2025, 12, 31));
        }
        projects.Average(p => p.Events.Count).ShouldBeInRange(35, 70);
        projects.Select(p => p.Events[0].OccurredOn.Year).ShouldAllBe(y => y >= 1995 && y <= 2023);
        projects.Count(p => p.Events.OfType<ProjectStopped>().Any()).ShouldBeInRange(10, 80);
    }

    [Fact]
    public void to_file_puts_registrations_milestones_and_assessments_in_their_sheets_under_the_project_keys()
    {
        var projects = Study.Take(3).ToList();
        var file = DemoPortfolio.ToFile(projects);

        file.Projects.Select(r => r["key"]).ShouldBe(["P001", "P002", "P003"]);
        file.Projects.Select(r => r.Number).ShouldBe([2, 3, 4]);
        file.Projects[0]["name"].ShouldBe(((ProjectRegistered)projects[0].Events[0]).Name);

        var milestones = projects.Sum(p => p.Events.Count(e => e is not ProjectRegistered and not CriteriaAssessed));
        file.Milestones.Count.ShouldBe(milestones);
        file.Milestones.Select(r => r.Number).ShouldBe(Enumerable.Range(2, milestones));
        file.Milestones.Select(r => r["projectKey"]).Distinct().ShouldBe(["P001", "P002", "P003"]);
        file.Milestones.ShouldAllBe(r => r["type"] != null && r["occurredOn"] != null);

        var scores = projects.Sum(p => p.Events.OfType<CriteriaAssessed>().Sum(a => a.Scores.Count));
        file.Assessments.Count.ShouldBe(scores);
        file.Assessments.Select(r => r.Number).ShouldBe(Enumerable.Range(2, scores));
        file.Assessments.ShouldAllBe(r => r["gridVersion"] == "v1" && r["criterionId"] != null && r["points"] != null);
        file.FormatErrors.ShouldBeEmpty();
    }

    [Fact]
    public void every_cell_is_trimmed_and_short_enough_for_the_import()
    {
        string[] longFields = ["summary", "reason", "reasons", "note", "text", "what", "rationale"];
        var file = DemoPortfolio.ToFile(Study.Concat(DemoPortfolio.Synthetic(100)));
        foreach (var row in file.Projects.Concat(file.Milestones).Concat(file.Assessments))
            foreach (var (field, value) in row.Cells)
            {
                value.ShouldBe(value.Trim(), field);
                value.Length.ShouldBeLessThanOrEqualTo(longFields.Contains(field) ? 4000 : 200, field);
            }
        file.Milestones.Where(r => r["amountEuros"] != null).ShouldAllBe(r => r["amountEuros"]!.All(char.IsDigit));
    }

    [Theory]
    [InlineData(PortfolioFormat.Xlsx, 0)]
    [InlineData(PortfolioFormat.CsvZip, 60)]
    public void the_portfolio_survives_a_spreadsheet_round_trip_through_the_import_planner(PortfolioFormat format, int synthetic)
    {
        var projects = synthetic == 0 ? Study : DemoPortfolio.Synthetic(synthetic, 5);
        var buffer = new MemoryStream();
        PortfolioFormats.Write(DemoPortfolio.ToFile(projects), buffer, format);
        buffer.Position = 0;
        var file = PortfolioFormats.Read(buffer, format == PortfolioFormat.Xlsx ? "demo.xlsx" : "demo.zip");

        var plan = ImportPlanner.Plan(file, new Dictionary<string, ExistingProject>(), GridCatalog.LoadFrom(GridCatalog.DefaultFolder),
            new DateOnly(2026, 1, 1), "import"); // a day after the synthetic portfolio's last (2025-12-31)
        plan.Errors.ShouldBeEmpty();
        plan.Projects.Count.ShouldBe(projects.Count);
        foreach (var (project, planned) in projects.Zip(plan.Projects))
        {
            planned.Key.ShouldBe(project.Key);
            planned.Events.ShouldAllBe(e => e.LoggedBy == "import" && e.Source != null && e.Source != "import");
            Facts(planned.Events).ShouldBe(Facts(project.Events), ignoreOrder: true, project.Key);
            var asOf = synthetic == 0 ? StudyDate : new DateOnly(2025, 12, 31);
            var imported = new ProjectTimeline(planned.Events.Select((e, i) => new TimelineEntry(Guid.NewGuid(), i + 1, DateTimeOffset.UnixEpoch, e)));
            Scorer.Score(V1, imported.StateAsOf(asOf)!).Score.ShouldBe(Scorer.Score(V1, Timeline(project).StateAsOf(asOf)!).Score, project.Key);
        }
    }

    /// <summary>
    /// What each event says and where it came from (who logged it in the demo, its source once imported); assessments
    /// score by score, as the spreadsheet holds them.
    /// </summary>
    private static List<string> Facts(IEnumerable<IProjectEvent> events) =>
        events.SelectMany(e => e is CriteriaAssessed a
            ? a.Scores.Select(s => $"{Fingerprint.Of(a, s)}|{a.Source ?? a.LoggedBy}")
            : [$"{Fingerprint.Of(e)}|{e.Source ?? e.LoggedBy}"]).ToList();

    private static List<string> Rows(PortfolioFile file) =>
        file.Projects.Concat(file.Milestones).Concat(file.Assessments)
            .Select(r => $"{r.Number}|{string.Join("|", r.Cells.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"))}")
            .ToList();
}
