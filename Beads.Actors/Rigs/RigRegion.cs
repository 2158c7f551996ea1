using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;

namespace Beads.Actors.Rigs;

/// <summary>The registry key of the "rig" ShardRegion: every rig, wherever in the cluster it lives.</summary>
public sealed class RigRegion
{
    public const string TypeName = "rig";
}

public static class RigRegionHostingExtensions
{
    /// <summary>
    /// Starts the rig ShardRegion; rigs passivate when idle and stop only after their writes are durable. Messages
    /// that die with a failed rig are answered (<see cref="RigDeadLetters"/>).
    /// </summary>
    public static AkkaConfigurationBuilder WithRigs(this AkkaConfigurationBuilder builder, RigSettings settings) =>
        builder.WithActors((system, _) => system.ActorOf(RigDeadLetters.Props(), "rig-dead-letters")).WithShardRegion<RigRegion>(
            RigRegion.TypeName,
            rig => RigActor.Props(rig, settings),
            new RigMessageExtractor(),
            new ShardOptions
            {
                HandOffStopMessage = RigStop.Instance,
                StateStoreMode = StateStoreMode.DData,
            });
}
