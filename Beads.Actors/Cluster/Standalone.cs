using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;

namespace Beads.Actors.Cluster;

/// <summary>
/// A lone host that nobody can join (no seed nodes, no cluster certificate: its remoting would accept only its own
/// certificate) runs without a cluster: a local actor provider, its rigs children of <see cref="Rigs.LocalRigs"/>
/// instead of a shard region, its registry a plain actor. It then has no remoting, gossip, failure detector or shard
/// coordinator to start and run, which is most of a cold start (the coordinator alone waits a fixed half second before
/// it places the first rig) and of an idle host's CPU. Every rule still holds: one writer per rig (one host per data
/// directory, <c>DataDirectoryLock</c>), rigs remembered across restarts, stopped only once their writes are durable.
/// A node with seeds or a certificate is a cluster node, even a cluster of one.
/// </summary>
public static class Standalone
{
    /// <summary>On for a host that runs without a cluster (written by the host's options for a lone node).</summary>
    public const string Setting = "beads.cluster.standalone";

    public static bool In(Config config) => config.GetBoolean(Setting, false);

    /// <summary><paramref name="config"/> with the local actor provider when it says standalone, else unchanged.</summary>
    public static Config Applied(Config config) =>
        In(config) ? ConfigurationFactory.ParseString("akka.actor.provider = local").WithFallback(config) : config;

    public static bool IsClusterNode(this ActorSystem system) => ((ExtendedActorSystem)system).Provider is IClusterActorRefProvider;

    /// <summary>This node's address: the cluster's for a member, the bare local one (<c>akka://beads</c>) otherwise.</summary>
    public static Address SelfAddress(this ActorSystem system) => ((ExtendedActorSystem)system).Provider.DefaultAddress;
}
