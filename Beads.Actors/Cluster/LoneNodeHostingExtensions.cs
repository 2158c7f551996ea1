using Akka.Hosting;

namespace Beads.Actors.Cluster;

public static class LoneNodeHostingExtensions
{
    /// <summary>
    /// With no seed nodes configured, a cluster node joins itself and forms a one-node cluster, which others may join
    /// through it. (A lone host that nobody can join runs without a cluster: <see cref="Standalone"/>.)
    /// </summary>
    public static AkkaConfigurationBuilder WithLoneNodeJoin(this AkkaConfigurationBuilder builder) =>
        builder.AddStartup((system, _) =>
        {
            var cluster = Akka.Cluster.Cluster.Get(system);
            if (cluster.Settings.SeedNodes.Count == 0)
                cluster.Join(cluster.SelfAddress);
        });
}
