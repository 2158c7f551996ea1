using System.Collections.Concurrent;
using Akka.Actor;
using Beads.Actors.Domain;
using Beads.Actors.Rigs;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Actors;

/// <summary>
/// Readiness across rigs with real rig actors and journals, the region replaced by a post office that can lose
/// letters on purpose: an issue waiting for another rig's issue becomes ready when that one closes, also when the
/// notice is lost and the holding rig dies before sending it again, and notices stop once acknowledged.
/// </summary>
public sealed class CrossRigReadinessSpec : RigTestKit
{
    private readonly ITestOutputHelper _output;

    public CrossRigReadinessSpec(ITestOutputHelper output) : base(output) => _output = output;

    private const string Waiting = "waiting";
    private const string Holding = "holding";
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    /// <summary>Carries letters between the rigs of this test by name; loses those to a rig while told to, and counts them all.</summary>
    private sealed class PostOffice : ReceiveActor
    {
        public PostOffice(ConcurrentDictionary<string, IActorRef> rigs, ConcurrentDictionary<string, bool> lose, ConcurrentQueue<IRigMessage> carried)
        {
            Receive<IRigMessage>(letter =>
            {
                carried.Enqueue(letter);
                if (lose.GetValueOrDefault(letter.Rig)) return;
                if (rigs.TryGetValue(letter.Rig, out var rig)) rig.Tell(letter);
            });
        }
    }

    private readonly ConcurrentDictionary<string, IActorRef> _rigs = new();
    private readonly ConcurrentDictionary<string, bool> _lose = new();
    private readonly ConcurrentQueue<IRigMessage> _carried = new();
    private IActorRef? _postOffice;

    private RigSettings Settings()
    {
        _postOffice ??= Sys.ActorOf(Props.Create(() => new PostOffice(_rigs, _lose, _carried)));
        var postOffice = _postOffice;
        return RigSettings.From(SystemConfig) with { OtherRigs = _ => postOffice };
    }

    private IActorRef Rig(string name) => _rigs[name] = StartRig(name, Settings());

    private async Task<bool> IsReady(string id) =>
        (await Ask<IssueSummaries>(_rigs[Waiting], new GetReadyWork(Waiting, IssueFilter.Any))).Issues.Any(s => s.Issue.Id == id);

    private int NoticesCarried => _carried.Count(letter => letter is IssueNotice);

    private async Task<(Issue Waits, Issue Held)> AWaitAcrossRigs()
    {
        await Init(Rig(Waiting), Waiting, "wt");
        await Init(Rig(Holding), Holding, "hd");
        var held = await Create(_rigs[Holding], Holding, "the api");
        var waits = await Create(_rigs[Waiting], Waiting, "the client of the api");
        await Ask<IssueResult>(_rigs[Waiting],
            new AddDependency(Waiting, Agent, waits.Id, ExternalReference.Of("hd", held.Id)) { OtherRig = Holding });
        Assert.False(await IsReady(waits.Id));
        // The watch reached the holding rig and its first notice (open) came back and was acknowledged.
        await Poll.Until(() => _carried.OfType<NoticeReceived>().Any(), Soon, "the first notice acknowledged");
        Assert.False(await IsReady(waits.Id));
        return (waits, held);
    }

    [Fact]
    public async Task The_waiting_issue_is_ready_soon_after_the_other_rigs_issue_closes_and_not_before()
    {
        var (waits, held) = await AWaitAcrossRigs();

        await Ask<IssueResult>(_rigs[Holding], new CloseIssue(Holding, Agent, held.Id, "shipped"));
        var took = await Poll.Until(() => IsReady(waits.Id), Soon, "the waiting issue ready", TimeSpan.FromMilliseconds(10));
        _output.WriteLine($"ready {took.TotalMilliseconds:0} ms after the close was acknowledged");

        await Ask<IssueResult>(_rigs[Holding], new ReopenIssue(Holding, Agent, held.Id, "not done"));
        await Poll.Until(async () => !await IsReady(waits.Id), Soon, "the waiting issue blocked again");
    }

    [Fact]
    public async Task A_notice_lost_with_a_dying_host_is_sent_again_by_the_restarted_rig_until_it_is_acknowledged()
    {
        var (waits, held) = await AWaitAcrossRigs();

        // The close is journaled, but its notice never arrives, and the holding rig dies before it is sent again.
        _lose[Waiting] = true;
        var noticesBefore = NoticesCarried;
        await Ask<IssueResult>(_rigs[Holding], new CloseIssue(Holding, Agent, held.Id, "shipped"));
        await Poll.Until(() => NoticesCarried > noticesBefore, Soon, "the close's notice sent (and lost)");
        var dying = _rigs[Holding];
        Watch(dying);
        dying.Tell(Kill.Instance);
        ExpectTerminated(dying);
        Assert.False(await IsReady(waits.Id));

        _lose[Waiting] = false;
        Rig(Holding); // the rig starts again (on this node or another) from its journal, and owes the notice still
        await Ask<RigInfo>(_rigs[Holding], new GetRigInfo(Holding));
        await Poll.Until(() => IsReady(waits.Id), Soon, "the waiting issue ready after the holding rig's restart");

        // Acknowledged: the notices stop (the resend timer would send one a second).
        await Poll.Until(() => _carried.OfType<NoticeReceived>().Count(r => r.Number > 1) > 0, Soon, "the close's notice acknowledged");
        var settled = NoticesCarried;
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(settled, NoticesCarried);
    }

    [Fact]
    public async Task A_rig_that_gets_no_acknowledgement_sends_its_notice_again_until_it_does()
    {
        var (waits, held) = await AWaitAcrossRigs();

        _lose[Waiting] = true;
        var noticesBefore = NoticesCarried;
        await Ask<IssueResult>(_rigs[Holding], new CloseIssue(Holding, Agent, held.Id, "shipped"));
        await Poll.Until(() => NoticesCarried >= noticesBefore + 2, Soon, "the notice sent again after the first was lost");
        Assert.False(await IsReady(waits.Id));

        _lose[Waiting] = false;
        await Poll.Until(() => IsReady(waits.Id), TimeSpan.FromSeconds(30), "the waiting issue ready once a notice gets through");
    }
}
