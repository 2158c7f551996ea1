using Akka.Configuration;
using Beads.Actors.Persistence;
using Beads.Protocol;

namespace Beads.Host.Gateway;

/// <summary>
/// Where the gateway listens and how long it waits for a rig. The Unix socket is <c>--socket</c>'s (see
/// <see cref="HostConfiguration"/> for where else it may come from), else the per-user default; TCP is on only when
/// <c>--tcp host:port</c> says so, as HTTPS with <c>--tls-cert</c>; beyond loopback it must be HTTPS unless
/// <c>--insecure-tcp</c> says that plain HTTP, token and all, may cross that network. The rest is HOCON.
/// </summary>
/// <param name="TlsCertificate">
/// The PKCS#12 file (no password, 0600) TCP serves HTTPS with (<c>--tls-cert</c>, BEADS_TLS_CERT,
/// <c>beads.gateway.tls-certificate</c>); null serves plain HTTP.
/// </param>
/// <param name="TcpMaxConnections">TCP connections open at once, before any has shown its token (the socket has no limit).</param>
/// <param name="RequestHeadersTimeout">How long a connection may take to send a request's headers before it is closed.</param>
/// <param name="KeepAliveTimeout">How long an idle connection stays open between requests.</param>
public sealed record GatewayOptions(string SocketPath, string? TcpAddress, TimeSpan AskTimeout, string TokenFile, string? TlsCertificate = null)
{
    public int TcpMaxConnections { get; init; } = 256;

    /// <summary>The folders under which a TCP caller may make a rig (<see cref="HomeAccess"/>); none by default.</summary>
    public IReadOnlyList<string> AllowedHomeRoots { get; init; } = [];
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>What one <c>bd sql</c> query may take (<c>beads.gateway.sql-time-limit</c>, <c>sql-max-result-size</c>).</summary>
    public SqlLimits SqlLimits { get; init; } = new(TimeSpan.FromSeconds(30), 16L * 1024 * 1024);

    public static GatewayOptions From(HostSettings settings, Config config, string dataDirectory)
    {
        var socket = settings.Socket ?? HostEndpoint.Default.SocketPath!;
        var tcp = settings.Tcp;
        var timeout = config.GetTimeSpan("beads.gateway.ask-timeout", TimeSpan.FromSeconds(30));
        var certificate = settings.TlsCertificate;
        if (tcp is not null && certificate is null && !Loopback.IsEndpoint(tcp) && !settings.InsecureTcp)
            throw new ArgumentException(
                $"--tcp {tcp} listens beyond loopback, where the token and every issue would cross the network in plain " +
                "HTTP: give --tls-cert <file.pfx> (make one with `Beads.Host --new-cluster-cert <file>`; bd then uses " +
                "BD_HOST=https://host:port and BD_TLS_FINGERPRINT), or --insecure-tcp on a network you trust");
        return new GatewayOptions(Path.GetFullPath(socket), tcp, timeout, Path.Combine(dataDirectory, "gateway.token"), certificate)
        {
            TcpMaxConnections = config.GetInt("beads.gateway.tcp-max-connections", 256),
            AllowedHomeRoots = [.. config.GetStringList(HomeAccess.AllowedRootsSetting, [])],
            RequestHeadersTimeout = config.GetTimeSpan("beads.gateway.request-headers-timeout", TimeSpan.FromSeconds(10)),
            KeepAliveTimeout = config.GetTimeSpan("beads.gateway.keep-alive-timeout", TimeSpan.FromSeconds(30)),
            SqlLimits = new SqlLimits(config.GetTimeSpan("beads.gateway.sql-time-limit", TimeSpan.FromSeconds(30)),
                config.GetByteSize("beads.gateway.sql-max-result-size") ?? 16L * 1024 * 1024),
        };
    }
}
