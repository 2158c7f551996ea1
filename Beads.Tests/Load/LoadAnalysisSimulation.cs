using System.Collections;
using System.Globalization;
using Akka.Actor;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Load;

/// <summary>
/// The beads load analysis, reproduced against the real rig actors, their flush and export children and the embedded
/// store, with rigs of ~3,000 issues (beads' own export where present, the generator otherwise), beside a beads-style
/// baseline measured in the same run. The full size runs with scripts/load.sh (category Load); a small version runs
/// in the normal suite so that the simulation never rots. Figures are printed as markdown tables ("[load]" lines),
/// never asserted; what is asserted is that every operation succeeded.
/// </summary>
public sealed class LoadAnalysisSimulation(ITestOutputHelper output) : SyncTestKit(output)
{
    /// <param name="SustainedWrites">Creates per writer in the export comparison: long enough to span many exports.</param>
    private sealed record Scale(int SeedIssues, int Rounds, int SingleOperations, int ManyWriters, int Rigs, int SustainedWrites);

    private static readonly Scale Full = new(SeedIssues: 3000, Rounds: 5, SingleOperations: 50, ManyWriters: 1000, Rigs: 8, SustainedWrites: 200);
    private static readonly Scale Small = new(SeedIssues: 200, Rounds: 1, SingleOperations: 5, ManyWriters: 100, Rigs: 2, SustainedWrites: 10);

    /// <summary>Periodic exports off, so that only the scenario that asks for exports has them.</summary>
    private static readonly Hashtable Defaults = new() { ["BD_REMOTE_SYNC_INTERVAL"] = "0" };
    private static readonly Hashtable NoAutoFlush = new() { ["BD_REMOTE_SYNC_INTERVAL"] = "0", ["BD_NO_AUTO_FLUSH"] = "1" };

    [Fact]
    [Trait("Category", "Load")]
    public Task The_beads_load_analysis_at_full_size() => Simulate(Full);

    [Fact]
    public Task The_beads_load_analysis_at_a_small_size() => Simulate(Small);

    private async Task Simulate(Scale scale)
    {
        Console.WriteLine("[load] In-process: the real rig actors and store, no bd processes (scripts/stress.sh measures those). " +
                          "beads' published figures are process-level; the beads-style baseline column is the like-for-like ratio.");
        var beads = await SeededRig("beads", scale.SeedIssues, Defaults);
        var unflushed = await SeededRig("noflush", scale.SeedIssues, NoAutoFlush);
        var baselineRig = await SeededRig("baseline", scale.SeedIssues, NoAutoFlush);
        var baseline = new BeadsStyleBaseline(baselineRig, "baseline", JsonlIn(NewHome("baseline-file")));
        var anyId = (await Ask<IssueSummaries>(beads, new ListIssues("beads", IssueFilter.Any) { Limit = 1 })).Issues[0].Issue.Id;

        new AnalysisTable("Single operations, one at a time")
            .SingleOperationRow("create", 200,
                await LoadRun.Measure(1, scale.SingleOperations, (_, _) => baseline.Create("timed", Agent)),
                await LoadRun.Measure(1, scale.SingleOperations, (_, _) => CreateOne(beads, "beads")))
            .SingleOperationRow("show", 220, null,
                await LoadRun.Measure(1, scale.SingleOperations, (_, _) => Ask<IssueDetailsResult>(beads, new ShowIssues("beads", [anyId]))))
            .SingleOperationRow("list (50 shown)", 410, null,
                await LoadRun.Measure(1, scale.SingleOperations, (_, _) => ListOnce(beads, "beads")))
            .Print();

        var reads = new AnalysisTable("Concurrent reads (list, 50 shown)");
        foreach (var readers in new[] { 5, 10, 20 })
            reads.Row($"{readers} parallel list", readers == 20 ? 1570 : null, null, null, await Rounds(scale, readers, (_, _) => ListOnce(beads, "beads")));
        reads.Print();

        var writes = new AnalysisTable("Concurrent writes (create), auto-flush on (beads' and Beads' default)");
        var unflushedWrites = new AnalysisTable("Concurrent writes (create), no-auto-flush");
        foreach (var writers in new[] { 5, 10, 20, 40 })
        {
            var (beadsDefault, beadsBest) = writers switch { 20 => (34800d, 2100d), 40 => (46400d, 8600d), _ => ((double?)null, (double?)null) };
            var baselineRun = await Rounds(scale, writers, (w, _) => baseline.Create("load", $"agent-{w}"));
            writes.Row($"{writers} parallel create", beadsDefault, beadsBest, baselineRun, await Rounds(scale, writers, (_, _) => CreateOne(beads, "beads")));
            unflushedWrites.Row($"{writers} parallel create", beadsDefault, beadsBest, baselineRun, await Rounds(scale, writers, (_, _) => CreateOne(unflushed, "noflush")));
        }
        writes.Print();
        unflushedWrites.Print();

        await ReadsUnderWriters(scale, beads);

        await DuringExport(scale, beads);

        var beyond = new AnalysisTable("Beyond the analysis");
        beyond.Row($"{scale.ManyWriters / 10} concurrent writers, one rig", null, null, null, await Rounds(scale, scale.ManyWriters / 10, (_, _) => CreateOne(beads, "beads")));
        beyond.Row($"{scale.ManyWriters} concurrent writers, one rig", null, null, null, await Rounds(scale, scale.ManyWriters, (_, _) => CreateOne(beads, "beads")));
        var rigs = await Task.WhenAll(Enumerable.Range(0, scale.Rigs).Select(i => SeededRig($"many-{i}", 0, Defaults)));
        beyond.Row($"{scale.Rigs} rigs at once, 100 writers each", null, null, null,
            await Rounds(scale, scale.Rigs * 100, (worker, _) => CreateOne(rigs[worker % scale.Rigs], $"many-{worker % scale.Rigs}")));
        beyond.Print();
    }

    /// <summary>
    /// beads' export blocked its writers for 7.5 s every 30 s (8.8x slower); Beads exports from an immutable snapshot
    /// beside the mailbox. Ten writers create for a sustained stretch, once without exports and once with whole-rig
    /// exports running back to back (far more often than the 30 s default), so the ratio spans many exports.
    /// </summary>
    private async Task DuringExport(Scale scale, IActorRef rig)
    {
        var quietWrites = await LoadRun.Measure(10, scale.SustainedWrites, (_, _) => CreateOne(rig, "beads"));
        var quietReads = await Rounds(scale, 20, (_, _) => ListOnce(rig, "beads"));
        using var stop = new CancellationTokenSource();
        var exports = 0;
        var exporting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Ask<SyncResult>(rig, new SyncRig("beads"));
                exports++;
            }
        });
        var busyWrites = await LoadRun.Measure(10, scale.SustainedWrites, (_, _) => CreateOne(rig, "beads"));
        var busyReads = await Rounds(scale, 20, (_, _) => ListOnce(rig, "beads"));
        stop.Cancel();
        await exporting;

        new AnalysisTable("Writes and reads while whole-rig exports run back to back")
            .Row($"10 writers x {scale.SustainedWrites} creates, no export", null, null, null, quietWrites)
            .Row($"10 writers x {scale.SustainedWrites} creates, exports running ({exports} exports in all)", null, null, null, busyWrites)
            .Row("20 parallel list, no export", null, null, null, quietReads)
            .Row("20 parallel list, exports running", null, null, null, busyReads)
            .Print();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[load] writes while exports run: {busyWrites.WallMilliseconds / quietWrites.WallMilliseconds:0.00}x the time without (beads: 8.8x); reads p99 {busyReads.Latencies.P99:0.0} ms during exports"));
    }

    /// <summary>
    /// Reads while 40 writers create (each a quarter of the scale's sustained writes): a read must not wait behind
    /// writes (goal: p99 ≤ 10 ms). Ten readers poll every few milliseconds until the last writer is done.
    /// </summary>
    private static async Task ReadsUnderWriters(Scale scale, IActorRef rig)
    {
        var writing = LoadRun.Measure(40, scale.SustainedWrites / 4, (_, _) => CreateOne(rig, "beads"));
        var showAny = (await Ask<IssueSummaries>(rig, new ListIssues("beads", IssueFilter.Any) { Limit = 1 })).Issues[0].Issue.Id;
        var lists = new Latencies();
        var shows = new Latencies();
        var readers = Enumerable.Range(0, 10).Select(reader => Task.Run(async () =>
        {
            while (!writing.IsCompleted)
            {
                if (reader % 2 == 0) await lists.Time(() => ListOnce(rig, "beads"));
                else await shows.Time(() => Ask<IssueDetailsResult>(rig, new ShowIssues("beads", [showAny])));
                await Task.Delay(5); // an agent reads, then works on what it read: not a busy loop

            }
        })).ToList();
        var writes = await writing;
        await Task.WhenAll(readers);
        new AnalysisTable($"Reads while 40 writers create {40 * (scale.SustainedWrites / 4)} issues")
            .Row("40 writers", null, null, null, writes)
            .Row($"list (50 shown), 5 readers, {lists.Count} reads", null, null, null, new LoadRun(writes.Wall, lists))
            .Row($"show, 5 readers, {shows.Count} reads", null, null, null, new LoadRun(writes.Wall, shows))
            .Print();
    }

    private async Task<IActorRef> SeededRig(string name, int issues, Hashtable environment)
    {
        var rig = await StartRigAt(name, NewHome(name), Settings(environment));
        if (issues == 0) return rig;
        // ~3,000 issues: beads' own export where present; smaller rigs (the quick version) come from the generator.
        var seed = issues >= 3000 ? Fixtures.BeadsExportOrSynthetic().Issues : SyntheticRig.Generate(issues);
        // In one import: an issue's edges may point anywhere in the set, and an import refuses an edge to nothing.
        await Ask<ImportResult>(rig, new ImportIssues(name, Agent, [.. seed]) { RenamePrefix = true });
        return rig;
    }

    private static Task CreateOne(IActorRef rig, string name) => Create(rig, name, "load test issue");

    private static Task ListOnce(IActorRef rig, string name) => Ask<IssueSummaries>(rig, new ListIssues(name, IssueFilter.Any));

    /// <summary>The same burst several times: the median round's wall time, with every round's latencies.</summary>
    private static async Task<LoadRun> Rounds(Scale scale, int workers, Func<int, int, Task> operation)
    {
        await LoadRun.Measure(workers, 1, operation); // warm-up round, not counted
        var runs = new List<LoadRun>();
        for (var round = 0; round < scale.Rounds; round++) runs.Add(await LoadRun.Measure(workers, 1, operation));
        var all = new Latencies();
        foreach (var run in runs) all.Merge(run.Latencies);
        return new LoadRun(runs.OrderBy(r => r.Wall).ElementAt(runs.Count / 2).Wall, all);
    }
}
