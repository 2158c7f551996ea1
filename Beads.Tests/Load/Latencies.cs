using System.Diagnostics;

namespace Beads.Tests.Load;

/// <summary>Per-operation latencies of one load run, and their percentiles.</summary>
public sealed class Latencies
{
    private readonly List<double> _milliseconds = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get { lock (_lock) return _milliseconds.Count; }
    }

    public void Add(TimeSpan elapsed)
    {
        lock (_lock) _milliseconds.Add(elapsed.TotalMilliseconds);
    }

    public void Merge(Latencies other)
    {
        List<double> theirs;
        lock (other._lock) theirs = [.. other._milliseconds];
        lock (_lock) _milliseconds.AddRange(theirs);
    }

    /// <summary>Times <paramref name="operation"/> and records it.</summary>
    public async Task Time(Func<Task> operation)
    {
        var watch = Stopwatch.StartNew();
        await operation();
        Add(watch.Elapsed);
    }

    /// <summary>The nearest-rank percentile, in milliseconds.</summary>
    public double Percentile(double percent)
    {
        lock (_lock)
        {
            if (_milliseconds.Count == 0) return 0;
            var sorted = _milliseconds.Order().ToList();
            var rank = (int)Math.Ceiling(percent / 100 * sorted.Count) - 1;
            return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
        }
    }

    public double P50 => Percentile(50);
    public double P99 => Percentile(99);
}
