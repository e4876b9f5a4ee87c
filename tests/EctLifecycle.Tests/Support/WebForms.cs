using System.Net;
using System.Text.RegularExpressions;

namespace EctLifecycle.Tests.Support;

/// <summary>
/// Posts a page's form as a browser would: reads the page for its anti-forgery token and cookie, then posts the fields
/// with both. The page answers 302 when it saved, or 200 with the messages next to the fields (<see cref="Page"/>).
/// </summary>
public static partial class WebForms
{
    public sealed record Page(HttpStatusCode Status, string? Location, string Text);

    public static async Task<Page> PostAsync(HttpClient client, string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var form = await client.GetAsync(url);
        form.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        var token = AntiForgeryToken().Match(await form.Content.ReadAsStringAsync());
        token.Success.ShouldBeTrue($"no anti-forgery token on {url}");
        var post = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value))]),
        };
        var cookies = form.Headers.TryGetValues("Set-Cookie", out var set) ? set.Select(c => c.Split(';')[0]) : [];
        post.Headers.Add("Cookie", string.Join("; ", cookies));
        var answer = await client.SendAsync(post);
        return new Page(answer.StatusCode, answer.Headers.Location?.ToString(), WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync()));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiForgeryToken();
}
