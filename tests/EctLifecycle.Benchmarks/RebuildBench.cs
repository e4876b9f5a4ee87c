using System.Net;
using System.Text.Json.Nodes;

namespace EctLifecycle.Benchmarks;

/// <summary>(3) Every projection of the app rebuilt from the events, through the admin route that does it.</summary>
public static class RebuildBench
{
    public const string Url = "/api/admin/projections/rebuild";

    public sealed record Outcome(int Events, int Projects, double Ms);

    public static async Task<Outcome?> RunAsync(HttpClient http)
    {
        HttpResponseMessage response = null!;
        var ms = await Clock.TimeAsync(async () => response = await http.PostAsync(Url, null));
        using (response)
        {
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed) return null;
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {Url} → {(int)response.StatusCode}: {body}");
            var json = JsonNode.Parse(body)!;
            return new Outcome(json["events"]!.GetValue<int>(), json["projects"]!.GetValue<int>(), ms);
        }
    }
}
