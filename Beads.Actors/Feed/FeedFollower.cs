using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Beads.Actors.Registry;
using Beads.Protocol;

namespace Beads.Actors.Feed;

/// <summary>
/// One reader of the change feed (an SSE stream, a <c>bd events tail</c>): follows one rig, or every rig of the
/// cluster, from a <see cref="FeedCursor"/>, and writes each change to <c>output</c> in each rig's order.
/// <para>
/// It asks each rig (<see cref="FollowFeed"/>, through sharding, wherever the rig runs) for what came after its
/// position; a rig that no longer holds that far back sends it to the journal (<see cref="FeedHistory"/>) first.
/// Deliveries are chained by position, so a lost one is noticed and asked for again; the rig is watched, and when it
/// stops (moved, restarted, its node dead) it is followed again where sharding starts it. Following every rig, it
/// learns the rigs from the registry and new ones from their announcement (<see cref="RigFeedOpened"/>).
/// Without <c>follow</c> it ends once every rig has sent what it had.
/// </para>
/// </summary>
public sealed class FeedFollower : UntypedActor, IWithTimers
{
    private readonly IActorRef _region;
    private readonly IActorRef _registry;
    private readonly string? _onlyRig;
    private readonly bool _follow;
    private readonly ChannelWriter<FeedItem> _output;
    private readonly TimeSpan _answerWithin;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, RigFollow> _rigs = [];
    private FeedCursor _cursor;
    private bool _listed;

    private sealed class RigFollow
    {
        public long Position { get; set; }
        public IActorRef? Rig { get; set; }
        public bool CaughtUp { get; set; }
    }

    private sealed record AskAgain(string Rig);
    private sealed record Listed(RigListing Listing);

    /// <param name="onlyRig">The rig to follow; null for every rig.</param>
    /// <param name="answerWithin">How long a rig may take to answer a follow before it is asked again.</param>
    public FeedFollower(IActorRef region, IActorRef registry, string? onlyRig, FeedCursor from, bool follow,
        ChannelWriter<FeedItem> output, TimeSpan answerWithin)
    {
        _region = region;
        _registry = registry;
        _onlyRig = onlyRig;
        _cursor = from;
        _follow = follow;
        _output = output;
        _answerWithin = answerWithin;
    }

    public static Props Props(IActorRef region, IActorRef registry, string? onlyRig, FeedCursor from, bool follow,
        ChannelWriter<FeedItem> output, TimeSpan answerWithin) =>
        Akka.Actor.Props.Create(() => new FeedFollower(region, registry, onlyRig, from, follow, output, answerWithin));

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        if (_onlyRig is not null)
        {
            Start(_onlyRig);
            return;
        }
        // Subscribed first, listed after: a rig initialised in between is announced to this follower.
        RigAnnouncements.Subscribe(Context.System, Self);
    }

    protected override void PostStop() => _output.TryComplete();

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case SubscribeAck:
                _registry.Ask<RigListing>(ListRigs.Instance, _answerWithin).PipeTo(Self,
                    success: listing => new Listed(listing), failure: cause => new Status.Failure(cause));
                break;
            case Listed listed:
                _listed = true;
                foreach (var entry in listed.Listing.Rigs) Start(entry.Name);
                EndWhenCaughtUp();
                break;
            case RigFeedOpened opened when !_rigs.ContainsKey(opened.Rig):
                // Made after this reader began: all of it is new to the reader, unless its cursor names the rig.
                Start(opened.Rig, _cursor.Names(opened.Rig) ? _cursor.Of(opened.Rig) : 0);
                break;
            case RigFeedOpened:
                break;
            case FeedDelivery delivery:
                Delivered(delivery);
                break;
            case FeedHistoryNeeded needed:
                Timers.Cancel(needed.Rig);
                var from = _rigs[needed.Rig].Position;
                FeedHistory.Read(Context.System, needed.Rig, from, needed.Floor).PipeTo(Self);
                break;
            case FeedHistoryRead read when read.Gap is { } gap:
                Fail(gap);
                break;
            case FeedHistoryRead read:
                Emit(read.Rig, read.Entries);
                _rigs[read.Rig].Position = read.Through;
                Start(read.Rig);
                break;
            case FeedRefused { Reason.Code: ErrorCodes.RigNotInitialized } refused when _onlyRig is null:
                // Listed before its init: the rig announces itself once it is initialised.
                Forget(refused.Rig);
                break;
            case FeedRefused refused:
                Fail(refused.Reason);
                break;
            case Rejected transient:
                // A follow that died with its rig, or never reached it (RigDeadLetters): the rig's timer asks again.
                _log.Debug("feed: {0}; the follow is asked again", transient.Message);
                break;
            case AskAgain again:
                Start(again.Rig);
                break;
            case Terminated { ActorRef: var stopped }:
                // The rig stopped (moved, restarted, its node gone): sharding starts it again on the next message.
                foreach (var (name, follow) in _rigs.Where(r => Equals(r.Value.Rig, stopped)).ToList())
                {
                    follow.Rig = null;
                    Timers.StartSingleTimer(name, new AskAgain(name), TimeSpan.FromMilliseconds(200));
                }
                break;
            case Status.Failure failure:
                Fail(new Rejected(ErrorCodes.StorageUnavailable,
                    $"the feed could not be read ({failure.Cause.GetBaseException().Message}): retry"));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Asks the rig for what follows this reader's position; asks again when no answer comes.</summary>
    private void Start(string rig, long? from = null)
    {
        if (!_rigs.TryGetValue(rig, out var follow))
            _rigs[rig] = follow = new RigFollow { Position = from ?? _cursor.Of(rig) };
        _region.Tell(new FollowFeed(rig, follow.Position, _follow));
        Timers.StartSingleTimer(rig, new AskAgain(rig), _answerWithin);
    }

    private void Delivered(FeedDelivery delivery)
    {
        if (!_rigs.TryGetValue(delivery.Rig, out var follow)) return;
        if (delivery.Through <= follow.Position) return; // a copy of what this reader already has
        if (delivery.After != follow.Position)
        {
            // Something between was lost: ask again from where this reader is.
            Start(delivery.Rig);
            return;
        }
        Timers.Cancel(delivery.Rig);
        if (!Equals(follow.Rig, Sender))
        {
            if (follow.Rig is not null) Context.Unwatch(follow.Rig);
            follow.Rig = Sender;
            Context.Watch(Sender);
        }
        Emit(delivery.Rig, delivery.Entries);
        follow.Position = delivery.Through;
        _cursor = _cursor.With(delivery.Rig, delivery.Through);
        if (delivery.CaughtUp && !follow.CaughtUp)
        {
            follow.CaughtUp = true;
            EndWhenCaughtUp();
        }
    }

    private void Emit(string rig, IEnumerable<FeedEntry> entries)
    {
        foreach (var entry in entries)
        {
            _cursor = _cursor.With(rig, entry.Seq);
            _output.TryWrite(new FeedChange(entry, _cursor));
        }
    }

    /// <summary>Once every rig has sent what it had: the reader hears it, and a reader that does not follow is done.</summary>
    private void EndWhenCaughtUp()
    {
        if ((_onlyRig is null && !_listed) || !_rigs.Values.All(follow => follow.CaughtUp)) return;
        _output.TryWrite(new FeedCaughtUp(_cursor));
        if (!_follow) Context.Stop(Self);
    }

    private void Forget(string rig)
    {
        Timers.Cancel(rig);
        _rigs.Remove(rig);
        EndWhenCaughtUp();
    }

    private void Fail(Rejected reason)
    {
        _output.TryWrite(new FeedFailed(reason));
        Context.Stop(Self);
    }
}
