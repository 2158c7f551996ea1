using Akka.Actor;
using Akka.Hosting;
using Beads.Actors.Rigs;
using Beads.Host;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;

namespace Beads.Tests.Support;

/// <summary>The real host wiring (<see cref="BeadsHostingExtensions.AddBeads"/>) in this process, for tests.</summary>
public static class InProcessHost
{
    /// <summary>
    /// Builds and starts a host with the Beads services configured by <paramref name="options"/>; it logs to a file of
    /// its own in <see cref="TestLogs.Folder"/>.
    /// </summary>
    public static async Task<IHost> Start(BeadsHostOptions options)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        var log = new LoggerConfiguration().WriteTo.File(TestLogs.NewFile("in-process-host")).CreateLogger();
        builder.Logging.ClearProviders().AddSerilog(log, dispose: true);
        // Akka falls back to its stdout logger while its loggers start and once they stop (a host still shutting
        // down after its test): in a test host that would be the suite's console.
        builder.Services.AddBeads(options with { HoconOverrides = $"{options.HoconOverrides}\nakka.stdout-loglevel = OFF" });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>
    /// The HOCON of a cluster node on a loopback port the system picks as it binds (no race for a port chosen in
    /// advance), joining through <paramref name="seed"/>, or forming a cluster of its own when that is null; every node
    /// presents the run's <see cref="TestClusterCertificate"/>.
    /// </summary>
    public static string ClusterHocon(string nodeName, IHost? seed) =>
        new ClusterNodeOptions("127.0.0.1", 0, seed is null ? [] : [seed.Cluster().SelfAddress.ToString()], [], nodeName,
            TestClusterCertificate.File).ToHocon();

    /// <summary>
    /// The HOCON of a lone host that runs without a cluster (<see cref="Beads.Actors.Cluster.Standalone"/>), as
    /// Beads.Host runs one, or of a cluster of one (the seed of a cluster that nobody joins yet).
    /// </summary>
    public static string LoneHocon(bool standalone) =>
        standalone ? $"{Beads.Actors.Cluster.Standalone.Setting} = on" : ClusterHocon(Beads.Actors.Cluster.HomeNodes.MachineName, seed: null);

    /// <summary>The host's rigs: its rig shard region, or a standalone host's local rigs.</summary>
    public static Task<IActorRef> Region(this IHost host) => host.Services.GetRequiredService<ActorRegistry>().GetAsync<RigRegion>();

    public static Akka.Cluster.Cluster Cluster(this IHost host) => Akka.Cluster.Cluster.Get(host.Services.GetRequiredService<ActorSystem>());

    /// <summary>How many members the host sees Up.</summary>
    public static int UpMembers(this IHost host) =>
        host.Cluster().State.Members.Count(member => member.Status == Akka.Cluster.MemberStatus.Up);

    /// <summary>Waits until the host sees at least <paramref name="count"/> members Up; throws after <paramref name="timeout"/>.</summary>
    public static Task AwaitUpMembers(this IHost host, int count, TimeSpan timeout) =>
        Poll.Until(() => host.UpMembers() >= count, timeout, $"{count} members up");
}
