using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Beads.Actors.Cluster;

/// <summary>
/// Where the cluster runs each rig (each rig is a shard of its own): on its home node, the node whose machine holds
/// the rig's folder, whenever that node is in the cluster; elsewhere (the node with the fewest rigs) only while it is
/// gone; and back home once it returns, so that the JSONL flush that waited for it can run. A rig without a known home
/// goes wherever there is room.
/// </summary>
/// <param name="homeNodeOf">The home node of a rig, from the rig registry; null when it has none.</param>
public sealed class HomeNodePlacement(Func<string, Task<string?>> homeNodeOf) : IShardAllocationStrategy, IActorSystemDependentAllocationStrategy
{
    /// <summary>Rigs moved home per rebalance round, so that a returning node is not flooded at once.</summary>
    private const int MovesPerRound = 10;

    private Akka.Cluster.Cluster? _cluster;

    public void Start(ActorSystem system) => _cluster = Akka.Cluster.Cluster.Get(system);

    public async Task<IActorRef> AllocateShard(
        IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        if (await homeNodeOf(shardId) is { } home && RegionOn(home, currentShardAllocations) is { } region) return region;
        return currentShardAllocations.OrderBy(allocation => allocation.Value.Count).First().Key;
    }

    public async Task<IImmutableSet<string>> Rebalance(
        IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress)
    {
        if (rebalanceInProgress.Count > 0) return ImmutableHashSet<string>.Empty;
        var moves = ImmutableHashSet.CreateBuilder<string>();
        foreach (var (region, rigs) in currentShardAllocations)
        {
            foreach (var rig in rigs)
            {
                if (moves.Count >= MovesPerRound) return moves.ToImmutable();
                if (await homeNodeOf(rig) is { } home && RegionOn(home, currentShardAllocations) is { } homeRegion
                    && !homeRegion.Equals(region))
                    moves.Add(rig);
            }
        }
        return moves.ToImmutable();
    }

    /// <summary>The shard region running on the up member named <paramref name="nodeName"/>, if there is one.</summary>
    private IActorRef? RegionOn(string nodeName, IImmutableDictionary<IActorRef, IImmutableList<string>> regions)
    {
        var cluster = _cluster ?? throw new InvalidOperationException("the placement strategy was not started");
        var member = cluster.State.Members.FirstOrDefault(m =>
            m.Status == Akka.Cluster.MemberStatus.Up && HomeNodes.NameIn(m.Roles) == nodeName);
        if (member is null) return null;
        return regions.Keys.FirstOrDefault(region =>
            (region.Path.Address.HasLocalScope ? cluster.SelfAddress : region.Path.Address) == member.Address);
    }
}
