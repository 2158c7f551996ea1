using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;
using Beads.Cli.Connection;
using Beads.Host;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;

namespace Beads.Tests.Host;

/// <summary>
/// The attack of the security sweep: an Akka.NET client of its own, run by someone who can reach the host's cluster
/// port (another local user, or the network), sends messages to the host's actors. A lone host has no such port: it
/// runs without a cluster. A cluster node's remoting speaks only mutual TLS pinned to the cluster's certificate, which
/// only its owners can read: a client gets no association and no answer, whether it speaks plain remoting or TLS with
/// a certificate of its own. The same client holding the cluster's certificate is answered, which shows that the port
/// is reachable and the refusal is the check.
/// </summary>
public sealed class ClusterTransportSecuritySpec : IClassFixture<BdHostFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private readonly BdHostFixture _host;

    public ClusterTransportSecuritySpec(BdHostFixture host) => _host = host;

    [SkippableFact]
    public async Task A_lone_host_listens_on_no_cluster_port()
    {
        Assert.Equal("akka://beads", await NodeOf(_host.Socket));
        Assert.Empty(ListeningTcpPorts(_host.ProcessId));
    }

    [SkippableFact]
    public async Task A_client_without_the_clusters_certificate_reaches_no_actor_of_a_cluster_node()
    {
        Skip.IfNot(BdHostFixture.Available, BdHostFixture.MissingReason);
        var folder = Directory.CreateTempSubdirectory("beads-cluster-node").FullName;
        var socket = Path.Combine(folder, "run", "bd.sock");
        Directory.CreateDirectory(Path.GetDirectoryName(socket)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var host = BdHostFixture.StartHost(socket, Path.Combine(folder, "data"), ["--cluster-cert", TestClusterCertificate.File]);
        try
        {
            await BdHostFixture.AwaitAnswer(host, socket, Path.Combine(folder, "data"));
            var node = await NodeOf(socket);

            using var plain = Client("plain", certificate: null);
            Assert.StartsWith("akka.ssl.tcp://", node);
            Assert.Null(await Identify(plain, node.Replace("akka.ssl.tcp://", "akka.tcp://")));

            using var stranger = ClusterCertificate.Create(Path.Combine(Directory.CreateTempSubdirectory("beads-stranger").FullName, "own.pfx"));
            using var impostor = Client("impostor", stranger);
            Assert.Null(await Identify(impostor, node));

            using var own = X509CertificateLoader.LoadPkcs12FromFile(TestClusterCertificate.File, null);
            using var member = Client("member", own);
            Assert.NotNull(await Identify(member, node));
        }
        finally
        {
            host.Kill();
            await host.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> NodeOf(string socket)
    {
        Skip.IfNot(BdHostFixture.Available, BdHostFixture.MissingReason);
        using var client = new HostClient(new HostEndpoint(socket, null, 0), null);
        return (await client.Get<HealthStatus>(GatewayRoutes.Health, CancellationToken.None)).Node;
    }

    /// <summary>The TCP ports on which process <paramref name="pid"/> listens: its sockets' inodes among the kernel's listeners.</summary>
    private static List<string> ListeningTcpPorts(int pid)
    {
        var inodes = Directory.GetFiles($"/proc/{pid}/fd")
            .Select(fd => new FileInfo(fd).LinkTarget ?? "")
            .Where(target => target.StartsWith("socket:[", StringComparison.Ordinal))
            .Select(target => target["socket:[".Length..^1])
            .ToHashSet();
        // /proc/net/tcp(6): "sl local_address rem_address st ... inode"; st 0A is LISTEN.
        return [.. new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists)
            .SelectMany(table => File.ReadLines(table).Skip(1))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields[3] == "0A" && inodes.Contains(fields[9]))
            .Select(fields => fields[1])];
    }

    /// <summary>The host's rig shard region as <paramref name="client"/> finds it, or null when it gets no answer.</summary>
    private static async Task<IActorRef?> Identify(ActorSystem client, string node)
    {
        try
        {
            return await client.ActorSelection($"{node}/system/sharding/rig").ResolveOne(Patience);
        }
        catch (ActorNotFoundException)
        {
            return null;
        }
    }

    /// <summary>A remoting client on loopback, speaking plain remoting or, with a certificate, mutual TLS presenting it.</summary>
    private static ActorSystem Client(string name, X509Certificate2? certificate)
    {
        var config = ConfigurationFactory.ParseString($"""
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp.hostname = 127.0.0.1
            akka.remote.dot-netty.tcp.port = 0
            akka.remote.dot-netty.tcp.enable-ssl = {(certificate is null ? "off" : "on")}
            akka.stdout-loglevel = OFF
            akka.loglevel = OFF
            """);
        var setup = BootstrapSetup.Create().WithConfig(config);
        return certificate is null
            ? ActorSystem.Create(name, setup)
            : ActorSystem.Create(name, ActorSystemSetup.Create(setup, new DotNettySslSetup(certificate, suppressValidation: true, requireMutualAuthentication: true)));
    }
}
