using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Beads.Actors.Cluster;

namespace Beads.Actors.Feed;

/// <summary>
/// Rigs say when they are initialised, so that followers of every rig follow new ones too: cluster-wide over
/// DistributedPubSub, or on the event stream of an actor system that is not a cluster node (a standalone host, tests
/// of a lone rig).
/// </summary>
public static class RigAnnouncements
{
    public static void Opened(ActorSystem system, string rig)
    {
        var opened = new RigFeedOpened(rig);
        if (system.IsClusterNode()) DistributedPubSub.Get(system).Mediator.Tell(new Publish(FeedTopics.OpenedRigs, opened));
        else system.EventStream.Publish(opened);
    }

    /// <summary>Subscribes <paramref name="subscriber"/>, which is sent a <see cref="SubscribeAck"/> once it hears every later announcement.</summary>
    public static void Subscribe(ActorSystem system, IActorRef subscriber)
    {
        var subscribe = new Subscribe(FeedTopics.OpenedRigs, subscriber);
        if (system.IsClusterNode())
        {
            DistributedPubSub.Get(system).Mediator.Tell(subscribe, subscriber);
            return;
        }
        system.EventStream.Subscribe(subscriber, typeof(RigFeedOpened));
        subscriber.Tell(new SubscribeAck(subscribe));
    }
}
