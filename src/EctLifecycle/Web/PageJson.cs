using System.Text.Json;

namespace EctLifecycle.Web;

public static class PageJson
{
    /// <summary>The API's wire options, for answers the pages store (idempotent writes).</summary>
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Json.Configure(o);
        return o;
    }
}
