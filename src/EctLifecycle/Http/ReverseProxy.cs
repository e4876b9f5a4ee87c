using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace EctLifecycle.Http;

/// <summary>
/// Behind a reverse proxy (nginx, Caddy, a load balancer), the app sees the proxy's address and plain HTTP. The proxy's
/// X-Forwarded-For and X-Forwarded-Proto give back the client's address (by which sign-in attempts are limited) and
/// HTTPS (which makes cookies Secure and sends HSTS), believed only when they come from loopback or from a proxy listed
/// in <see cref="Variable"/>: a client cannot choose its own address by sending the header itself.
/// </summary>
public static class ReverseProxy
{
    public const string Variable = "ECT_TRUSTED_PROXIES";

    /// <summary>Trusts the proxies of the setting ("10.0.0.5, 172.18.0.0/16"); returns a French sentence if one cannot be read.</summary>
    public static string? Trust(IServiceCollection services, string? setting)
    {
        var proxies = new List<IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in (setting ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (System.Net.IPNetwork.TryParse(entry, out var network) && entry.Contains('/')) networks.Add(network);
            else if (IPAddress.TryParse(entry, out var address)) proxies.Add(address);
            else return $"{Variable} : « {entry} » n'est ni une adresse IP (10.0.0.5) ni un réseau (172.18.0.0/16) ; " +
                        "séparez les mandataires de confiance par des virgules.";
        }
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Each hop is read from the right while the address it came from is trusted, so a chain of trusted proxies works.
            o.ForwardLimit = null;
            foreach (var proxy in proxies) o.KnownProxies.Add(proxy);
            foreach (var network in networks) o.KnownIPNetworks.Add(network);
        });
        return null;
    }
}
