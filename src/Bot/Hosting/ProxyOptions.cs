using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace DreamBot.Bot.Hosting;

/// <summary>
/// The reverse proxy that terminates HTTPS in front of the Bot. Its X-Forwarded-For and X-Forwarded-Proto are believed
/// only from these addresses (and loopback), so nobody else can claim to be on HTTPS or to come from another address.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>IP addresses of trusted proxies, e.g. the compose https profile's Caddy.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. 10.0.0.0/8.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public static bool IsValidAddress(string text) => IPAddress.TryParse(text, out _);

    public static bool IsValidNetwork(string text) => System.Net.IPNetwork.TryParse(text, out _);

    public void ApplyTo(ForwardedHeadersOptions forwarded)
    {
        ArgumentNullException.ThrowIfNull(forwarded);
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        // One proxy hop: the address it saw is the client's.
        forwarded.ForwardLimit = 1;
        foreach (var address in KnownProxies)
            forwarded.KnownProxies.Add(IPAddress.Parse(address));
        foreach (var network in KnownNetworks)
            forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
    }
}
