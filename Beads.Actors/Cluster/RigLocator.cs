using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Akka.Hosting;
using Beads.Actors.Rigs;

namespace Beads.Actors.Cluster;

/// <summary>Asks the locator for a fresh picture of where the rigs run; answered with a <see cref="RigLocationsReport"/>.</summary>
public sealed record ReportRigLocations
{
    public static readonly ReportRigLocations Instance = new();
}

/// <summary>The rigs each reachable member hosts, as its shard region reported them just now (or the last time it did).</summary>
public sealed record RigLocationsReport(ImmutableDictionary<Address, HostedRigs> ByMember);

/// <param name="RefreshInterval">How often every member's region is asked while the cluster is steady.</param>
/// <param name="AfterChangeInterval">How often while members were lately lost, so that moved rigs are found soon.</param>
/// <param name="AfterChangePeriod">How long "lately" lasts after a member became unreachable or left.</param>
/// <param name="AnswerTimeout">How long a round waits for members' answers before it reports what it has.</param>
public sealed record RigLocatorSettings(TimeSpan RefreshInterval, TimeSpan AfterChangeInterval, TimeSpan AfterChangePeriod, TimeSpan AnswerTimeout)
{
    public static RigLocatorSettings From(Config config) => new(
        config.GetTimeSpan("beads.cluster.locator.refresh-interval", TimeSpan.FromSeconds(5)),
        config.GetTimeSpan("beads.cluster.locator.after-change-interval", TimeSpan.FromMilliseconds(500)),
        config.GetTimeSpan("beads.cluster.locator.after-change-period", TimeSpan.FromSeconds(30)),
        config.GetTimeSpan("beads.cluster.locator.answer-timeout", TimeSpan.FromSeconds(2)));
}

/// <summary>
/// Keeps this node's <see cref="RigLocations"/>: it asks every reachable member's shard region itself (never the
/// sharding coordinator) which rigs it hosts, every few seconds, at once when a member joins or a rig is asked for
/// that the picture lacks (one started since the last round), and more often for a while after a member was lost,
/// until its rigs are found on their new nodes. The gateway sends a rig's messages straight
/// to the region that hosts it, so that a rig on a living node answers through every node even while the coordinator
/// moves with a dead node: the hosting region delivers to its own shard without asking anyone, where this node's own
/// region, had it not learned the rig's home before, would wait for the coordinator. The picture is only a hint: a
/// region that no longer hosts a rig forwards its messages as sharding always does.
/// </summary>
public sealed class RigLocator : ReceiveActor, IWithTimers
{
    private readonly RigLocations _locations;
    private readonly RigLocatorSettings _settings;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private ImmutableDictionary<Address, HostedRigs> _hosted = ImmutableDictionary<Address, HostedRigs>.Empty;
    /// <summary>Each member's shard region, once resolved (a region answers its state without saying who it is).</summary>
    private ImmutableDictionary<Address, IActorRef> _regions = ImmutableDictionary<Address, IActorRef>.Empty;
    private ImmutableHashSet<Address> _members = [];
    private ImmutableHashSet<Address> _unreachable = [];
    private ImmutableHashSet<Address> _awaiting = [];
    private readonly List<IActorRef> _reportTo = [];
    private int _round;
    private DateTime _lastRound = DateTime.MinValue;
    private DateTime _lostMemberAt = DateTime.MinValue;

    public RigLocator(RigLocations locations, RigLocatorSettings settings)
    {
        _locations = locations;
        _locations.Locator = Self;
        _settings = settings;

        Receive<Tick>(_ =>
        {
            var lately = DateTime.UtcNow - _lostMemberAt < _settings.AfterChangePeriod;
            if (DateTime.UtcNow - _lastRound >= (lately ? _settings.AfterChangeInterval : _settings.RefreshInterval)) StartRound();
        });
        Receive<RigNotLocated>(_ =>
        {
            if (DateTime.UtcNow - _lastRound >= _settings.AfterChangeInterval) StartRound();
        });
        Receive<ReportRigLocations>(_ =>
        {
            _reportTo.Add(Sender);
            StartRound();
        });
        Receive<Reported>(Record);
        Receive<Status.Failure>(_ => { }); // a member that did not answer in time is asked again next round
        Receive<RoundTimedOut>(timedOut =>
        {
            if (timedOut.Round == _round) FinishRound();
        });
        Receive<ClusterEvent.MemberUp>(up =>
        {
            _members = _members.Add(up.Member.Address);
            StartRound();
        });
        Receive<ClusterEvent.MemberRemoved>(removed => Lost(removed.Member.Address, forGood: true));
        Receive<ClusterEvent.UnreachableMember>(unreachable => Lost(unreachable.Member.Address, forGood: false));
        Receive<ClusterEvent.ReachableMember>(reachable =>
        {
            _unreachable = _unreachable.Remove(reachable.Member.Address);
            StartRound();
        });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(RigLocations locations, RigLocatorSettings settings) =>
        Akka.Actor.Props.Create(() => new RigLocator(locations, settings));

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        Timers.StartPeriodicTimer(nameof(Tick), Tick.Instance, _settings.AfterChangeInterval);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void StartRound()
    {
        _round++;
        _lastRound = DateTime.UtcNow;
        _awaiting = _members.Except(_unreachable);
        foreach (var member in _awaiting)
        {
            var selection = Context.ActorSelection(new RootActorPath(member) / "system" / "sharding" / RigRegion.TypeName);
            Ask(member, selection, _regions.GetValueOrDefault(member), _settings.AnswerTimeout).PipeTo(Self);
        }
        Timers.StartSingleTimer(nameof(RoundTimedOut), new RoundTimedOut(_round), _settings.AnswerTimeout);
        if (_awaiting.IsEmpty) FinishRound();
    }

    private static async Task<Reported> Ask(Address member, ActorSelection selection, IActorRef? region, TimeSpan timeout)
    {
        region ??= await selection.ResolveOne(timeout);
        return new Reported(member, region, await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, timeout));
    }

    private void Record(Reported reported)
    {
        var (member, region, state) = reported;
        if (!_members.Contains(member) || _unreachable.Contains(member)) return;
        _regions = _regions.SetItem(member, region);
        _hosted = _hosted.SetItem(member, new HostedRigs(region,
            [.. state.Shards.Select(shard => shard.ShardId)],
            [.. state.Shards.Where(shard => shard.EntityIds.Count > 0).Select(shard => shard.ShardId)],
            DateTime.UtcNow));
        _locations.Publish(_hosted);
        _awaiting = _awaiting.Remove(member);
        if (_awaiting.IsEmpty) FinishRound();
    }

    private void FinishRound()
    {
        Timers.Cancel(nameof(RoundTimedOut));
        var report = new RigLocationsReport(_hosted);
        foreach (var asker in _reportTo) asker.Tell(report);
        _reportTo.Clear();
    }

    /// <summary>A member that cannot be reached or has left hosts nothing that can be reached through it.</summary>
    private void Lost(Address member, bool forGood)
    {
        if (forGood)
        {
            _members = _members.Remove(member);
            _unreachable = _unreachable.Remove(member);
            _regions = _regions.Remove(member);
        }
        else _unreachable = _unreachable.Add(member);
        _lostMemberAt = DateTime.UtcNow;
        _hosted = _hosted.Remove(member);
        _locations.Publish(_hosted);
    }

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed record RoundTimedOut(int Round);

    private sealed record Reported(Address Member, IActorRef Region, CurrentShardRegionState State);
}

/// <summary>The registry key of this node's <see cref="RigLocator"/>.</summary>
public sealed class RigLocatorKey;

public static class RigLocatorHostingExtensions
{
    /// <summary>Starts this node's <see cref="RigLocator"/>, which keeps <paramref name="locations"/> up to date.</summary>
    /// <summary>
    /// Keeps <paramref name="locations"/>: by a <see cref="RigLocator"/> on a cluster node; on a standalone host, where
    /// every rig runs in this process, by naming its local rigs the home of all (no locator, nothing to ask).
    /// </summary>
    public static AkkaConfigurationBuilder WithRigLocator(this AkkaConfigurationBuilder builder, RigLocations locations, bool standalone) =>
        standalone
            // A startup task: those run once every actor is started and registered, the rigs included.
            ? builder.AddStartup((_, registry) => locations.HostAllHere(registry.Get<RigRegion>()))
            : builder.WithActors((system, registry) => registry.Register<RigLocatorKey>(
                system.ActorOf(RigLocator.Props(locations, RigLocatorSettings.From(system.Settings.Config)), "rig-locator")));
}
