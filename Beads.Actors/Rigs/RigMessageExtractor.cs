using Akka.Cluster.Sharding;
using Beads.Protocol;

namespace Beads.Actors.Rigs;

/// <summary>Routes every <see cref="IRigMessage"/> to the rig entity named by its <see cref="IRigMessage.Rig"/>.</summary>
public sealed class RigMessageExtractor(int maxNumberOfShards) : HashCodeMessageExtractor(maxNumberOfShards)
{
    public const int DefaultShardCount = 100;

    public RigMessageExtractor() : this(DefaultShardCount)
    {
    }

    public override string? EntityId(object message) => (message as IRigMessage)?.Rig;
}
