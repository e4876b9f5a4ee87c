using System.Collections.Concurrent;
using System.Net.Http.Json;

namespace EctLifecycle.FaultTests;

/// <summary>
/// Two app instances on one database, each request sent to both at the same instant with the same Idempotency-Key, as a
/// client's retry through a load balancer would: each note is stored once, every answer is the first one or its replay,
/// and no request fails.
/// </summary>
public sealed class IdempotencyRaceTests(ITestOutputHelper output)
{
    // 360 keys gave one 500 in an earlier version; ECT_FAULT_RACE_KEYS runs more to hunt a rarer fault.
    private static readonly int Keys = int.TryParse(Environment.GetEnvironmentVariable("ECT_FAULT_RACE_KEYS"), out var n) ? n : 360;

    [Fact]
    public async Task two_instances_racing_the_same_idempotency_keys_store_each_note_once_and_answer_every_request()
    {
        await using var pg = await ThrowawayPostgres.StartAsync();
        await using var first = await AppProcess.StartAsync("race-first", pg.ConnectionString(), "ect_fault");
        await using var second = await AppProcess.StartAsync("race-second", pg.ConnectionString(), "ect_fault");
        var token = await first.IssueAdminTokenAsync();
        using var one = first.Client(token);
        using var two = second.Client(token);
        var project = await Api.RegisterProjectAsync(one, "Les Paniers");
        await two.GetAsync($"/api/projects/{project}"); // both instances keep the timeline in memory

        var statuses = new ConcurrentDictionary<string, int>();
        var eventIds = new ConcurrentDictionary<int, ConcurrentBag<string>>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Keys), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (k, ct) =>
        {
            var key = $"course-{k}";
            var answers = await Task.WhenAll(SendAsync(one), SendAsync(two));
            foreach (var (status, body, replayed) in answers)
            {
                statuses.AddOrUpdate($"{status}{(replayed ? " (rejouée)" : "")}", 1, (_, n) => n + 1);
                if (status == 200) eventIds.GetOrAdd(k, _ => []).Add(System.Text.Json.Nodes.JsonNode.Parse(body)!["eventId"]!.GetValue<string>());
                else output.WriteLine($"{key}: {status} {body}");
            }

            async Task<(int, string, bool)> SendAsync(HttpClient http)
            {
                using var answer = await http.SendAsync(Api.Note(project, $"note {k}", key), ct);
                return ((int)answer.StatusCode, await answer.Content.ReadAsStringAsync(ct), answer.Headers.Contains("Idempotent-Replayed"));
            }
        });

        var stored = (await Api.NoteTextsAsync(one, project)).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
        var lost = Enumerable.Range(0, Keys).Count(k => !stored.ContainsKey($"note {k}"));
        var duplicated = stored.Values.Count(n => n > 1);
        var differentAnswers = eventIds.Values.Count(ids => ids.Distinct().Count() > 1);
        var fails = first.Output.Concat(second.Output).Count(l => l.StartsWith("fail:", StringComparison.Ordinal));
        output.WriteLine($"{Keys} keys, each sent to both instances at once: answers {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}");
        output.WriteLine($"stored notes: {stored.Count} distinct, {lost} lost, {duplicated} duplicated; keys answered with two different event ids: {differentAnswers}; `fail:` lines in the logs: {fails}");

        statuses.Keys.ShouldAllBe(s => s.StartsWith("200"), "every request is answered with the first answer or its replay");
        lost.ShouldBe(0);
        duplicated.ShouldBe(0);
        differentAnswers.ShouldBe(0, "the replay is the first answer, with the same event id");
        (await one.GetAsync("/api/projects")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await two.GetAsync("/health")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
    }
}
