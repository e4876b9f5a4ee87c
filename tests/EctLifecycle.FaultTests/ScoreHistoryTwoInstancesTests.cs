using System.Net.Http.Json;
using Npgsql;

namespace EctLifecycle.FaultTests;

/// <summary>
/// Two app instances write to the same projects at once (late milestones, notes, retractions): every write is a
/// transaction that appends its events and rewrites the project's score periods together, and the event store refuses
/// all but one append at each version, so the periods both instances leave are those a rebuild folds from the events, and
/// both instances answer the portfolio's questions alike.
/// </summary>
public sealed class ScoreHistoryTwoInstancesTests(ITestOutputHelper output)
{
    private const string Schema = "ect_fault_scorehistory";
    private const int Projects = 3, WritersPerInstance = 6, WritesEach = 12;

    [Fact]
    public async Task after_concurrent_writes_from_two_instances_every_projects_periods_are_those_a_rebuild_folds_from_its_events()
    {
        var connection = Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING")
            ?? throw new InvalidOperationException("ECT_TEST_CONNECTION_STRING is not set: run the fault tests with deploy/test, which provides PostgreSQL.");
        await using (var db = new NpgsqlConnection(connection))
        {
            await db.OpenAsync();
            await new NpgsqlCommand($"drop schema if exists {Schema} cascade", db).ExecuteNonQueryAsync();
        }
        await using var a = await AppProcess.StartAsync("scores-a", connection, Schema);
        await using var b = await AppProcess.StartAsync("scores-b", connection, Schema);
        var token = await a.IssueAdminTokenAsync();
        using var httpA = a.Client(token);
        using var httpB = b.Client(token);
        var projects = new List<Guid>();
        for (var i = 0; i < Projects; i++) projects.Add(await Api.RegisterProjectAsync(i % 2 == 0 ? httpA : httpB, $"Projet {i}"));

        var acknowledged = await Task.WhenAll(new[] { httpA, httpB }.SelectMany((http, instance) =>
            Enumerable.Range(0, WritersPerInstance).Select(w => WriteAsync(http, projects, new Random(instance * 100 + w), $"{instance}-{w}"))));
        var written = acknowledged.Sum();
        output.WriteLine($"acknowledged writes: {written} of {2 * WritersPerInstance * WritesEach}");

        await using var data = NpgsqlDataSource.Create(connection);
        (await CountAsync(data, $"select count(*) from {Schema}.mt_events where stream_id = any($1)", projects))
            .ShouldBe(written + Projects, "one stored event per acknowledged write, and the registrations");
        var before = await PeriodsAsync(data, projects);
        before.Select(p => p.Project).Distinct().Count().ShouldBe(Projects);
        output.WriteLine($"periods: {before.Count}");

        // Both instances give the same answers to the portfolio's questions, read from the periods they share; kept to be
        // compared with the answers after a rebuild below.
        string[] questions = ["/api/analytics/portfolio?asOf=2024-06-30", "/api/analytics/distribution?asOf=2024-06-30",
            "/api/analytics/cohorts?by=emergenceYear&period=year&asOf=2024-06-30"];
        var answers = new Dictionary<string, string>();
        foreach (var question in questions)
        {
            var fromA = await httpA.GetStringAsync(question);
            (await httpB.GetStringAsync(question)).ShouldBe(fromA, question);
            if (question.Contains("portfolio", StringComparison.Ordinal))
                for (var i = 0; i < Projects; i++) fromA.ShouldContain($"Projet {i}", Case.Sensitive, question);
            answers[question] = fromA;
        }

        // A rebuild through Marten's daemon folds every stream again from its events.
        var rebuilt = await httpB.PostAsync("/api/admin/projections/rebuild", null);
        ((int)rebuilt.StatusCode).ShouldBe(200, await rebuilt.Content.ReadAsStringAsync());
        var after = await PeriodsAsync(data, projects);
        before.ShouldBe(after);
        // The answers the two instances gave from the periods their writes left are those of the periods folded anew.
        foreach (var question in questions) (await httpA.GetStringAsync(question)).ShouldBe(answers[question], question);
        // And each project's periods follow one another without a gap or an overlap, the last still open.
        foreach (var group in after.GroupBy(p => (p.Project, p.Grid)))
        {
            var periods = group.OrderBy(p => p.From).ToList();
            for (var i = 1; i < periods.Count; i++) periods[i - 1].To.ShouldBe(periods[i].From, $"{group.Key}");
            periods[^1].To.ShouldBeNull();
        }
    }

    /// <summary>Late actors, notes and retractions of the writer's own notes; the number of writes answered 200.</summary>
    private static async Task<int> WriteAsync(HttpClient http, List<Guid> projects, Random random, string writer)
    {
        var ok = 0;
        var notes = new List<(Guid Project, Guid Event)>();
        for (var n = 0; n < WritesEach; n++)
        {
            var project = projects[random.Next(projects.Count)];
            var on = new DateOnly(2018, 3, 1).AddDays(random.Next(2500)).ToString("yyyy-MM-dd");
            object body = random.Next(3) switch
            {
                0 => new { type = "actorJoined", occurredOn = on, actorName = $"Acteur {writer}-{n}", kind = "inhabitant", isLocal = true, role = "partner" },
                1 when notes.Count > 0 => new { type = "retraction", occurredOn = "2025-12-31", retractedEventId = notes[^1].Event, reason = "doublon" },
                _ => new { type = "note", occurredOn = on, text = $"Note {writer}-{n}" },
            };
            if (body.GetType().GetProperty("retractedEventId") is not null) project = notes[^1].Project;
            using var answer = await http.PostAsJsonAsync($"/api/projects/{project}/milestones", body);
            var text = await answer.Content.ReadAsStringAsync();
            ((int)answer.StatusCode).ShouldBe(200, text);
            ok++;
            var id = System.Text.Json.Nodes.JsonNode.Parse(text)!["eventId"]!.GetValue<Guid>();
            if (body.GetType().GetProperty("text") is not null) notes.Add((project, id));
            else if (body.GetType().GetProperty("retractedEventId") is not null) notes.RemoveAt(notes.Count - 1);
        }
        return ok;
    }

    private sealed record Period(Guid Project, string Grid, DateOnly From, DateOnly? To, string Data);

    /// <summary>Every stored period, its body less the version it was written at (a rebuild writes them all at the last).</summary>
    private static async Task<List<Period>> PeriodsAsync(NpgsqlDataSource data, List<Guid> projects)
    {
        await using var command = data.CreateCommand(
            $"select project_id, grid, \"from\", \"to\", (data - 'streamVersion')::text from {Schema}.mt_doc_scoreperiod " +
            "where project_id = any($1) order by project_id, grid, \"from\"");
        command.Parameters.Add(new NpgsqlParameter { Value = projects.ToArray() });
        var periods = new List<Period>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            periods.Add(new Period(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateOnly>(3), reader.GetString(4)));
        return periods;
    }

    private static async Task<long> CountAsync(NpgsqlDataSource data, string sql, List<Guid> projects)
    {
        await using var command = data.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = projects.ToArray() });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
