using Beads.Actors.Cluster;
using Beads.Actors.Configuration;

namespace Beads.Host;

/// <summary>
/// How this host joins a cluster, from flags, then environment variables. With none of them it listens on a free
/// loopback port and joins itself: a lone node needs no configuration.
/// </summary>
/// <param name="Hostname">The address other nodes reach this one at (<c>--cluster-host</c>, BEADS_CLUSTER_HOST).</param>
/// <param name="Port">Its remoting port (<c>--cluster-port</c>, BEADS_CLUSTER_PORT; 0 picks a free one).</param>
/// <param name="Seeds">Nodes to join through (<c>--seed</c>, repeatable; BEADS_CLUSTER_SEEDS, comma separated), as
/// <c>host:port</c> or full <c>akka.tcp://beads@host:port</c> addresses.</param>
/// <param name="Roles">Cluster roles (<c>--role</c>, repeatable; BEADS_CLUSTER_ROLES).</param>
/// <param name="NodeName">
/// This node's stable name (<c>--node-name</c>, BEADS_NODE_NAME; default: the machine's name). Rigs made through this
/// node have their folders on its machine and run here while it lives; unlike an address, the name survives restarts.
/// </param>
public sealed record ClusterOptions(string Hostname, int Port, IReadOnlyList<string> Seeds, IReadOnlyList<string> Roles, string NodeName)
{
    public const string SystemName = "beads";

    public static readonly ClusterOptions Lone = new("127.0.0.1", 0, [], [], DefaultNodeName);

    public static string DefaultNodeName => Environment.MachineName.ToLowerInvariant();

    public static ClusterOptions From(string[] args)
    {
        var port = HostArguments.Value(args, "--cluster-port") ?? Environment.GetEnvironmentVariable("BEADS_CLUSTER_PORT");
        return new ClusterOptions(
            Hostname: HostArguments.Value(args, "--cluster-host") ?? Environment.GetEnvironmentVariable("BEADS_CLUSTER_HOST") ?? Lone.Hostname,
            Port: port is null ? 0 : int.TryParse(port, out var parsed) && parsed is >= 0 and < 65536
                ? parsed
                : throw new ArgumentException($"cluster port '{port}' is not a port number (0-65535; 0 picks a free one)"),
            Seeds: [.. HostArguments.Values(args, "--seed").Concat(List("BEADS_CLUSTER_SEEDS")).Select(Address)],
            Roles: [.. HostArguments.Values(args, "--role").Concat(List("BEADS_CLUSTER_ROLES"))],
            NodeName: HostArguments.Value(args, "--node-name") ?? Environment.GetEnvironmentVariable("BEADS_NODE_NAME") ?? DefaultNodeName);
    }

    /// <summary>The HOCON these options stand for, to put before the files in <c>hocon/</c>.</summary>
    public string ToHocon() => $"""
        akka.remote.dot-netty.tcp.hostname = {BeadsConfig.Quote(Hostname)}
        akka.remote.dot-netty.tcp.port = {Port}
        akka.cluster.seed-nodes = [{string.Join(", ", Seeds.Select(BeadsConfig.Quote))}]
        akka.cluster.roles = [{string.Join(", ", Roles.Append(HomeNodes.Role(NodeName)).Select(BeadsConfig.Quote))}]
        {HomeNodes.NodeNameSetting} = {BeadsConfig.Quote(NodeName)}
        """;

    /// <summary><c>host:port</c> is shorthand for the full address of a Beads node.</summary>
    private static string Address(string seed) =>
        seed.Contains("://", StringComparison.Ordinal) ? seed : $"akka.tcp://{SystemName}@{seed}";

    private static IEnumerable<string> List(string variable) =>
        (Environment.GetEnvironmentVariable(variable) ?? "")
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
