using Beads.Actors.Cluster;
using Beads.Actors.Configuration;

namespace Beads.Host;

/// <summary>
/// How this host joins a cluster, from its settings (<see cref="HostConfiguration"/>). With none of them it is a lone
/// host that runs without a cluster (<see cref="IsStandalone"/>): a lone node needs no configuration.
/// </summary>
/// <param name="Hostname">The address other nodes reach this one at (<c>--cluster-host</c>, BEADS_CLUSTER_HOST).</param>
/// <param name="Port">Its remoting port (<c>--cluster-port</c>, BEADS_CLUSTER_PORT; 0 picks a free one).</param>
/// <param name="Seeds">Nodes to join through (<c>--seed</c>, repeatable; BEADS_CLUSTER_SEEDS, comma separated), as
/// <c>host:port</c> or full <c>akka.ssl.tcp://beads@host:port</c> addresses (remoting is always TLS).</param>
/// <param name="Roles">Cluster roles (<c>--role</c>, repeatable; BEADS_CLUSTER_ROLES).</param>
/// <param name="NodeName">
/// This node's stable name (<c>--node-name</c>, BEADS_NODE_NAME; default: the machine's name). Rigs made through this
/// node have their folders on its machine and run here while it lives; unlike an address, the name survives restarts.
/// </param>
/// <param name="Certificate">
/// The cluster's certificate file (<c>--cluster-cert</c>, BEADS_CLUSTER_CERT; see <see cref="ClusterCertificate"/>),
/// shared by every node; null for a lone node, which uses a certificate of its own. A node that joins others or
/// listens beyond loopback must have one.
/// </param>
public sealed record ClusterNodeOptions(
    string Hostname, int Port, IReadOnlyList<string> Seeds, IReadOnlyList<string> Roles, string NodeName, string? Certificate = null)
{
    public const string SystemName = "beads";

    /// <summary>Where the host finds <see cref="Certificate"/> in its configuration (empty: a lone node's own).</summary>
    public const string CertificateSetting = "beads.cluster.certificate";

    public static readonly ClusterNodeOptions Lone = new("127.0.0.1", 0, [], [], DefaultNodeName);

    public static string DefaultNodeName => Environment.MachineName.ToLowerInvariant();

    public static ClusterNodeOptions From(HostSettings settings)
    {
        var port = settings.ClusterPort;
        var options = new ClusterNodeOptions(
            Hostname: settings.ClusterHost ?? Lone.Hostname,
            Port: port is null ? 0 : int.TryParse(port, out var parsed) && parsed is >= 0 and < 65536
                ? parsed
                : throw new ArgumentException($"cluster port '{port}' is not a port number (0-65535; 0 picks a free one)"),
            Seeds: [.. HostSettings.ListOf(settings.Seeds).Select(Address)],
            Roles: HostSettings.ListOf(settings.Roles),
            NodeName: settings.NodeName ?? DefaultNodeName,
            Certificate: settings.ClusterCertificate);
        // Each of these says "a cluster node"; one without a certificate could be joined by nobody, and a lone host
        // (none of them given) has no cluster port at all: refused rather than ignored.
        if (options.Certificate is null && (options.Seeds.Count > 0 || settings.ClusterHost is not null || port is not null))
            throw new ArgumentException(
                "a cluster node (one given --seed, --cluster-host or --cluster-port) needs the cluster's certificate, which " +
                "every node presents and requires on its cluster port: make it once with `Beads.Host --new-cluster-cert <file>`, " +
                "copy it to each node (mode 0600) and give --cluster-cert <file> (or BEADS_CLUSTER_CERT); a lone host needs " +
                "none of them and has no cluster port");
        return options;
    }

    /// <summary>The HOCON these options stand for, to put before the files in <c>hocon/</c>.</summary>
    public string ToHocon() => $"""
        akka.remote.dot-netty.tcp.hostname = {BeadsConfig.Quote(Hostname)}
        akka.remote.dot-netty.tcp.port = {Port}
        akka.cluster.seed-nodes = [{string.Join(", ", Seeds.Select(BeadsConfig.Quote))}]
        akka.cluster.roles = [{string.Join(", ", Roles.Append(HomeNodes.Role(NodeName)).Select(BeadsConfig.Quote))}]
        {HomeNodes.NodeNameSetting} = {BeadsConfig.Quote(NodeName)}
        {CertificateSetting} = {BeadsConfig.Quote(Certificate is null ? "" : Path.GetFullPath(Certificate))}
        {Standalone.Setting} = {(IsStandalone ? "on" : "off")}
        """;

    /// <summary>
    /// A node that names no seed and has no cluster certificate can be joined by nobody (its remoting would trust only
    /// a certificate of its own): it runs without a cluster (<see cref="Standalone"/>).
    /// </summary>
    public bool IsStandalone => Seeds.Count == 0 && Certificate is null;

    /// <summary><c>host:port</c> is shorthand for the full address of a Beads node.</summary>
    private static string Address(string seed) =>
        seed.Contains("://", StringComparison.Ordinal) ? seed : $"akka.ssl.tcp://{SystemName}@{seed}";
}
