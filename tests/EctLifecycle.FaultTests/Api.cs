using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace EctLifecycle.FaultTests;

/// <summary>The few API calls the fault tests make, as the staff's scripts would make them.</summary>
public static class Api
{
    /// <summary>Registers a project (emerged on 2018-03-01) and returns its id; fails the test on anything but 201.</summary>
    public static async Task<Guid> RegisterProjectAsync(HttpClient http, string name)
    {
        using var answer = await http.PostAsJsonAsync("/api/projects", new
        {
            name, sector = "alimentation", commune = "Lons-le-Saunier", summary = "Paniers bio",
            occurredOn = "2018-03-01", emergenceContext = "localProgramme", hubRole = "animator", inspiredElsewhere = false,
        });
        var text = await answer.Content.ReadAsStringAsync();
        ((int)answer.StatusCode).ShouldBe(201, text);
        return JsonNode.Parse(text)!["id"]!.GetValue<Guid>();
    }

    /// <summary>A note milestone, with a text that says which writer wrote it (to count the stored ones).</summary>
    public static HttpRequestMessage Note(Guid project, string text, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{project}/milestones")
        {
            Content = JsonContent.Create(new { type = "note", occurredOn = "2019-05-01", text }),
        };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    /// <summary>The texts of the project's notes, as its history tells them.</summary>
    public static async Task<List<string>> NoteTextsAsync(HttpClient http, Guid project)
    {
        var history = await http.GetFromJsonAsync<JsonNode>($"/api/projects/{project}/history");
        return history!.AsArray()
            .Where(e => e!["type"]!.GetValue<string>() == "note")
            .Select(e => e!["data"]!["text"]!.GetValue<string>()).ToList();
    }
}
