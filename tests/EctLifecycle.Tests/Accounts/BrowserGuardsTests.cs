using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using EctLifecycle.Accounts;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Accounts;

/// <summary>Headers on every answer, and the API refusing a signed-in browser's non-JSON write from a foreign page.</summary>
public partial class BrowserGuardsTests(AppFixture app) : ApiTest(app)
{
    [Theory]
    [InlineData("/connexion", false)]
    [InlineData("/api/grids", true)]
    [InlineData("/page-qui-n-existe-pas", true)]
    [InlineData("/css/site.css", false)]
    public async Task every_page_and_answer_carries_the_security_headers(string url, bool withToken)
    {
        using var answer = await App.ClientAs(withToken ? Role.Staff : null).GetAsync(url);
        answer.Headers.GetValues("Content-Security-Policy").Single().ShouldSatisfyAllConditions(
            csp => csp.ShouldContain("script-src 'self'"), csp => csp.ShouldContain("frame-ancestors 'none'"),
            csp => csp.ShouldNotContain("unsafe-eval"), csp => csp.ShouldNotContain("script-src 'self' 'unsafe-inline'"));
        answer.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        answer.Headers.GetValues("Referrer-Policy").Single().ShouldBe("same-origin");
    }

    [Fact]
    public async Task a_signed_in_browser_cannot_be_made_to_write_a_text_plain_body_but_sends_json_and_scripts_are_unchanged()
    {
        var cookie = await SignInAsync(AppFixture.LoginOf(Role.Staff));
        var browser = App.ClientAs(null);
        var body = System.Text.Json.JsonSerializer.Serialize(Registration("Forgée"));

        // What a foreign page's form can send: text/plain (or a form), with the cookie the browser adds.
        var forged = new HttpRequestMessage(HttpMethod.Post, "/api/projects") { Content = new StringContent(body, Encoding.UTF8, "text/plain") };
        forged.Headers.Add("Cookie", cookie);
        using (var answer = await browser.SendAsync(forged))
        {
            answer.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType, await answer.Content.ReadAsStringAsync());
            (await ProblemAsync(answer))["title"]!.GetValue<string>().ShouldBe("Corps de requête refusé");
        }
        (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().Count.ShouldBe(0, "nothing was written");

        var json = new HttpRequestMessage(HttpMethod.Post, "/api/projects") { Content = JsonContent.Create(Registration("Par le navigateur")) };
        json.Headers.Add("Cookie", cookie);
        (await browser.SendAsync(json)).StatusCode.ShouldBe(HttpStatusCode.Created);

        // A script with its token is not a browser: the body is read as before (here: JSON sent as text/plain).
        var script = await App.ClientAs(Role.Staff).PostAsync("/api/projects", new StringContent(body, Encoding.UTF8, "text/plain"));
        script.StatusCode.ShouldNotBe(HttpStatusCode.UnsupportedMediaType);
    }

    /// <summary>Signs in through the sign-in page, as a browser does, and returns the session cookie.</summary>
    private async Task<string> SignInAsync(string login)
    {
        var client = App.ClientAs(null);
        var form = await client.GetAsync("/connexion");
        var token = AntiForgeryToken().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        var post = new HttpRequestMessage(HttpMethod.Post, "/connexion")
        {
            Content = new FormUrlEncodedContent([new("Login", login), new("Password", "mot-de-passe-de-test"),
                new("__RequestVerificationToken", WebUtility.HtmlDecode(token))]),
        };
        post.Headers.Add("Cookie", string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        var answer = await client.SendAsync(post);
        answer.StatusCode.ShouldBe(HttpStatusCode.Redirect, await answer.Content.ReadAsStringAsync());
        return answer.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith(Authentication.CookieName + "="));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiForgeryToken();
}
