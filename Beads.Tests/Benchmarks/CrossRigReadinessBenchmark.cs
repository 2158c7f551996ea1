using System.Diagnostics;
using Akka.Actor;
using Beads.Protocol;
using Beads.Tests.Load;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Benchmarks;

/// <summary>
/// Issue 16's cross-rig figure (goal: ready within 1 s of the close): in a two-node cluster, 100 issues of one rig
/// each wait for an issue of another rig. One at a time, an agent waits in <c>ready --claim --wait</c> on the
/// waiting rig and the other rig's issue is closed; the time from the close's acknowledgement to the agent's claim
/// is the notice's trip (the holding rig's letter, the waiting rig's journal write, the waiter woken). Prints p50,
/// p99 and the worst; asserts each claim is the issue just unblocked.
/// </summary>
[Trait("Category", "Benchmark")]
[Collection(MeasuredAlone.Name)]
public sealed class CrossRigReadinessBenchmark(ITestOutputHelper output) : IDisposable
{
    private const int Pairs = 100;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempDatabase _data = TempDatabase.Create();

    [Fact]
    public async Task An_issue_waiting_for_another_rigs_issue_is_claimable_soon_after_that_issue_closes()
    {
        using var cluster = await TwoNodes.Start(_data.Directory, "akka.loglevel = WARNING");
        var region = await cluster.First.Region();
        await region.Ask<RigInfo>(new InitRig("xwait", "bench", "xw", "/tmp/xwait"), Timeout);
        await region.Ask<RigInfo>(new InitRig("xhold", "bench", "xh", "/tmp/xhold"), Timeout);
        var held = new List<string>();
        var waiting = new List<string>();
        for (var n = 0; n < Pairs; n++)
        {
            held.Add((await region.Ask<IssueResult>(new CreateIssue("xhold", "bench", $"held {n}"), Timeout)).Issue.Id);
            var waits = (await region.Ask<IssueResult>(new CreateIssue("xwait", "bench", $"waits {n}"), Timeout)).Issue.Id;
            waiting.Add(waits);
            await region.Ask<IssueResult>(new AddDependency("xwait", "bench", waits, ExternalReference.Of("xh", held[n])) { OtherRig = "xhold" }, Timeout);
        }
        var ready = await region.Ask<IssueSummaries>(new GetReadyWork("xwait", IssueFilter.Any), Timeout);
        Assert.Empty(ready.Issues);
        var placement = (await cluster.Placing("xwait")).Running == (await cluster.Placing("xhold")).Running
            ? "both rigs on one node"
            : "the rigs on different nodes";

        var latencies = new Latencies();
        for (var n = 0; n < Pairs; n++)
        {
            var claim = region.Ask<IRigReply>(DeliverOnce.Of(new ClaimReadyWork("xwait", "agent", new GetReadyWork("xwait", IssueFilter.Any) { Limit = 1 })
            {
                Wait = Timeout,
            }), Timeout);
            await region.Ask<IssueResult>(new CloseIssue("xhold", "bench", held[n], "done"), Timeout);
            var closed = Stopwatch.GetTimestamp();
            var claimed = Assert.IsType<IssueSummaries>(await claim);
            latencies.Add(Stopwatch.GetElapsedTime(closed));
            Assert.Equal(waiting[n], Assert.Single(claimed.Issues).Issue.Id);
        }

        Benchmark.Report(output, $"readiness across rigs ({placement}), {Pairs} issues each waiting for another rig's: from the close's " +
                                 $"acknowledgement to a waiting agent's claim p50 {latencies.P50:0.0} ms, p99 {latencies.P99:0.0} ms, " +
                                 $"worst {latencies.Percentile(100):0.0} ms (goal 1,000 ms)");
    }

    public void Dispose() => _data.Dispose();
}
