using Beads.Actors.Jsonl;
using Beads.Protocol;
using Beads.Tests.Jsonl;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Benchmarks;

/// <summary>
/// Prints what writing <c>issues.jsonl</c> costs for a 3,000-issue, 2.9 MB rig (beads' own export, or the synthetic rig
/// of the same size where the fixture is absent): a full export to the file (temp file, fsync, rename), the same
/// export in memory only, and the incremental flush (one changed line re-serialised, the file rewritten from cached
/// lines). beads' load analysis measured 7.5 s for its full export. Figures are printed, never asserted; the files
/// written are checked.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class JsonlExportBenchmark(ITestOutputHelper output) : IDisposable
{
    private const int WarmUps = 2;
    private const int Runs = 9;

    private readonly DirectoryInfo _folder =
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "beads-tests", Guid.NewGuid().ToString("N")));

    private string FilePath => Path.Combine(_folder.FullName, "issues.jsonl");

    [Fact]
    public void Full_export_and_incremental_flush_of_a_3000_issue_rig()
    {
        var (issues, source) = Fixtures.BeadsExportOrSynthetic();

        // A rig's first flush: every line serialised, then the file replaced (JsonlFile.Write, as the flush child does).
        var toFile = Median(_ => new JsonlFile(FilePath).Write(Exported.Lines(issues)));
        JsonAssert.SameLines(Exported.Jsonl(issues), File.ReadAllBytes(FilePath));
        var inMemory = Median(_ => JsonlWriter.WriteLines(Exported.Lines(issues), Stream.Null));
        var size = new FileInfo(FilePath).Length;
        Benchmark.Report(output, $"full export of {issues.Count:N0} issues ({size:N0} bytes, {source}): median {toFile:N1} ms to the file " +
               $"(temp file + fsync + rename), {inMemory:N1} ms serialisation alone");

        var current = issues.ToDictionary(issue => issue.Id, StringComparer.Ordinal);
        var lines = new SortedDictionary<string, JsonlLine>(
            issues.ToDictionary(issue => issue.Id, JsonlWriter.Serialize, JsonlWriter.FileOrder), JsonlWriter.FileOrder);
        var incremental = Median(run =>
        {
            var changed = issues[run * 397 % issues.Count] with { Title = $"edited in run {run}", UpdatedAt = DateTimeOffset.UtcNow };
            current[changed.Id] = changed;
            lines[changed.Id] = JsonlWriter.Serialize(changed);
            AtomicFile.Write(FilePath, stream => JsonlWriter.WriteLines(lines.Values, stream));
        });
        Assert.Equal(Exported.Jsonl(current.Values), File.ReadAllBytes(FilePath));
        Benchmark.Report(output, $"incremental flush (1 changed line re-serialised, {issues.Count:N0} cached lines rewritten atomically): " +
               $"median {incremental:N1} ms");
    }


    /// <summary>The median time, in ms, of <see cref="Runs"/> runs after <see cref="WarmUps"/> unmeasured ones.</summary>
    private static double Median(Action<int> run) => Benchmark.MedianMilliseconds(WarmUps, Runs, run);

    public void Dispose() => _folder.Delete(recursive: true);
}
