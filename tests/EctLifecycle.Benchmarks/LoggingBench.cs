using System.Collections.Concurrent;
using System.Diagnostics;

namespace EctLifecycle.Benchmarks;

/// <summary>
/// (1) Milestones logged over HTTP by <see cref="Clients"/> concurrent clients on random projects of the portfolio:
/// late notes and actors joining at a past business date (so recording order differs from business order), and
/// retractions of notes the client logged before. Every milestone must be accepted (200).
/// </summary>
public static class LoggingBench
{
    public const int Clients = 16;

    public sealed record Outcome(double MilestonesPerSecond, Stats Latency, int Retractions);

    // Each run's own actors: a run with --reuse-data logs into projects an earlier run logged into, with the same seeds.
    private static readonly string Run = Guid.NewGuid().ToString("N")[..6];

    public static async Task<Outcome> RunAsync(HttpClient http, IReadOnlyList<(Guid Id, ProjectFacts Facts)> projects, int milestones, int seed)
    {
        var latencies = new ConcurrentBag<double>();
        var retractions = 0;
        var next = -1;
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            var rng = new Random(seed * 100 + client);
            var mine = new List<(Guid Project, Guid Event)>();
            while (Interlocked.Increment(ref next) < milestones)
            {
                var draw = rng.Next(100);
                if (draw < 15 && mine.Count > 0)
                {
                    var (project, note) = mine[^1];
                    mine.RemoveAt(mine.Count - 1);
                    latencies.Add(await Clock.TimeAsync(() => Api.PostAsync(http, $"/api/projects/{project}/milestones",
                        new { type = "retraction", occurredOn = "2025-12-31", retractedEventId = note, reason = "saisie en double" })));
                    Interlocked.Increment(ref retractions);
                    continue;
                }
                var (id, facts) = projects[rng.Next(projects.Count)];
                var lastValid = facts.StoppedOn?.AddDays(-1) ?? BigProject.LastDay;
                var on = BigProject.Iso(BigProject.Day(rng, facts.EmergedOn, lastValid < facts.EmergedOn ? facts.EmergedOn : lastValid));
                object body = draw < 35
                    ? new { type = "actorJoined", occurredOn = on, actorName = $"Banc {Run} {seed}-{client}-{next}", kind = "inhabitant", isLocal = true, role = "partner" }
                    : new { type = "note", occurredOn = on, text = $"Réunion de suivi {next}" };
                Guid eventId = default;
                latencies.Add(await Clock.TimeAsync(async () =>
                    eventId = (await Api.PostAsync(http, $"/api/projects/{id}/milestones", body))["eventId"]!.GetValue<Guid>()));
                if (draw >= 35) mine.Add((id, eventId));
            }
        })));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new Outcome(latencies.Count / seconds, Stats.Of(latencies), retractions);
    }
}
