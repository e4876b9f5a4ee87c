using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EctLifecycle.Journal;

namespace EctLifecycle.Tests.Journal;

/// <summary>The journal as an admin's script reads it, typed: <c>GET /api/audit</c>.</summary>
public static class TheJournal
{
    private static readonly JsonSerializerOptions Wire = CreateWire();

    public static async Task<AuditAnswer> ReadAsync(HttpClient admin, string query = "")
    {
        var response = await admin.GetAsync($"/api/audit{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AuditAnswer>(Wire))!;
    }

    /// <summary>The entries of one kind, oldest first (the order things were done in a test).</summary>
    public static async Task<List<AuditEntry>> OfKindAsync(HttpClient admin, AuditKind kind) =>
        (await ReadAsync(admin, $"?kind={kind.Wire()}")).Entries.Reverse().ToList();

    private static JsonSerializerOptions CreateWire()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        EctLifecycle.Json.Configure(o);
        return o;
    }
}
