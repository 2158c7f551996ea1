using Akka.Actor;
using Beads.Actors.Jsonl;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Load;

/// <summary>
/// The beads load analysis, reproduced against the real rig actor on the embedded store, with a rig of ~3,000 issues
/// (beads' own export where present, the generator otherwise). The full size runs with `scripts/load.sh` (category
/// Load); a small version runs in the normal suite so that the simulation never rots. Figures are printed as
/// markdown tables ("[load]" lines), never asserted; what is asserted is that every operation succeeded.
/// </summary>
public sealed class LoadAnalysisSimulation(ITestOutputHelper output) : RigTestKit(output)
{
    private sealed record Scale(int SeedIssues, int Rounds, int SingleOperations, int ManyWriters, int Rigs);

    private static readonly Scale Full = new(SeedIssues: 3000, Rounds: 5, SingleOperations: 50, ManyWriters: 1000, Rigs: 8);
    private static readonly Scale Small = new(SeedIssues: 200, Rounds: 1, SingleOperations: 5, ManyWriters: 100, Rigs: 2);

    [Fact]
    [Trait("Category", "Load")]
    public Task The_beads_load_analysis_at_full_size() => Simulate(Full);

    [Fact]
    public Task The_beads_load_analysis_at_a_small_size() => Simulate(Small);

    private async Task Simulate(Scale scale)
    {
        var rig = await SeededRig("load", scale.SeedIssues);
        var anyId = (await Ask<IssueSummaries>(rig, new ListIssues("load", IssueFilter.Any) { Limit = 1 })).Issues[0].Issue.Id;

        new AnalysisTable("Single operations, one at a time")
            .SingleOperationRow("create", 200, await Repeat(1, scale.SingleOperations, (_, _) => CreateOne(rig, "load")))
            .SingleOperationRow("show", 220, await Repeat(1, scale.SingleOperations, (_, _) => Ask<IssueDetailsResult>(rig, new ShowIssues("load", [anyId]))))
            .SingleOperationRow("list (50 shown)", 410, await Repeat(1, scale.SingleOperations, (_, _) => ListOnce(rig, "load")))
            .Print();

        var reads = new AnalysisTable("Concurrent reads (list, 50 shown)");
        foreach (var readers in new[] { 5, 10, 20 })
            reads.Row($"{readers} parallel list", readers == 20 ? 1570 : null, null, await Rounds(scale, readers, (_, _) => ListOnce(rig, "load")));
        reads.Print();

        var writes = new AnalysisTable("Concurrent writes (create)");
        foreach (var writers in new[] { 5, 10, 20, 40 })
        {
            var (beadsDefault, beadsBest) = writers switch { 20 => (34800d, 2100d), 40 => (46400d, 8600d), _ => ((double?)null, (double?)null) };
            writes.Row($"{writers} parallel create", beadsDefault, beadsBest, await Rounds(scale, writers, (_, _) => CreateOne(rig, "load")));
        }
        writes.Print();

        var beyond = new AnalysisTable("Beyond the analysis");
        beyond.Row($"{scale.ManyWriters / 10} concurrent writers, one rig", null, null, await Rounds(scale, scale.ManyWriters / 10, (_, _) => CreateOne(rig, "load")));
        beyond.Row($"{scale.ManyWriters} concurrent writers, one rig", null, null, await Rounds(scale, scale.ManyWriters, (_, _) => CreateOne(rig, "load")));
        var rigs = await Task.WhenAll(Enumerable.Range(0, scale.Rigs).Select(i => SeededRig($"load-{i}", 0)));
        beyond.Row($"{scale.Rigs} rigs at once, 100 writers each", null, null,
            await Rounds(scale, scale.Rigs * 100, (worker, _) => CreateOne(rigs[worker % scale.Rigs], $"load-{worker % scale.Rigs}")));
        beyond.Print();
    }

    private async Task<IActorRef> SeededRig(string name, int issues)
    {
        var rig = StartRig(name);
        await Init(rig, name, prefix: name);
        if (issues == 0) return rig;
        var seed = Fixtures.FindBeadsExport() is { } path && issues >= Fixtures.BeadsExportIssueCount
            ? JsonlReader.ReadFile(path).Issues
            : SyntheticRig.Generate(issues);
        foreach (var chunk in seed.Chunk(500))
            await Ask<ImportResult>(rig, new ImportIssues(name, Agent, [.. chunk]));
        return rig;
    }

    private static Task CreateOne(IActorRef rig, string name) => Create(rig, name, "load test issue");

    private static Task ListOnce(IActorRef rig, string name) => Ask<IssueSummaries>(rig, new ListIssues(name, IssueFilter.Any));

    private static Task<LoadRun> Repeat(int workers, int operationsEach, Func<int, int, Task> operation) =>
        LoadRun.Measure(workers, operationsEach, operation);

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
