using System.Net;
using EctLifecycle.Accounts;
using EctLifecycle.Http;
using EctLifecycle.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EctLifecycle.Tests.Accounts;

/// <summary>
/// Behind a reverse proxy: the client's address and HTTPS, as X-Forwarded-For and X-Forwarded-Proto say, are believed
/// from a trusted proxy only (loopback, and ECT_TRUSTED_PROXIES); the session cookie is Secure over HTTPS.
/// </summary>
public class BehindAProxy(AppFixture app) : ApiTest(app)
{
    private static readonly string Staff = AppFixture.LoginOf(Role.Staff);

    [Fact]
    public async Task the_session_cookie_is_secure_when_a_trusted_proxy_received_the_request_over_https()
    {
        using var viaProxy = new Browser(App, IPAddress.Loopback) { Headers = { ["X-Forwarded-Proto"] = "https", ["X-Forwarded-For"] = Browser.NewAddress().ToString() } };
        (await viaProxy.SignInAsync(Staff)).SetCookies.Single(c => c.StartsWith(Authentication.CookieName + "=")).ShouldContain("; secure");

        using var plain = new Browser(App);
        (await plain.SignInAsync(Staff)).SetCookies.Single(c => c.StartsWith(Authentication.CookieName + "=")).ShouldNotContain("secure");

        using var claiming = new Browser(App) { Headers = { ["X-Forwarded-Proto"] = "https" } }; // not a proxy: not believed
        (await claiming.SignInAsync(Staff)).SetCookies.Single(c => c.StartsWith(Authentication.CookieName + "=")).ShouldNotContain("secure");
    }

    [Fact]
    public async Task sign_ins_are_counted_by_the_address_a_trusted_proxy_forwards_and_a_client_cannot_choose_its_own()
    {
        var (client, other) = (Browser.NewAddress().ToString(), Browser.NewAddress().ToString());
        Browser ViaProxy(string from) => new(App, IPAddress.Loopback) { Headers = { ["X-Forwarded-For"] = from } };
        for (var i = 0; i < 10; i++) (await ViaProxy(client).SignInAsync($"inconnu-{i}", "pas-le-bon")).Status.ShouldBe(HttpStatusCode.OK);
        (await ViaProxy(client).SignInAsync(Staff)).Status.ShouldBe(HttpStatusCode.TooManyRequests, "the forwarded client's eleventh");
        (await ViaProxy(other).SignInAsync(Staff)).Status.ShouldBe(HttpStatusCode.Redirect, "another client behind the same proxy");

        var direct = Browser.NewAddress();
        for (var i = 0; i < 10; i++)
        {
            using var liar = new Browser(App, direct) { Headers = { ["X-Forwarded-For"] = Browser.NewAddress().ToString() } };
            (await liar.SignInAsync($"inconnu-{i}", "pas-le-bon")).Status.ShouldBe(HttpStatusCode.OK);
        }
        using var eleventh = new Browser(App, direct) { Headers = { ["X-Forwarded-For"] = Browser.NewAddress().ToString() } };
        (await eleventh.SignInAsync(Staff)).Status.ShouldBe(HttpStatusCode.TooManyRequests, "its own address, whatever it claims");
    }

    [Fact]
    public void ECT_TRUSTED_PROXIES_lists_addresses_and_networks_and_anything_else_is_refused_in_french()
    {
        var services = new ServiceCollection();
        ReverseProxy.Trust(services, "10.0.0.5, 172.18.0.0/16;2001:db8::1").ShouldBeNull();
        var options = services.BuildServiceProvider().GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        options.KnownProxies.ShouldContain(IPAddress.Parse("10.0.0.5"));
        options.KnownProxies.ShouldContain(IPAddress.Parse("2001:db8::1"));
        options.KnownIPNetworks.ShouldContain(System.Net.IPNetwork.Parse("172.18.0.0/16"));
        options.KnownIPNetworks.ShouldContain(n => n.Contains(IPAddress.Loopback), "loopback stays trusted");

        ReverseProxy.Trust(new ServiceCollection(), "10.0.0.5, mandataire.local")
            .ShouldBe("ECT_TRUSTED_PROXIES : « mandataire.local » n'est ni une adresse IP (10.0.0.5) ni un réseau (172.18.0.0/16) ; " +
                      "séparez les mandataires de confiance par des virgules.");
    }
}
