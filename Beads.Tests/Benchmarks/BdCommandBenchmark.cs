using System.Diagnostics;
using Beads.Cli.Connection;
using Beads.Protocol;
using Beads.Tests.Cli;
using Beads.Tests.Support;
using Xunit;

namespace Beads.Tests.Benchmarks;

/// <summary>
/// The CLI figures of the beads load analysis, measured with the real AOT bd against a warm host on the embedded
/// store: one show and one create from process start to exit beside bd's floor (<c>bd --version</c>, which asks the
/// host nothing), list over ~3,000 issues, 20 and 40 parallel creates, bd's peak memory. Printed as [benchmark] lines (medians over repeats), never asserted; correctness is asserted.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class BdCommandBenchmark(BdHostFixture host) : BdSpec(host)
{
    private const int Repeats = 15;

    [SkippableFact]
    public async Task Bd_show_create_list_and_parallel_creates_against_a_warm_host()
    {
        RequireBinaries();
        var project = await NewRig("bench", "bench");
        var seeded = await Seed(project);

        var shown = await Create(project, "shown");
        Assert.Contains(shown, (await Ok(project, "show", shown)).Stdout);
        var floor = await Median(Repeats, () => Ok(project, "--version"));
        var show = await Median(Repeats, () => Ok(project, "show", shown));
        var create = await Median(Repeats, () => Create(project, "timed create"));
        var listed = (await Ok(project, "list", "-n", "0", "--flat")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        var list = await Median(Repeats, () => Ok(project, "list", "-n", "0"));
        var listDefault = await Median(Repeats, () => Ok(project, "list"));
        var ready = await Median(Repeats, () => Ok(project, "ready"));
        var parallel20 = await Median(5, () => Parallel(project, 20));
        var parallel40 = await Median(5, () => Parallel(project, 40));
        var peak = await PeakKilobytes(project, "list", "-n", "0");

        Report($"bd --version (bd's floor: no request), process start to exit: median {floor:0.0} ms");
        Report($"bd show, process start to exit, warm host: median {show:0.0} ms (beads: 220 ms)");
        Report($"bd create, process start to exit, warm host: median {create:0.0} ms (beads: 200 ms)");
        Report($"bd list -n 0 over {seeded:N0} issues ({listed:N0} listed): median {list:0.0} ms (beads: 410 ms); bd list (50 shown): {listDefault:0.0} ms; bd ready: {ready:0.0} ms");
        Report($"20 parallel bd create: median {parallel20:0} ms wall (beads: 2,100 ms at best, 34,800 ms by default)");
        Report($"40 parallel bd create: median {parallel40:0} ms wall (beads: 8,600 ms at best, 46,400 ms by default)");
        Report(peak is { } kb ? $"bd peak memory (bd list -n 0 over {seeded:N0} issues): {kb / 1024.0:0.0} MB" : "bd peak memory: /usr/bin/time is missing, not measured");
    }

    /// <summary>Loads the real beads export (or 3,000 synthetic issues) into the rig through the gateway, in chunks.</summary>
    private async Task<int> Seed(string project)
    {
        var (issues, _) = Fixtures.BeadsExportOrSynthetic();
        using var client = new HostClient(HostEndpoint.Parse($"unix://{Host.Socket}"), token: null);
        var rig = Path.GetFileName(project);
        // In one import: an issue's edges may point anywhere in the set, and an import refuses an edge to nothing.
        await client.Send<ImportResult>(new ImportIssues(rig, "benchmark", [.. issues]) { RenamePrefix = true }, CancellationToken.None);
        var listed = (await Json(project, "list", "--all", "--include-infra")).AsArray().Count;
        Assert.Equal(issues.Count, listed);
        return listed;
    }

    private async Task Parallel(string project, int processes)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, processes).Select(i => Host.Run(project, ["create", $"parallel {i}", "--silent"])));
        Assert.All(results, r => Assert.Equal(0, r.ExitCode));
        Assert.Equal(processes, results.Select(r => r.Stdout.Trim()).Distinct().Count());
    }

    /// <summary>The median time, in ms, of <paramref name="repeats"/> runs after one unmeasured (page cache, the host's JIT for this path).</summary>
    private static Task<double> Median(int repeats, Func<Task> action) => Benchmark.MedianMillisecondsAsync(1, repeats, _ => action());

    private async Task<long?> PeakKilobytes(string project, params string[] args)
    {
        if (!File.Exists("/usr/bin/time")) return null;
        var report = Path.Combine(Host.Folder, "time.txt");
        var start = new ProcessStartInfo("/usr/bin/time", ["-f", "%M", "-o", report, RepositoryPaths.Bd, .. args])
        {
            WorkingDirectory = project, RedirectStandardOutput = true, UseShellExecute = false,
        };
        start.Environment["BD_HOST"] = $"unix://{Host.Socket}";
        start.Environment["BD_ACTOR"] = "benchmark";
        using var process = Process.Start(start)!;
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return long.Parse((await File.ReadAllTextAsync(report)).Trim().Split('\n')[^1]);
    }

    private static void Report(string line) => Console.WriteLine($"[benchmark] {line}");
}
