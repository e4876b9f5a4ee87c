using System.Net;
using System.Text.RegularExpressions;

namespace EctLifecycle.Tests.Support;

/// <summary>A page's text as a person reads it: no tags, attributes, scripts or styles; entities decoded; spaces collapsed.</summary>
public static partial class VisibleText
{
    public static string Of(string html)
    {
        var text = Hidden().Replace(html, " ");
        text = Tags().Replace(text, " ");
        return Spaces().Replace(WebUtility.HtmlDecode(text), " ").Trim();
    }

    public static async Task<string> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return Of(await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex(@"<(script|style|template)\b.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Hidden();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.Singleline)]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
