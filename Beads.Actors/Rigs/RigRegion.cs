using Akka.Cluster.Sharding;
using Akka.Hosting;
using Beads.Actors.Cluster;
using Beads.Actors.Registry;

namespace Beads.Actors.Rigs;

/// <summary>The registry key of the "rig" ShardRegion: every rig, wherever in the cluster it lives.</summary>
public sealed class RigRegion
{
    public const string TypeName = "rig";
}

public static class RigRegionHostingExtensions
{
    /// <summary>
    /// Starts the rig ShardRegion: rigs run on their home nodes (<see cref="HomeNodePlacement"/>), passivate when idle
    /// (akka.cluster.sharding in HOCON) and stop only after their writes are durable and their JSONL flushed.
    /// </summary>
    public static AkkaConfigurationBuilder WithRigs(this AkkaConfigurationBuilder builder, RigSettings settings) =>
        builder.StartActors(async (system, registry) =>
        {
            var homes = new RegistryHomeNodes(() => registry.GetAsync<RigRegistry>());
            var region = await ClusterSharding.Get(system).StartAsync(
                RigRegion.TypeName,
                rig => RigActor.Props(rig, settings),
                ClusterShardingSettings.Create(system),
                new RigMessageExtractor(),
                new HomeNodePlacement(homes.HomeNodeOf),
                RigStop.Instance);
            registry.Register<RigRegion>(region);
        });
}
