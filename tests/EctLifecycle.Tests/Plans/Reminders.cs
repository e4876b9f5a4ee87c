using System.Net;
using System.Net.Http.Json;
using EctLifecycle.Plans;
using EctLifecycle.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Tracking;

namespace EctLifecycle.Tests.Plans;

/// <summary>The day's job and the plans' reminders, through Wolverine's tracking of what the app sent and scheduled.</summary>
public class Reminders(AppFixture app) : PlanTest(app)
{
    private string Day(int days) => App.Today.AddDays(days).ToString("yyyy-MM-dd");

    private async Task<Guid> PlanAsync(Guid project, int inDays, string title = "Appeler")
    {
        var response = await Client.PostAsJsonAsync("/api/plans", new { projectId = project, title = $"{title} dans {inDays} jours", due = Day(inDays) });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await PlansAsync()).Single(p => p.Title == $"{title} dans {inDays} jours").Id;
    }

    /// <summary>A plan stored as the rules or the import store theirs: nothing scheduled for it but by the day's job.</summary>
    private async Task<Guid> StoredPlanAsync(Guid project, int inDays)
    {
        var plan = new Plan
        {
            Id = Guid.NewGuid(), ProjectId = project, Kind = PlanKind.Own, Title = $"Écrire dans {inDays} jours", Due = App.Today.AddDays(inDays),
            State = PlanState.Open, Since = App.Today, CreatedAt = App.Clock.GetUtcNow(), CreatedBy = "test-staff",
        };
        await using var session = App.Host.Services.GetRequiredService<Marten.IDocumentStore>().LightweightSession();
        session.Store(plan);
        await session.SaveChangesAsync();
        return plan.Id;
    }

    [Fact]
    public async Task the_day_publishes_plan_fell_due_once_for_each_plan_due_that_day()
    {
        var id = await RegisterAsync(occurredOn: App.Today.AddDays(-10).ToString("yyyy-MM-dd"));
        var today = await StoredPlanAsync(id, 0);
        await StoredPlanAsync(id, 1);

        var tracked = await App.Host.InvokeMessageAndWaitAsync(new PlansDayStarted(App.Today));
        tracked.Sent.MessagesOf<PlanFellDue>().Select(m => m.PlanId).ShouldBe([today]);

        var again = await App.Host.InvokeMessageAndWaitAsync(new PlansDayStarted(App.Today));
        again.Sent.MessagesOf<PlanReminderDue>().Select(m => m.PlanId).ShouldBe([today]);
        again.Sent.MessagesOf<PlanFellDue>().Where(m => m.PlanId == today).ShouldBeEmpty("a reminder goes out once");
    }

    [Fact]
    public async Task a_plan_is_scheduled_for_its_day_and_a_moved_plans_old_reminder_does_nothing()
    {
        var id = await RegisterAsync(occurredOn: App.Today.AddDays(-10).ToString("yyyy-MM-dd"));
        var plan = await PlanAsync(id, 0);
        var moved = await App.Host.ExecuteAndWaitAsync(async () =>
            (await Client.PostAsJsonAsync($"/api/plans/{plan}/move", new { due = Day(3) })).StatusCode.ShouldBe(HttpStatusCode.OK));
        moved.Scheduled.MessagesOf<PlanReminderDue>().ShouldBe([new PlanReminderDue(plan, App.Today.AddDays(3))]);
        moved.Scheduled.Envelopes().Single().ScheduledTime.ShouldBe(PlanReminders.At(App.Today.AddDays(3)));

        // Only this test's plans are looked at: a tracked session sees every message the shared host handles meanwhile (another
        // test's reminder scheduled seconds ahead may go out during it).
        var old = await App.Host.InvokeMessageAndWaitAsync(new PlanReminderDue(plan, App.Today));
        old.Sent.MessagesOf<PlanFellDue>().Where(m => m.PlanId == plan).ShouldBeEmpty();
        var cancelled = await PlanAsync(id, 0, "Écrire");
        (await Client.PostAsJsonAsync($"/api/plans/{cancelled}/cancel", new { reason = "inutile" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.Host.InvokeMessageAndWaitAsync(new PlanReminderDue(cancelled, App.Today))).Sent.MessagesOf<PlanFellDue>().Where(m => m.PlanId == cancelled).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_plan_added_or_moved_to_today_after_its_reminder_time_gets_its_reminder_at_once_and_once()
    {
        var settings = App.Host.Services.GetRequiredService<PlanSettings>();
        // The day's job ran at midnight; it is now past the reminder time of today's plans.
        var past = PlanReminders.At(App.Today, settings.ReminderTime) + TimeSpan.FromMinutes(1);
        if (App.Clock.GetUtcNow() < past) App.Clock.SetUtcNow(past);
        var id = await RegisterAsync(occurredOn: App.Today.AddDays(-10).ToString("yyyy-MM-dd"));

        Guid added = default;
        var adding = await App.Host.ExecuteAndWaitAsync(async () => added = await PlanAsync(id, 0));
        adding.Sent.MessagesOf<PlanFellDue>().Select(m => m.PlanId).ShouldBe([added]);
        adding.Scheduled.MessagesOf<PlanReminderDue>().ShouldBeEmpty();

        var later = await PlanAsync(id, 2, "Écrire");
        var moving = await App.Host.ExecuteAndWaitAsync(async () =>
            (await Client.PostAsJsonAsync($"/api/plans/{later}/move", new { due = Day(0) })).StatusCode.ShouldBe(HttpStatusCode.OK));
        moving.Sent.MessagesOf<PlanFellDue>().Select(m => m.PlanId).ShouldBe([later]);

        var day = await App.Host.InvokeMessageAndWaitAsync(new PlansDayStarted(App.Today));
        day.Sent.MessagesOf<PlanReminderDue>().Select(m => m.PlanId).ShouldBe([added, later], ignoreOrder: true);
        day.Sent.MessagesOf<PlanFellDue>().ShouldBeEmpty("a reminder goes out once per plan and day");
    }

    [Fact]
    public void reminders_go_out_at_the_paris_time_of_their_day_and_the_schedules_are_registered()
    {
        PlanReminders.At(new DateOnly(2026, 7, 1)).ShouldBe(new DateTimeOffset(2026, 6, 30, 22, 0, 0, TimeSpan.Zero));
        PlanReminders.At(new DateOnly(2026, 12, 1)).ShouldBe(new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero));
        PlanReminders.At(new DateOnly(2026, 7, 1), new TimeSpan(8, 30, 0)).ShouldBe(new DateTimeOffset(2026, 7, 1, 6, 30, 0, TimeSpan.Zero));
        var schedules = App.Host.Services.GetRequiredService<Wolverine.Runtime.IWolverineRuntime>().Options.Schedules;
        schedules.FindByName(PlanSchedules.Daily).ShouldNotBeNull();
        schedules.FindByName(PlanSchedules.Weekly).ShouldNotBeNull();
    }
}
