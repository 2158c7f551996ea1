using Akka.Cluster.Sharding;
using Beads.Protocol;

namespace Beads.Actors.Rigs;

/// <summary>
/// Routes every <see cref="IRigMessage"/> to the rig entity named by its <see cref="IRigMessage.Rig"/>. Each rig is a
/// shard of its own, so the cluster places (and moves) rigs one by one rather than in hash buckets: a rig can be kept
/// on the machine that holds its folder, and `bd host status` can say which node serves which rig.
/// </summary>
public sealed class RigMessageExtractor : IMessageExtractor
{
    public string? EntityId(object message) => (message as IRigMessage)?.Rig;

    public object? EntityMessage(object message) => message;

    public string? ShardId(object message) => (message as IRigMessage)?.Rig;

    public string ShardId(string entityId, object? messageHint = null) => entityId;
}
