using System.Net;

namespace Beads.Host;

/// <summary>Whether an address the host is told to listen on stays on this machine (then it needs no certificate).</summary>
public static class Loopback
{
    /// <summary>A host name or IP address: <c>localhost</c>, <c>127.0.0.1</c>, <c>::1</c>.</summary>
    public static bool IsHost(string host) =>
        host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    /// <summary>An <c>address:port</c> endpoint, such as <c>127.0.0.1:7420</c>.</summary>
    public static bool IsEndpoint(string endpoint) => IPEndPoint.TryParse(endpoint, out var parsed) && IsHost(parsed.Address.ToString());
}
