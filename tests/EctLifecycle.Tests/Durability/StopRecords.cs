using EctLifecycle.Portfolio;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;
using static EctLifecycle.Tests.Support.History;

namespace EctLifecycle.Tests.Durability;

/// <summary>Stops and follow-ups as facts: how they are read, replayed, exported and imported back.</summary>
public class StopRecords
{
    private static readonly GridCatalog Grids = GridCatalog.LoadFrom(GridCatalog.DefaultFolder);

    private static ProjectStopped Stopped(Guid id, string date, IReadOnlyList<string> reasons, string? other = null) =>
        new(id, D(date), "claire", reasons, "dissolution", other, "Commune de Valfleuri", "Les Semeurs", true, 2, HubStance.TryToRevive);

    private static FollowUpObserved FollowUp(Guid id, string date) =>
        new(id, D(date), "claire", true, "Commune de Valfleuri", null, false, 1, "visite");

    [Fact]
    public void reasons_stored_as_free_text_before_the_fixed_list_read_as_other_with_their_text()
    {
        var legacy = new ProjectStopped(Guid.NewGuid(), D("2019-01-01"), "t", ["financement perdu", "carrierLeft", "local perdu"], null);
        StopReasons.Of(legacy).ShouldBe([
            new StopReasonRead(StopReason.CarrierLeft, null),
            new StopReasonRead(StopReason.Other, "financement perdu; local perdu"),
        ]);
        var coded = Stopped(Guid.NewGuid(), "2019-01-01", ["goalReached"]);
        coded.Normalized().ShouldBeSameAs(coded);
    }

    [Fact]
    public void a_follow_up_needs_the_project_stopped_at_its_date_and_never_changes_the_stop()
    {
        var h = Emerging("2015-01-01");
        var early = h.Timeline.CheckAppend(FollowUp(h.ProjectId, "2018-01-01"), Guid.Empty);
        early!.Code.ShouldBe("followUpBeforeStop");

        h.Add(Stopped(h.ProjectId, "2019-01-01", ["carrierLeft"]));
        h.Timeline.CheckAppend(FollowUp(h.ProjectId, "2018-06-01"), Guid.Empty)!.Code.ShouldBe("followUpBeforeStop");
        h.Timeline.CheckAppend(FollowUp(h.ProjectId, "2020-01-01"), Guid.Empty).ShouldBeNull();

        var stop = h.Timeline.StateAsOf(D("2019-06-01"))!.Stopped;
        h.Add(FollowUp(h.ProjectId, "2020-01-01"));
        var state = h.Timeline.StateAsOf(D("2021-01-01"))!;
        state.Stopped.ShouldBe(stop);
        state.FollowUps.Single().JobsStillThere.ShouldBe(1);
        h.Timeline.Violations().ShouldBeEmpty();
    }

    [Fact]
    public void retracting_a_stop_that_follow_ups_depend_on_is_refused()
    {
        var h = Emerging("2015-01-01");
        var stop = h.Add(Stopped(h.ProjectId, "2019-01-01", ["carrierLeft"]));
        h.Add(FollowUp(h.ProjectId, "2020-01-01"));
        h.Timeline.CheckAppend(new MilestoneRetracted(h.ProjectId, D("2021-01-01"), "t", stop, "erreur"), Guid.Empty)!
            .Code.ShouldBe("followUpBeforeStop");
    }

    [Theory]
    [InlineData(PortfolioFormat.Xlsx)]
    [InlineData(PortfolioFormat.CsvZip)]
    public void what_remains_and_follow_ups_survive_an_export_and_an_import(PortfolioFormat format)
    {
        var h = Emerging("2015-01-01");
        var registration = (ProjectRegistered)h.Entries[0].Event with { Key = "P1" };
        var timeline = new ProjectTimeline(new[] { h.Entries[0] with { Event = registration } });
        var stop = Stopped(h.ProjectId, "2019-01-01", ["fundingLostOrEnded", "other"], "local perdu");
        var followUp = FollowUp(h.ProjectId, "2020-01-01");
        var legacy = new ProjectStopped(Guid.NewGuid(), D("2019-01-01"), "t", ["plus de porteur"], null);
        var file = PortfolioExporter.ToFile([
            new ProjectTimeline([.. timeline.Entries, Entry(2, stop), Entry(3, followUp)]),
            Legacy(legacy),
        ]);
        var row = file.Milestones.First(r => r["type"] == "Arrêt du projet");
        row["reasons"].ShouldBe("Financement perdu ou terminé; Autre");
        row["hubStance"].ShouldBe("Tenter une relance");

        var plan = ImportPlanner.Plan(RoundTrip(file, format), new Dictionary<string, ExistingProject>(), Grids, D("2026-01-01"), "import");
        plan.Errors.ShouldBeEmpty();
        var p1 = plan.Projects.Single(p => p.Key == "P1").Events;
        var imported = p1.OfType<ProjectStopped>().Single();
        Fingerprint.Of(imported).ShouldBe(Fingerprint.Of(stop));
        imported.Reasons.ShouldBe(stop.Reasons);
        imported.LoggedBy.ShouldBe("import", "who imports logs the facts");
        imported.Source.ShouldBe("claire", "who logged them before is where they came from");
        p1.OfType<FollowUpObserved>().Single().ShouldBe(followUp with { ProjectId = p1[0].ProjectId, LoggedBy = "import", Source = followUp.LoggedBy });
        var p2 = plan.Projects.Single(p => p.Key == "P2").Events.OfType<ProjectStopped>().Single();
        p2.Reasons.ShouldBe(["other"]);
        p2.OtherReason.ShouldBe("plus de porteur");
    }

    [Fact]
    public void a_stop_logged_as_free_text_is_recognised_when_its_export_is_imported_again()
    {
        var legacy = new ProjectStopped(Guid.NewGuid(), D("2019-01-01"), "t", ["plus de porteur"], null);
        var stored = Legacy(legacy);
        var existing = new Dictionary<string, ExistingProject> { ["P2"] = new(stored.Registration!.Event.ProjectId, stored) };
        var plan = ImportPlanner.Plan(RoundTrip(PortfolioExporter.ToFile([stored]), PortfolioFormat.Xlsx), existing, Grids,
            D("2026-01-01"), "import");
        plan.Errors.ShouldBeEmpty();
        plan.Projects.ShouldBeEmpty();
        plan.RowsSkipped.ShouldBe(2);
    }

    private static TimelineEntry Entry(long version, IProjectEvent e) =>
        new(Guid.NewGuid(), version, DateTimeOffset.UnixEpoch.AddMinutes(version), e);

    private static ProjectTimeline Legacy(ProjectStopped legacy)
    {
        var registration = new ProjectRegistered(legacy.ProjectId, D("2016-01-01"), "t", "Ancien", "culture", "Lons", "résumé",
            EmergenceContext.PersonalTrigger, HubRole.Absent, false, "P2");
        return new ProjectTimeline([Entry(1, registration), Entry(2, legacy)]);
    }

    private static PortfolioFile RoundTrip(PortfolioFile file, PortfolioFormat format)
    {
        var buffer = new MemoryStream();
        PortfolioFormats.Write(file, buffer, format);
        buffer.Position = 0;
        return PortfolioFormats.Read(buffer, format == PortfolioFormat.Xlsx ? "p.xlsx" : "p.zip");
    }
}
