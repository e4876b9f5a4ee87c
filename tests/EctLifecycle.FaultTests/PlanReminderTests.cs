using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace EctLifecycle.FaultTests;

/// <summary>
/// A plan's reminder is a durable scheduled message in PostgreSQL: the instance that scheduled it is killed before its
/// time, the other of two instances sends it, once, and the killed one started again does not send it again. The
/// reminder's handler writes one log line per delivery: what is counted is the deliveries, across both processes.
/// </summary>
public sealed class PlanReminderTests(ITestOutputHelper output)
{
    [Fact]
    public async Task a_reminder_scheduled_by_a_killed_instance_goes_out_once_from_the_other_and_not_again_after_its_restart()
    {
        await using var pg = await ThrowawayPostgres.StartAsync();
        // Reminders at a Paris time of day a little ahead, so that one falls due during the test: after the two instances
        // have started and the plan is written (a reminder whose time has passed is the day's job's, not scheduled).
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var at = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, paris).AddSeconds(90);
        if (at.Date != TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, paris).Date) at = at.AddMinutes(1); // not across midnight
        var settings = new Dictionary<string, string> { ["Plans__ReminderTime"] = at.TimeOfDay.ToString(@"hh\:mm\:ss") };
        await using var a = await AppProcess.StartAsync("plans-a", pg.ConnectionString(), "ect_fault", settings);
        await using var b = await AppProcess.StartAsync("plans-b", pg.ConnectionString(), "ect_fault", settings);
        using var http = a.Client(await a.IssueAdminTokenAsync());
        var project = await Api.RegisterProjectAsync(http, "Les Paniers");
        var created = await http.PostAsJsonAsync("/api/plans", new { projectId = project, title = "Appeler la porteuse", due = at.ToString("yyyy-MM-dd") });
        ((int)created.StatusCode).ShouldBe(201, await created.Content.ReadAsStringAsync());
        var plan = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
        (DateTimeOffset.UtcNow < at).ShouldBeTrue("the plan was written before its reminder's time");
        await a.KillAsync();

        var line = $"Rappel du plan {plan}";
        int Deliveries() => a.Output.Concat(b.Output).Count(l => l.Contains(line, StringComparison.Ordinal));
        var deadline = at.AddMinutes(4);
        while (Deliveries() == 0 && DateTimeOffset.UtcNow < deadline) await Task.Delay(500);
        var late = DateTimeOffset.UtcNow - at;
        output.WriteLine($"the reminder was handled {late.TotalSeconds:F1} s after its time; logs: {a.LogPath}, {b.LogPath}");
        Deliveries().ShouldBe(1, "the reminder went out before the deadline, from the instance still running");

        await a.StartAgainAsync();
        await Task.Delay(TimeSpan.FromSeconds(15));
        a.Output.Concat(b.Output).Where(l => l.Contains(line, StringComparison.Ordinal)).ShouldAllBe(l => l.Contains("PlanFellDue publié"));
        Deliveries().ShouldBe(1, "neither the restart nor the second instance sends it again");
    }
}
