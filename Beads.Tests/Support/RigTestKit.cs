using Akka.Actor;
using Akka.Configuration;
using Beads.Actors.Rigs;
using Beads.Protocol;
using Xunit.Abstractions;

namespace Beads.Tests.Support;

/// <summary>An actor system on a fresh store (embedded unless a test says otherwise), with shortcuts for talking to rigs.</summary>
public abstract class RigTestKit : StoreTestKit
{
    protected static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(60);
    protected const string Agent = "agent-1";

    protected RigTestKit(ITestOutputHelper output, string overrides = "") : this(TempDatabase.Create(), output, overrides)
    {
    }

    protected RigTestKit(TestStore store, ITestOutputHelper output, string overrides = "") : base(store, output, overrides)
    {
    }

    protected Config SystemConfig => Sys.Settings.Config;

    protected IActorRef StartRig(string rig, RigSettings? settings = null) =>
        Sys.ActorOf(RigActor.Props(rig, settings ?? RigSettings.From(SystemConfig)));

    protected static async Task<T> Ask<T>(IActorRef target, object message) where T : IRigReply
    {
        var reply = await target.Ask<IRigReply>(message, AskTimeout);
        return reply is T expected
            ? expected
            : throw new Xunit.Sdk.XunitException($"expected {typeof(T).Name} but got {reply}");
    }

    protected static Task<RigInfo> Init(IActorRef rig, string name, string prefix = "bd") =>
        Ask<RigInfo>(rig, new InitRig(name, Agent, prefix, $"/tmp/{name}"));

    protected static async Task<Issue> Create(IActorRef rig, string name, string title, string actor = Agent) =>
        (await Ask<IssueResult>(rig, new CreateIssue(name, actor, title))).Issue;

    /// <summary>
    /// <paramref name="total"/> creates sent by <paramref name="concurrency"/> clients at once, each sending its next
    /// when its last is answered; bare, or each in a <see cref="DeliverOnce"/> as the gateway sends them.
    /// </summary>
    protected static async Task CreateConcurrently(IActorRef rig, string name, int total, int concurrency, bool deliverOnce = false)
    {
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async client =>
        {
            while (Interlocked.Increment(ref next) <= total)
            {
                var create = new CreateIssue(name, $"agent-{client}", $"issue from client {client}");
                await Ask<IssueResult>(rig, deliverOnce ? DeliverOnce.Of(create) : create);
            }
        }));
    }

    /// <summary>Stops the rig the way sharding does (passivation, hand-off), and waits until it is gone.</summary>
    protected async Task Stop(IActorRef rig)
    {
        Watch(rig);
        rig.Tell(RigStop.Instance);
        await ExpectTerminatedAsync(rig, TimeSpan.FromSeconds(30));
        Unwatch(rig);
    }

    protected static async Task<IReadOnlyList<Issue>> All(IActorRef rig, string name) =>
        (await Ask<IssueSummaries>(rig, new ListIssues(name, IssueFilter.Any with { IncludeClosed = true, Ephemeral = EphemeralIssues.Include }) { Limit = 0 }))
            .Issues.Select(summary => summary.Issue).ToList();
}
