using Akka;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Beads.Actors.Rigs;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Actors;

/// <summary>
/// A standalone host's rigs (<see cref="LocalRigs"/>) on the embedded store, with stand-in rigs that count their
/// starts and stop slowly: the rig region's contract without a cluster.
/// </summary>
public sealed class LocalRigsSpec(ITestOutputHelper output) : StoreTestKit(TempDatabase.Create(), output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>The starts of each stand-in rig, counted across instances.</summary>
    private readonly Dictionary<string, int> _starts = [];

    /// <summary>Told "&lt;rig&gt; stopping" whenever a stand-in rig takes its stop message.</summary>
    private Akka.TestKit.TestProbe? _stops;

    private Akka.TestKit.TestProbe Stops => _stops ??= CreateTestProbe();

    [Fact]
    public async Task A_message_starts_its_rig_and_the_next_reaches_the_same_one()
    {
        var rigs = StartRigs();
        Assert.Equal(("a", 1), await Answer(rigs, "a"));
        Assert.Equal(("a", 1), await Answer(rigs, "a"));
        Assert.Equal(("b", 1), await Answer(rigs, "b"));
        Assert.Equal(new[] { "a", "b" }, await Running(rigs));
    }

    [Fact]
    public async Task A_message_for_a_rig_that_is_passivating_waits_and_starts_it_again()
    {
        var rigs = StartRigs();
        await Answer(rigs, "a");
        rigs.Tell(new ShowIssues("a", [StandInRig.Passivate]));
        await Stops.ExpectMsgAsync("a stopping");
        // The rig took its stop message and stops slowly; this message comes meanwhile and must not be lost.
        Assert.Equal(("a", 2), await Answer(rigs, "a"));
    }

    [Fact]
    public async Task A_rig_that_stopped_by_itself_is_started_by_its_next_message()
    {
        var rigs = StartRigs();
        await Answer(rigs, "a");
        rigs.Tell(new ShowIssues("a", [StandInRig.Fail]));
        await AwaitAssertAsync(async () => Assert.Empty(await Running(rigs)), Patience);
        Assert.Equal(("a", 2), await Answer(rigs, "a"));
    }

    [Fact]
    public async Task A_rig_that_stopped_by_itself_starts_again_unasked_after_the_pause()
    {
        var rigs = StartRigs(restartPause: TimeSpan.FromMilliseconds(300));
        await Answer(rigs, "a");
        rigs.Tell(new ShowIssues("a", [StandInRig.Fail]));
        await AwaitAssertAsync(() => Assert.Equal(2, Starts("a")), Patience);
        Assert.Equal(new[] { "a" }, await Running(rigs));
    }

    [Fact]
    public async Task Stopping_all_waits_for_every_rig_and_the_next_start_brings_back_those_that_ran_but_not_the_passivated()
    {
        var rigs = StartRigs();
        await Answer(rigs, "stays");
        await Answer(rigs, "dozes");
        rigs.Tell(new ShowIssues("dozes", [StandInRig.Passivate]));
        await AwaitAssertAsync(async () => Assert.Equal(new[] { "stays" }, await Running(rigs)), Patience);

        Assert.Equal(Done.Instance, await rigs.Ask<Done>(StopAllRigs.Instance, Patience));
        Assert.Empty(await Running(rigs));
        var refused = await rigs.Ask<Rejected>(new GetRigInfo("stays"), Patience);
        Assert.Equal(ErrorCodes.RigUnavailable, refused.Code);
        Watch(rigs);
        Sys.Stop(rigs);
        await ExpectTerminatedAsync(rigs);

        var again = StartRigs();
        await AwaitAssertAsync(async () => Assert.Equal(new[] { "stays" }, await Running(again)), Patience);
        Assert.Equal(2, Starts("stays"));
        Assert.Equal(1, Starts("dozes"));
    }

    /// <param name="restartPause">Long enough by default that no test sees a rig start unasked unless it waits for it.</param>
    private IActorRef StartRigs(TimeSpan? restartPause = null) => Sys.ActorOf(LocalRigs.Props(rig =>
    {
        var start = Started(rig);
        var observer = Stops.Ref;
        return Props.Create(() => new StandInRig(rig, start, observer));
    }, restartPause ?? TimeSpan.FromMinutes(1)));

    private int Starts(string rig)
    {
        lock (_starts) return _starts.GetValueOrDefault(rig);
    }

    private int Started(string rig)
    {
        lock (_starts) return _starts[rig] = _starts.GetValueOrDefault(rig) + 1;
    }

    private static Task<(string Rig, int Start)> Answer(IActorRef rigs, string rig) =>
        rigs.Ask<(string, int)>(new GetRigInfo(rig), Patience);

    private static async Task<IReadOnlyList<string>> Running(IActorRef rigs) =>
        [.. (await rigs.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Patience)).Shards.Select(shard => shard.ShardId).Order()];

    /// <summary>
    /// Answers with its name and which start of it this is; passivates or fails when told; stops slowly, saying so to
    /// the observer when told to stop.
    /// </summary>
    private sealed class StandInRig : ReceiveActor, IWithTimers
    {
        public const string Passivate = "passivate";
        public const string Fail = "fail";

        public StandInRig(string rig, int start, IActorRef observer)
        {
            Receive<GetRigInfo>(_ => Sender.Tell((rig, start)));
            Receive<ShowIssues>(show =>
            {
                if (show.Ids.Contains(Passivate)) Context.Parent.Tell(new Passivate(RigStop.Instance));
                if (show.Ids.Contains(Fail)) Context.Stop(Self);
            });
            Receive<RigStop>(_ =>
            {
                observer.Tell($"{rig} stopping");
                Timers.StartSingleTimer(nameof(RigStop), PoisonPill.Instance, TimeSpan.FromMilliseconds(300));
            });
        }

        public ITimerScheduler Timers { get; set; } = null!;
    }
}
