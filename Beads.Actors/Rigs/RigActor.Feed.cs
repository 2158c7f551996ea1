using Akka.Actor;
using Beads.Actors.Feed;
using Beads.Actors.Domain;
using Beads.Protocol;

namespace Beads.Actors.Rigs;

/// <summary>
/// The rig's change feed (<see cref="FollowFeed"/>). Every durable change gets an entry numbered by its journal
/// sequence; the latest ones stay in a <see cref="FeedWindow"/> (filled again while the rig recovers, from the
/// events after its snapshot). A follower is sent what it missed, then each change as it becomes durable, straight
/// from the rig, so a follower anywhere in the cluster sees every change in order. Each delivery names the position
/// it continues from: a follower that lost one (a dropped connection) sees the break and asks again. The rig stays
/// up while it has followers, and a follower sees the rig stop (death watch) and follows it where it starts again.
/// </summary>
public sealed partial class RigActor
{
    private FeedWindow? _feedWindow;

    /// <summary>Each follower, and the journal sequence number through which it has been sent every change.</summary>
    private readonly Dictionary<IActorRef, long> _followers = [];

    private FeedWindow Feed => _feedWindow ??= new FeedWindow(_settings.FeedWindow);

    private void Follow(FollowFeed follow, IActorRef follower)
    {
        if (!_durable.IsInitialized)
        {
            follower.Tell(new FeedRefused(_rig, RigDecider.NotInitialized(_rig)));
            return;
        }
        if (follow.After > Feed.Through)
        {
            follower.Tell(new FeedRefused(_rig, new Rejected(ErrorCodes.FeedGap,
                $"rig {_rig}: the feed has no change after {follow.After}: its last change is {Feed.Through} (the rig " +
                "was made again since that position was read?); follow from 0, or from a position this rig's feed gave")));
            return;
        }
        if (Feed.After(follow.After) is not { } missed)
        {
            follower.Tell(new FeedHistoryNeeded(_rig, Feed.Floor));
            return;
        }
        foreach (var delivery in Deliveries(follow.After, Feed.Through, missed)) follower.Tell(delivery);
        if (!follow.Follow) return;
        _followers[follower] = Feed.Through;
        Context.Watch(follower);
    }

    /// <summary>What a follower missed, in deliveries of at most a few hundred entries, chained by position.</summary>
    private IEnumerable<FeedDelivery> Deliveries(long after, long through, IReadOnlyList<FeedEntry> entries)
    {
        const int chunk = 200;
        if (entries.Count == 0) yield return new FeedDelivery(_rig, after, through, []) { CaughtUp = true };
        for (var start = 0; start < entries.Count; start += chunk)
        {
            var last = start + chunk >= entries.Count;
            var part = entries.Skip(start).Take(chunk).ToList();
            var upTo = last ? through : part[^1].Seq;
            yield return new FeedDelivery(_rig, after, upTo, [.. part]) { CaughtUp = last };
            after = upTo;
        }
    }

    /// <summary>After each durable event: into the window, and to every follower.</summary>
    private void FeedPersisted(IRigEvent change)
    {
        if (change is RigInitialized) RigAnnouncements.Opened(Context.System, _rig);
        if (Feed.Saw(_rig, LastSequenceNr, change, _durable) is not { } entry || _followers.Count == 0) return;
        foreach (var (follower, through) in _followers.ToList())
        {
            follower.Tell(new FeedDelivery(_rig, through, LastSequenceNr, [entry]));
            _followers[follower] = LastSequenceNr;
        }
    }

    private void Unfollow(IActorRef follower)
    {
        _followers.Remove(follower);
    }
}
