using System.Diagnostics;

namespace Beads.Tests.Load;

/// <summary>The wall time of a load and the latency of each operation in it.</summary>
public sealed record LoadRun(TimeSpan Wall, Latencies Latencies)
{
    public double WallMilliseconds => Wall.TotalMilliseconds;

    public double PerSecond => Latencies.Count / Wall.TotalSeconds;

    /// <summary>
    /// <paramref name="workers"/> concurrent workers, each running <paramref name="operationsEach"/> operations one
    /// after another, like that many agents each typing commands.
    /// </summary>
    public static async Task<LoadRun> Measure(int workers, int operationsEach, Func<int, int, Task> operation)
    {
        var latencies = new Latencies();
        var start = new TaskCompletionSource();
        var running = Enumerable.Range(0, workers).Select(async worker =>
        {
            await start.Task;
            for (var index = 0; index < operationsEach; index++)
                await latencies.Time(() => operation(worker, index));
        }).ToList();
        var watch = Stopwatch.StartNew();
        start.SetResult();
        await Task.WhenAll(running);
        return new LoadRun(watch.Elapsed, latencies);
    }
}
