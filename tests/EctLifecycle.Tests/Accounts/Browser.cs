using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using EctLifecycle.Accounts;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Accounts;

/// <summary>
/// A browser at one client address: it keeps its cookies, reads a page's anti-forgery token before posting the page's
/// form, and signs in through the sign-in page. Each test gives its browsers addresses of their own, so that the limit
/// of sign-in attempts per address counts one test's attempts only.
/// </summary>
public sealed partial class Browser : IDisposable
{
    private static int _addresses;
    private readonly Dictionary<string, string> _cookies = [];
    private readonly HttpClient _http;

    public Browser(AppFixture app, IPAddress? address = null) : this(app.Host.Server, address) { }

    public Browser(Microsoft.AspNetCore.TestHost.TestServer server, IPAddress? address = null)
    {
        Address = address ?? NewAddress();
        _http = new HttpClient(server.CreateHandler(c => c.Connection.RemoteIpAddress = Address)) { BaseAddress = new Uri("http://localhost") };
    }

    public IPAddress Address { get; }

    /// <summary>An address no other browser of this test run has (10.x.y.z).</summary>
    public static IPAddress NewAddress()
    {
        var n = Interlocked.Increment(ref _addresses);
        return new IPAddress([10, (byte)(n >> 16), (byte)(n >> 8), (byte)n]);
    }

    public sealed record Answer(HttpStatusCode Status, string Text, HttpResponseHeaders Headers, IReadOnlyList<string> SetCookies)
    {
        public override string ToString() => $"{(int)Status}\n{Text}";
    }

    /// <summary>Headers sent with every request, such as a proxy's X-Forwarded-For.</summary>
    public Dictionary<string, string> Headers { get; } = [];

    public string? SessionCookie => _cookies.GetValueOrDefault(Authentication.CookieName);

    /// <summary>Another browser that holds the same cookies, as a stolen or copied session would.</summary>
    public Browser CopyInto(Browser other)
    {
        foreach (var (name, value) in _cookies) other._cookies[name] = value;
        return other;
    }

    public async Task<Answer> GetAsync(string url, Action<HttpRequestMessage>? with = null) =>
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, url), with);

    /// <summary>Opens <paramref name="page"/> for its form's anti-forgery token, then posts the fields to <paramref name="action"/>.</summary>
    public Task<Answer> PostFormAsync(string page, string action, params (string Name, string Value)[] fields) =>
        PostFormAsync(page, action, null, fields);

    /// <summary>The same, timing the post alone with <paramref name="clock"/>.</summary>
    public async Task<Answer> PostFormAsync(string page, string action, System.Diagnostics.Stopwatch? clock, params (string Name, string Value)[] fields)
    {
        var form = await GetAsync(page);
        form.Status.ShouldBe(HttpStatusCode.OK, $"{page}: {form}");
        var token = AntiForgeryToken().Match(form.Text);
        token.Success.ShouldBeTrue($"no anti-forgery token on {page}");
        var post = new HttpRequestMessage(HttpMethod.Post, action)
        {
            Content = new FormUrlEncodedContent([.. fields.Select(f => KeyValuePair.Create(f.Name, f.Value)),
                new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value))]),
        };
        clock?.Start();
        try { return await SendAsync(post); }
        finally { clock?.Stop(); }
    }

    public Task<Answer> SignInAsync(string login, string password = "mot-de-passe-de-test", System.Diagnostics.Stopwatch? clock = null) =>
        PostFormAsync("/connexion", "/connexion", clock, ("Login", login), ("Password", password));

    /// <summary>Signs in and checks that it worked (a redirection with a session cookie).</summary>
    public async Task<Browser> SignedInAsync(string login, string password = "mot-de-passe-de-test")
    {
        var answer = await SignInAsync(login, password);
        answer.Status.ShouldBe(HttpStatusCode.Redirect, answer.ToString());
        SessionCookie.ShouldNotBeNull();
        return this;
    }

    private async Task<Answer> SendAsync(HttpRequestMessage request, Action<HttpRequestMessage>? with = null)
    {
        if (_cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        foreach (var (name, value) in Headers) request.Headers.Add(name, value);
        with?.Invoke(request);
        using var answer = await _http.SendAsync(request);
        var setCookies = answer.Headers.TryGetValues("Set-Cookie", out var set) ? set.ToList() : [];
        foreach (var cookie in setCookies)
        {
            var (name, value) = (cookie.Split(';')[0].Split('=', 2)[0], cookie.Split(';')[0].Split('=', 2)[1]);
            if (value.Length == 0) _cookies.Remove(name); // a deleted cookie: empty, expired in 1970
            else _cookies[name] = value;
        }
        return new Answer(answer.StatusCode, WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync()), answer.Headers, setCookies);
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiForgeryToken();
}
