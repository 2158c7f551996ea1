using System.Collections.Immutable;
using Akka.Actor;

namespace Beads.Actors.Cluster;

/// <summary>Someone asked for a rig that the picture lacks: the locator asks the members again, at most every so often.</summary>
public sealed record RigNotLocated
{
    public static readonly RigNotLocated Instance = new();
}

/// <summary>What one member's shard region reported hosting: its shards (one per rig) and the rigs running in them.</summary>
public sealed record HostedRigs(IActorRef Region, ImmutableHashSet<string> Shards, ImmutableSortedSet<string> Running, DateTime ReportedAt);

/// <summary>
/// This node's picture of where the cluster's rigs run, kept by its <see cref="RigLocator"/> and read by the gateway
/// on every request without a message: an immutable picture replaced as a whole. Only reachable members are in it.
/// </summary>
public sealed class RigLocations
{
    private volatile Picture _picture = new(ImmutableDictionary<Address, HostedRigs>.Empty, ImmutableDictionary<string, IActorRef>.Empty);

    private sealed record Picture(ImmutableDictionary<Address, HostedRigs> ByMember, ImmutableDictionary<string, IActorRef> RegionOf);

    /// <summary>The locator that keeps this picture; told when a rig is asked for that the picture lacks.</summary>
    internal IActorRef Locator { private get; set; } = ActorRefs.Nobody;

    /// <summary>
    /// The shard region that hosts <paramref name="rig"/>, when a reachable member reported it; else null, and the
    /// locator asks the members again soon (a rig started since the last round: just made, or woken from idle).
    /// </summary>
    public IActorRef? RegionOf(string rig)
    {
        if (_everyRig is { } here) return here;
        if (_picture.RegionOf.TryGetValue(rig, out var region)) return region;
        Locator.Tell(RigNotLocated.Instance);
        return null;
    }

    /// <summary>A standalone host's rigs, where every rig runs (<see cref="Standalone"/>); null on a cluster node.</summary>
    private volatile IActorRef? _everyRig;

    /// <summary>Every rig runs under <paramref name="rigs"/>, in this process: a standalone host.</summary>
    internal void HostAllHere(IActorRef rigs) => _everyRig = rigs;

    /// <summary>The rigs running on each reachable member, as last reported (a cluster node's; empty on a standalone host).</summary>
    public ImmutableDictionary<Address, HostedRigs> ByMember => _picture.ByMember;

    /// <summary>Replaces the picture; a rig two regions report (a hand-off in progress) goes to the newer report.</summary>
    internal void Publish(ImmutableDictionary<Address, HostedRigs> byMember)
    {
        var regionOf = ImmutableDictionary.CreateBuilder<string, IActorRef>();
        foreach (var hosted in byMember.Values.OrderBy(h => h.ReportedAt))
        foreach (var shard in hosted.Shards)
            regionOf[shard] = hosted.Region;
        _picture = new Picture(byMember, regionOf.ToImmutable());
    }
}
