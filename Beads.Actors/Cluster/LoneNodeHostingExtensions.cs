using Akka.Hosting;

namespace Beads.Actors.Cluster;

public static class LoneNodeHostingExtensions
{
    /// <summary>
    /// With no seed nodes configured, the node joins itself and forms a one-node cluster: a single host needs no
    /// cluster setup, yet runs exactly the sharded wiring that a multi-node cluster runs.
    /// </summary>
    public static AkkaConfigurationBuilder WithLoneNodeJoin(this AkkaConfigurationBuilder builder) =>
        builder.AddStartup((system, _) =>
        {
            var cluster = Akka.Cluster.Cluster.Get(system);
            if (cluster.Settings.SeedNodes.Count == 0)
                cluster.Join(cluster.SelfAddress);
        });
}
