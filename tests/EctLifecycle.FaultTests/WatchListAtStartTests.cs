using System.Net.Http.Json;
using Npgsql;

namespace EctLifecycle.FaultTests;

/// <summary>
/// A start with no watch list kept for the day (a first start that day, a new build) asks Wolverine for one, once the
/// score history's check is done, so that the staff's first view reads it; a start that finds one it can use asks nothing.
/// </summary>
public sealed class WatchListAtStartTests(ITestOutputHelper output)
{
    private const string Schema = "ect_fault_watchlist";

    [Fact]
    public async Task a_start_without_a_usable_list_for_the_day_has_one_computed_and_kept_and_a_start_with_one_keeps_it()
    {
        var connection = Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")
            ?? throw new InvalidOperationException("ECT_TEST_CONNECTION_STRING is not set: run the fault tests with deploy/test, which provides PostgreSQL.");
        await using (var db = new NpgsqlConnection(connection))
        {
            await db.OpenAsync();
            await new NpgsqlCommand($"drop schema if exists {Schema} cascade", db).ExecuteNonQueryAsync();
        }
        await using var data = NpgsqlDataSource.Create(connection);
        await using var app = await AppProcess.StartAsync("watch-list", connection, Schema);
        var first = await KeptAsync(data);
        first.Entries.ShouldBe(0, "an empty portfolio");
        var token = await app.IssueAdminTokenAsync();
        using var http = app.Client(token);
        // Two signals: the hub's support ended within two years, and the carrier gone.
        var id = await Api.RegisterProjectAsync(http, "Projet surveillé");
        var ended = DateOnly.FromDateTime(DateTime.Today).AddMonths(-3).ToString("yyyy-MM-dd");
        foreach (var milestone in new object[]
        {
            new { type = "accompanimentStarted", occurredOn = "2018-04-01", byHub = true, programme = "Émergence" },
            new { type = "accompanimentEnded", occurredOn = ended, byHub = true },
            new { type = "carrierIdentified", occurredOn = "2018-06-01", carrierName = "Julie" },
            new { type = "carrierLost", occurredOn = "2019-06-01", reason = "déménagement" },
        })
        {
            var response = await http.PostAsJsonAsync($"/api/projects/{id}/milestones", milestone);
            ((int)response.StatusCode).ShouldBe(200, await response.Content.ReadAsStringAsync());
        }

        // Started again with the list kept: it is not computed again.
        await app.KillAsync();
        await app.StartAgainAsync();
        for (var i = 0; i < 300 && !app.Output.Any(l => l.Contains("déjà calculée : gardée", StringComparison.Ordinal)); i++) await Task.Delay(200);
        app.Output.ShouldContain(l => l.Contains("déjà calculée : gardée", StringComparison.Ordinal));
        (await KeptAsync(data)).ComputedAt.ShouldBe(first.ComputedAt);

        // Without it (a new build's start sets it aside alike): computed at the start, with the project listed.
        await using (var drop = data.CreateCommand($"delete from {Schema}.mt_doc_watchlistsnapshot")) await drop.ExecuteNonQueryAsync();
        await app.KillAsync();
        await app.StartAgainAsync();
        var again = await KeptAsync(data);
        again.Entries.ShouldBe(1);
        again.Data.ShouldContain(id.ToString());
        output.WriteLine($"kept at start: {again.Entries} entry, computed at {again.ComputedAt}");
    }

    private static async Task<(int Entries, string ComputedAt, string Data)> KeptAsync(NpgsqlDataSource data)
    {
        for (var i = 0; i < 300; i++)
        {
            await using var read = data.CreateCommand(
                $"select jsonb_array_length(data -> 'entries'), data ->> 'computedAt', data::text from {Schema}.mt_doc_watchlistsnapshot");
            try
            {
                await using var reader = await read.ExecuteReaderAsync();
                if (await reader.ReadAsync()) return (reader.GetInt32(0), reader.GetString(1), reader.GetString(2));
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable) { }
            await Task.Delay(200);
        }
        throw new TimeoutException("no watch list was kept after the start");
    }
}
