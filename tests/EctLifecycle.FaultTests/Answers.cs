using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace EctLifecycle.FaultTests;

/// <summary>What a client got for one try of a request: a status and body, or a connection error. Times from the test's start.</summary>
public sealed record Answer(TimeSpan SentAt, TimeSpan AnsweredAt, int? Status, string Body, string? RetryAfter, string? ContentType, string? Error)
{
    /// <summary>The French ProblemDetails of an outage: 503, Retry-After, the message staff are told.</summary>
    public bool IsFrenchOutageProblem =>
        Status == 503 && RetryAfter is { Length: > 0 } && ContentType == "application/problem+json"
        && Detail() is { } detail && detail.Contains("Base de données indisponible, réessayez dans quelques secondes", StringComparison.Ordinal);

    private string? Detail()
    {
        try { return JsonNode.Parse(Body)?["detail"]?.GetValue<string>(); }
        catch (System.Text.Json.JsonException) { return null; }
    }

    public override string ToString() =>
        Error is not null ? $"{SentAt.TotalSeconds:F1}s: connection error {Error}" : $"{SentAt.TotalSeconds:F1}s: {Status} {Body[..Math.Min(Body.Length, 300)]}";
}

/// <summary>
/// Every try of every request the clients of a fault test made, in one place: sends a request until it is answered
/// with anything but a 503 or a connection error, repeating it as is (same Idempotency-Key), as a well-behaved client
/// does, and keeps each try's answer to be counted afterwards.
/// </summary>
public sealed class Answers
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<Answer> _all = new();

    public TimeSpan Now => _clock.Elapsed;
    public IReadOnlyList<Answer> All => [.. _all];

    /// <summary>Sends the request made by <paramref name="make"/> until it gets a final answer; returns that answer.</summary>
    public async Task<Answer> SendUntilAnsweredAsync(HttpClient http, Func<HttpRequestMessage> make, TimeSpan pause, TimeSpan giveUpAfter)
    {
        var deadline = Now + giveUpAfter;
        while (true)
        {
            var answer = await SendOnceAsync(http, make());
            _all.Enqueue(answer);
            if (answer.Status is not null and not 503) return answer;
            if (Now > deadline) return answer;
            await Task.Delay(pause);
        }
    }

    private async Task<Answer> SendOnceAsync(HttpClient http, HttpRequestMessage request)
    {
        var sent = Now;
        try
        {
            using (request)
            using (var response = await http.SendAsync(request))
            {
                var body = await response.Content.ReadAsStringAsync();
                return new Answer(sent, Now, (int)response.StatusCode, body,
                    response.Headers.RetryAfter?.ToString(), response.Content.Headers.ContentType?.MediaType, null);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return new Answer(sent, Now, null, "", null, null, $"{e.GetType().Name}: {e.GetBaseException().Message}");
        }
    }

    /// <summary>"N × status" for each kind of answer, for the test output.</summary>
    public static string Tally(IEnumerable<Answer> answers) => string.Join(", ", answers
        .GroupBy(a => a.Status is { } s ? ((HttpStatusCode)s).ToString() + $" ({s})" : "connection error")
        .OrderBy(g => g.Key).Select(g => $"{g.Count()} × {g.Key}"));
}
