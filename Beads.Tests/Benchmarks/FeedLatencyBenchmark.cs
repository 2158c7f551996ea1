using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Beads.Protocol;
using Beads.Tests.Load;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Benchmarks;

/// <summary>
/// Issue 16's feed figure: 40 writers create 1,000 issues in one rig of a two-node cluster (both nodes in this
/// process, one store), each through the node the rig runs on, while one feed follower runs on that node and one on
/// the other. For each create, the time from its acknowledgement reaching its writer to its entry reaching each
/// follower; p50 and p99 printed (goals: 50 ms on one node, 100 ms across nodes). The rig sends each change to its
/// followers as it becomes durable, beside the writer's answer, so a follower often has it first: those count as 0.
/// That every follower saw every create once, in journal order, is asserted.
/// </summary>
[Trait("Category", "Benchmark")]
[Collection(MeasuredAlone.Name)]
public sealed class FeedLatencyBenchmark(ITestOutputHelper output) : IDisposable
{
    private const int Writers = 40;
    private const int CreatesPerWriter = 25;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempDatabase _data = TempDatabase.Create();

    [Fact]
    public async Task Changes_reach_followers_on_the_rigs_node_and_on_another_soon_after_they_are_acknowledged()
    {
        using var cluster = await TwoNodes.Start(_data.Directory, "akka.loglevel = WARNING");
        var region = await cluster.First.Region();
        await region.Ask<RigInfo>(new InitRig("feedbench", "bench", "fb", "/tmp/feedbench"), Timeout);
        var (running, other) = await cluster.Placing("feedbench");
        using var near = await FollowedFeed.Start(running, "feedbench");
        using var far = await FollowedFeed.Start(other, "feedbench");

        var acknowledged = new ConcurrentDictionary<string, long>();
        var writersRegion = await running.Region();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var n = 0; n < CreatesPerWriter; n++)
            {
                var created = await writersRegion.Ask<IssueResult>(new CreateIssue("feedbench", $"agent-{writer}", $"issue {writer}.{n}"), Timeout);
                acknowledged[created.Issue.Id] = Stopwatch.GetTimestamp();
            }
        })));
        var elapsed = watch.Elapsed;
        const int total = Writers * CreatesPerWriter;
        bool AllCreated(IReadOnlyList<FollowedFeed.Arrival> seen) => seen.Count(s => s.Entry.Kind == "created") == total;
        await near.Await(AllCreated, "every create on the rig's node");
        await far.Await(AllCreated, "every create on the other node");

        var (nearLatency, nearFirst) = Latency(near.Seen, acknowledged);
        var (farLatency, farFirst) = Latency(far.Seen, acknowledged);
        Benchmark.Report(output, $"feed latency, a create's acknowledgement to a follower, {Writers} writers, {total} creates in " +
                                 $"{elapsed.TotalSeconds:0.0} s ({total / elapsed.TotalSeconds:N0}/s): on the rig's node p50 " +
                                 $"{nearLatency.P50:0.0} ms, p99 {nearLatency.P99:0.0} ms (goal 50 ms; {nearFirst} of {total} seen " +
                                 $"before their writer heard); on the other node p50 {farLatency.P50:0.0} ms, p99 {farLatency.P99:0.0} ms " +
                                 $"(goal 100 ms; {farFirst} before)");
    }

    /// <summary>Each create's lateness at the follower (0 when it came before the acknowledgement), and how many came before.</summary>
    private static (Latencies Latency, int SeenFirst) Latency(IReadOnlyList<FollowedFeed.Arrival> seen, ConcurrentDictionary<string, long> acknowledged)
    {
        var creates = seen.Where(s => s.Entry.Kind == "created").ToList();
        Assert.Equal(creates.Count, creates.Select(s => s.Entry.IssueId).Distinct().Count());
        Assert.Equal(seen.Select(s => s.Entry.Seq).Order(), seen.Select(s => s.Entry.Seq));
        var latencies = new Latencies();
        var first = 0;
        foreach (var create in creates)
        {
            var late = Stopwatch.GetElapsedTime(acknowledged[create.Entry.IssueId!], create.At);
            if (create.At < acknowledged[create.Entry.IssueId!]) first++;
            latencies.Add(late < TimeSpan.Zero ? TimeSpan.Zero : late);
        }
        return (latencies, first);
    }

    public void Dispose() => _data.Dispose();
}
