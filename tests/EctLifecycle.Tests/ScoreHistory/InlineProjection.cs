using EctLifecycle.Projects;
using EctLifecycle.ScoreHistory;
using EctLifecycle.Scoring;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.ScoreHistory;

/// <summary>The score history written inline with each write: never stale, whatever the order the staff logs the project's life in.</summary>
public class InlineProjection(AppFixture app) : ApiTest(app)
{
    private IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();
    private GridCatalog Grids => App.Host.Services.GetRequiredService<GridCatalog>();

    private static readonly DateOnly[] Dates =
        [new(2017, 1, 1), new(2018, 3, 1), new(2018, 4, 30), new(2018, 5, 1), new(2018, 6, 15), new(2019, 1, 1), new(2019, 5, 1), new(2020, 1, 1), new(2026, 1, 1)];

    [Fact]
    public async Task a_registered_project_has_one_open_period_per_grid_with_its_registration_sequence()
    {
        var id = await RegisterAsync();
        var periods = await PeriodOracle.StoredAsync(Store, id);
        periods.Count.ShouldBe(Grids.Versions.Count);
        periods.ShouldAllBe(p => p.To == null && p.From == new DateOnly(2018, 3, 1) && p.RegistrationSequence > 0 && p.StreamVersion == 1);
        await PeriodOracle.ShouldEqualTheFoldAsync(Store, Grids, id, Dates);
    }

    [Fact]
    public async Task a_late_milestone_rewrites_the_periods_before_the_last_one_and_leaves_none_stale()
    {
        var id = await RegisterAsync();
        await LogAsync(id, Actor("Amap", "2019-05-01"));
        await LogAsync(id, Actor("Ferme", "2019-01-01", "farmer"));
        var before = await PeriodOracle.StoredAsync(Store, id);
        await LogAsync(id, Actor("Mairie", "2018-05-01", "publicBody")); // late: before both
        var after = await PeriodOracle.StoredAsync(Store, id);
        after.Count.ShouldBeGreaterThan(before.Count);
        after.Max(p => p.StreamVersion).ShouldBe(4);
        await PeriodOracle.ShouldEqualTheFoldAsync(Store, Grids, id, Dates, after);
    }

    [Fact]
    public async Task a_retraction_removes_the_periods_the_retracted_milestone_made()
    {
        var id = await RegisterAsync();
        await LogAsync(id, Actor("Mairie", "2018-05-01", "publicBody"));
        var late = await LogAsync(id, Actor("Amap", "2019-05-01"));
        (await PeriodOracle.StoredAsync(Store, id)).ShouldContain(p => p.From == new DateOnly(2019, 5, 1));
        await LogAsync(id, new { type = "retraction", occurredOn = "2020-01-01", retractedEventId = late, reason = "doublon" });
        var after = await PeriodOracle.StoredAsync(Store, id);
        after.ShouldNotContain(p => p.From == new DateOnly(2019, 5, 1), "the retracted actor's period is gone");
        await PeriodOracle.ShouldEqualTheFoldAsync(Store, Grids, id, Dates, after);
    }

    [Fact]
    public async Task events_appended_behind_the_kept_timelines_back_are_folded_from_the_stored_stream()
    {
        var id = await RegisterAsync();
        await LogAsync(id, Actor("Mairie", "2018-05-01", "publicBody"));
        await using (var session = Store.LightweightSession())
        {
            session.Events.Append(id, new ActorJoinedCollective(id, new DateOnly(2018, 4, 2), "autre", "Ferme", ActorKind.Farmer, true, ActorRole.Partner));
            await session.SaveChangesAsync();
        }
        await PeriodOracle.ShouldEqualTheFoldAsync(Store, Grids, id, Dates);
        await LogAsync(id, Actor("Amap", "2019-05-01"));
        await PeriodOracle.ShouldEqualTheFoldAsync(Store, Grids, id, Dates);
    }
}
