using System.Net;
using System.Net.Http.Json;
using EctLifecycle.Plans;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace EctLifecycle.Tests.Plans;

/// <summary>A reminder scheduled a few seconds ahead goes out by itself, through Wolverine's durable scheduled messages.</summary>
public class ScheduledForReal(AppFixture app) : PlanTest(app)
{
    [Fact]
    public async Task a_reminder_scheduled_seconds_ahead_is_handled_when_its_time_comes()
    {
        var id = await RegisterAsync(occurredOn: App.Today.AddDays(-10).ToString("yyyy-MM-dd"));
        var response = await Client.PostAsJsonAsync("/api/plans", new { projectId = id, title = "Appeler", due = App.Today.ToString("yyyy-MM-dd") });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var plan = (await PlansAsync()).Single(p => p.Kind == PlanKind.Own);
        using (var scope = App.Host.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().ScheduleAsync(new PlanReminderDue(plan.Id, plan.Due), DateTimeOffset.UtcNow.AddSeconds(3));
        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        PlanReminderSent? sent = null;
        for (var i = 0; i < 120 && sent is null; i++)
        {
            await Task.Delay(500);
            await using var session = store.QuerySession();
            sent = await session.LoadAsync<PlanReminderSent>(PlanReminderSent.IdOf(plan.Id, plan.Due));
        }
        sent.ShouldNotBeNull();
    }
}
