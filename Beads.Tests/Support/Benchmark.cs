using System.Diagnostics;
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

    /// <summary>
    /// The median time, in ms, of <paramref name="runs"/> timed runs after <paramref name="warmUps"/> unmeasured ones;
    /// each run is given its number (from 0, warm-ups included).
    /// </summary>
    public static async Task<double> MedianMillisecondsAsync(int warmUps, int runs, Func<int, Task> run)
    {
        var times = new List<double>();
        for (var index = 0; index < warmUps + runs; index++)
        {
            var watch = Stopwatch.StartNew();
            await run(index);
            if (index >= warmUps) times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return Median(times);
    }

    /// <inheritdoc cref="MedianMillisecondsAsync"/>
    public static double MedianMilliseconds(int warmUps, int runs, Action<int> run) =>
        // Every run completes synchronously, so this does not block.
        MedianMillisecondsAsync(warmUps, runs, index =>
        {
            run(index);
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();
}
