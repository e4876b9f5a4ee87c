namespace EctLifecycle.FaultTests;

/// <summary>
/// The skeleton's proof: the app as a process on a cluster of the test's own, killed with kill -9 and started again,
/// and the cluster stopped and started while the app is down. What was acknowledged must be there afterwards.
/// </summary>
public sealed class KillAndRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task a_note_acknowledged_before_a_kill_9_and_a_database_restart_is_there_afterwards()
    {
        await using var pg = await ThrowawayPostgres.StartAsync();
        await using var app = await AppProcess.StartAsync(nameof(a_note_acknowledged_before_a_kill_9_and_a_database_restart_is_there_afterwards),
            pg.ConnectionString(), "ect_fault");
        using var http = app.Client(await app.IssueAdminTokenAsync());
        var project = await Api.RegisterProjectAsync(http, "Les Paniers");
        using (var answer = await http.SendAsync(Api.Note(project, "avant le kill")))
            ((int)answer.StatusCode).ShouldBe(200, await answer.Content.ReadAsStringAsync());
        var peak = app.PeakMemoryMb();

        await app.KillAsync();
        await pg.StopServerAsync();
        await pg.StartServerAsync();
        await app.StartAgainAsync();

        (await Api.NoteTextsAsync(http, project)).ShouldBe(["avant le kill"]);
        output.WriteLine($"peak memory of the first run: {peak:F0} MB; the app's log: {app.LogPath}");
        peak.ShouldBeGreaterThan(0);
    }
}
