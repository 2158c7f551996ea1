using System.Diagnostics;
using Akka.Actor;
using Beads.Actors.Rigs;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Benchmarks;

/// <summary>
/// Prints figures of the rig actor on the embedded store, in-process: durable creates per second with 100 requests in
/// flight, sent bare and sent the way the gateway sends them (in a <see cref="DeliverOnce"/>, whose answer the rig
/// journals too), and the recovery time of a rig holding 10,000 issues (from a snapshot, and by replaying every event).
/// Figures are printed, never asserted: these machines are noisy. Correctness is asserted.
/// </summary>
[Trait("Category", "Benchmark")]
[Collection(MeasuredAlone.Name)]
public sealed class RigThroughputBenchmark(ITestOutputHelper output) : RigTestKit(output)
{
    private const int Concurrency = 100;
    private const int IssuesPerRun = 10_000;
    private const int Runs = 3;

    [Fact]
    public async Task Durable_creates_per_second_with_100_concurrent_requests_and_recovery_of_10000_issues()
    {
        // A first, unmeasured rig warms up the JIT, the connection pool and the SQLite page cache.
        var warmUp = StartRig("warm-up");
        await Init(warmUp, "warm-up");
        await CreateConcurrently(warmUp, "warm-up", IssuesPerRun / 5, Concurrency);
        await Stop(warmUp);

        var rates = new List<double>();
        var onceRates = new List<double>();
        for (var run = 0; run < Runs; run++)
        {
            rates.Add(await MeasureCreates($"bench-{run}", deliverOnce: false));
            onceRates.Add(await MeasureCreates($"once-{run}", deliverOnce: true));
            Benchmark.Report(Output, $"run {run + 1}: {IssuesPerRun:N0} creates, {Concurrency} in flight: {rates[^1]:N0} creates/s, " +
                                     $"{onceRates[^1]:N0} delivered once");
        }
        Benchmark.Report(Output, $"durable creates/s, one rig, {Concurrency} concurrent, embedded SQLite: median {Benchmark.Median(rates):N0} (runs: {string.Join(", ", rates.Select(r => r.ToString("N0")))})");
        Benchmark.Report(Output, $"durable creates/s delivered once (as the gateway sends them: the answer journaled with the change): " +
                                 $"median {Benchmark.Median(onceRates):N0}, {Benchmark.Median(onceRates) / Benchmark.Median(rates):0.00}x the bare figure");

        var fromSnapshot = new List<double>();
        var fullReplay = new List<double>();
        for (var run = 0; run < Runs; run++)
        {
            fromSnapshot.Add((await TimeRecovery($"bench-{run}", RigSettings.From(SystemConfig))).TotalMilliseconds);
            fullReplay.Add((await TimeRecovery($"bench-{run}",
                RigSettings.From(SystemConfig) with { RecoverFromSnapshots = false })).TotalMilliseconds);
        }
        Benchmark.Report(Output, $"recovery of a rig with {IssuesPerRun:N0} issues: median {Benchmark.Median(fromSnapshot):N0} ms from its snapshot " +
               $"(runs: {string.Join(", ", fromSnapshot.Select(ms => ms.ToString("N0")))}), median {Benchmark.Median(fullReplay):N0} ms " +
               $"replaying all {IssuesPerRun + 1:N0} events (runs: {string.Join(", ", fullReplay.Select(ms => ms.ToString("N0")))})");
    }

    private async Task<double> MeasureCreates(string name, bool deliverOnce)
    {
        var rig = StartRig(name);
        await Init(rig, name);
        var watch = Stopwatch.StartNew();
        await CreateConcurrently(rig, name, IssuesPerRun, Concurrency, deliverOnce);
        var rate = IssuesPerRun / watch.Elapsed.TotalSeconds;
        Assert.Equal(IssuesPerRun, (await Ask<RigInfo>(rig, new GetRigInfo(name))).IssueCount);
        await Stop(rig);
        return rate;
    }

    private async Task<TimeSpan> TimeRecovery(string name, RigSettings settings)
    {
        var watch = Stopwatch.StartNew();
        var rig = StartRig(name, settings);
        var info = await Ask<RigInfo>(rig, new GetRigInfo(name));
        var elapsed = watch.Elapsed;
        Assert.Equal(IssuesPerRun, info.IssueCount);
        await Stop(rig);
        return elapsed;
    }
}
