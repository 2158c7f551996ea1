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

    protected static async Task<IReadOnlyList<Issue>> All(IActorRef rig, string name) =>
        (await Ask<IssueSummaries>(rig, new ListIssues(name, IssueFilter.Any with { IncludeClosed = true }) { Limit = 0 }))
            .Issues.Select(summary => summary.Issue).ToList();
}
