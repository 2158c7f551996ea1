using Xunit.Abstractions;

namespace Beads.Tests.Support;

/// <summary>How benchmarks print their figures: in the test's output, and as "[benchmark]" lines in the run's log.</summary>
public static class Benchmark
{
    public static void Report(ITestOutputHelper output, string line)
    {
        output.WriteLine(line);
        Console.WriteLine($"[benchmark] {line}");
    }

    public static double Median(IEnumerable<double> values)
    {
        var ordered = values.Order().ToList();
        return ordered[ordered.Count / 2];
    }
}
