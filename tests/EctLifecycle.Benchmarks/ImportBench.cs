using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace EctLifecycle.Benchmarks;

/// <summary>
/// (2) The portfolio files imported through <c>POST /api/imports</c>, one after the other, events written per second;
/// repeated <c>runs</c> times by the same app, the store emptied of what the import wrote before each run after the first.
/// </summary>
public static class ImportBench
{
    public sealed record Run(double EventsPerSecond, int Events, double Seconds, double CpuSeconds);

    public static async Task<IReadOnlyList<Run>> RunAsync(AppUnderTest app, Dataset data, int runs, Func<Task> emptyStore)
    {
        var done = new List<Run>();
        for (var run = 1; run <= runs; run++)
        {
            if (run > 1) await emptyStore();
            var cpu = app.CpuSeconds();
            var (rate, events, seconds) = await ImportAsync(app, data);
            done.Add(new Run(rate, events, seconds, app.CpuSeconds() - cpu));
        }
        return done;
    }

    private static async Task<(double EventsPerSecond, int Events, double Seconds)> ImportAsync(AppUnderTest app, Dataset data)
    {
        var events = 0;
        var ms = 0.0;
        for (var i = 0; i < data.Files.Count; i++)
        {
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(data.Files[i]);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
            form.Add(file, "file", $"portfolio-{i + 1}.zip");
            HttpResponseMessage response = null!;
            ms += await Clock.TimeAsync(async () => response = await app.Http.PostAsync("/api/imports", form));
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"import {i + 1} failed ({response.StatusCode}): {body[..Math.Min(body.Length, 2000)]}");
            events += JsonNode.Parse(body)!["eventsAppended"]!.GetValue<int>();
        }
        return (events / (ms / 1000), events, ms / 1000);
    }
}

/// <summary>The HTTP calls the benchmarks make, checked: a failure stops the run with the app's answer.</summary>
public static class Api
{
    public static async Task<JsonObject> PostAsync(HttpClient http, string url, object body)
    {
        using var response = await http.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {url} → {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task GetAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {url} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
