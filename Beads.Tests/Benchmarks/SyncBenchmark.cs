using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;
using Beads.Actors.Domain;
using Beads.Actors.Jsonl;
using Beads.Actors.Sync;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Benchmarks;

/// <summary>
/// Prints what the JSONL costs a 3,000-issue rig (beads' own export, or a synthetic rig of its size): one change
/// flushed through the flush actor, and durable writes per second while whole-rig exports run back to back, against
/// the same writes without them (beads' load analysis: 8.8x slower). Figures are printed, never asserted.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class SyncBenchmark(ITestOutputHelper output) : SyncTestKit(output, "remote-sync-interval = 0")
{
    private const int Runs = 9;
    private const int Writers = 20;
    private const int WritesPerRun = 1_000;
    private const int WriteRounds = 3;

    [Fact]
    public async Task Flush_after_one_change_and_writes_while_exports_run()
    {
        var (issues, source) = Fixtures.BeadsExportOrSynthetic();
        var home = NewHome("bench");
        var state = RigState.Restore(new RigSnapshot("bench", "bd", home, ImmutableDictionary<string, string>.Empty, issues, 0));
        var flush = Sys.ActorOf(FlushActor.Props("bench", JsonlFile.In(home), state,
            RigSyncSettings.Default with { FlushDebounce = TimeSpan.FromHours(1), NoAutoImport = true }, "beads.sync-io-dispatcher",
            ActorRefs.Nobody));
        await flush.Ask<Flushed>(FlushNow.Instance, AskTimeout);

        // The file holds no wisps (beads keeps them out of it), so only an edit of another issue changes a line.
        var persistent = issues.Where(issue => !IssueFlags.IsEphemeral(issue)).ToList();
        var times = new List<double>();
        for (var run = 0; run < Runs + 2; run++)
        {
            var changed = persistent[run * 397 % persistent.Count] with { Title = $"edited in run {run}", UpdatedAt = DateTimeOffset.UtcNow };
            state = state.Apply(new IssueImported(changed, DateTimeOffset.UtcNow, "bench"));
            var watch = Stopwatch.StartNew();
            flush.Tell(new RigChanged(state, [changed.Id], AutoFlush: false));
            var flushed = await flush.Ask<Flushed>(FlushNow.Instance, AskTimeout);
            if (run >= 2) times.Add(watch.Elapsed.TotalMilliseconds);
            Assert.Equal(1, flushed.Reserialised);
        }
        Assert.Equal(Exported.Jsonl(state.Issues.Values.Where(issue => !IssueFlags.IsEphemeral(issue))), File.ReadAllBytes(JsonlIn(home)));
        Benchmark.Report(Output, $"flush after one change in a {issues.Count:N0}-issue rig ({source}), through the flush actor: " +
               $"median {Benchmark.Median(times):N1} ms (1 line re-serialised, file replaced atomically)");

        var rig = await StartRigAt("writes", NewHome("writes"));
        await Ask<ImportResult>(rig, new ImportIssues("writes", Agent, issues) { RenamePrefix = true });
        await FlushOnly(rig, "writes");
        var (without, with) = (new List<double>(), new List<double>());
        for (var round = 0; round < WriteRounds; round++)
        {
            without.Add(await WritesPerSecond(rig, exporting: false));
            with.Add(await WritesPerSecond(rig, exporting: true));
        }
        var exports = (await SyncStats(rig, "writes")).Exports;
        Benchmark.Report(Output, $"durable writes/s, {Writers} writers, {issues.Count:N0}-issue rig: median {Benchmark.Median(without):N0} without exports, " +
               $"{Benchmark.Median(with):N0} while whole-rig exports run back to back ({exports} exports); " +
               $"slowdown {Benchmark.Median(without) / Benchmark.Median(with):N2}x (beads: 8.8x)");
    }

    /// <summary>Creates per second from <see cref="Writers"/> concurrent writers, optionally with bd sync running in a loop.</summary>
    private static async Task<double> WritesPerSecond(IActorRef rig, bool exporting)
    {
        using var stop = new CancellationTokenSource();
        var exporter = exporting
            ? Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested) await Ask<SyncResult>(rig, new SyncRig("writes"));
            })
            : Task.CompletedTask;
        var next = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async writer =>
        {
            while (Interlocked.Increment(ref next) <= WritesPerRun)
                await Create(rig, "writes", $"written by {writer}", actor: $"agent-{writer}");
        }));
        var rate = WritesPerRun / watch.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await exporter;
        return rate;
    }
}
