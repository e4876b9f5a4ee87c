using EctLifecycle.Plans;
using EctLifecycle.Plans.Mail;

namespace EctLifecycle.Tests.Plans;

/// <summary>The form a plan's mail and calendar entry link to: the milestone that closes it.</summary>
public sealed class ClosingLinks
{
    private static readonly Guid Project = Guid.Parse("0190a3c4-0000-7000-8000-000000000001");

    [Theory]
    [InlineData(PlanKind.Own, "note", "/jalon/note")]
    [InlineData(PlanKind.Own, "criteriaAssessed", "/jalon/criteriaAssessed")]
    [InlineData(PlanKind.Own, null, "/jalon")]
    [InlineData(PlanKind.FollowUp, null, "/jalon/followUpObserved")]
    [InlineData(PlanKind.Silence, null, "/jalon")]
    public void a_plan_links_to_the_form_of_its_own_milestone_type_else_its_kinds(PlanKind kind, string? type, string path) =>
        PlanLinks.ClosePath(new Plan { Id = Guid.NewGuid(), ProjectId = Project, Kind = kind, MilestoneType = type, Title = "Faire le point" })
            .ShouldBe($"/projets/{Project}{path}");
}
