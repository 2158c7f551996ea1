using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Akka.Actor;
using Beads.Actors.Projection;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Benchmarks;

/// <summary>
/// Prints durable creates per second on the server store (MariaDB here, in-process), with the SQL tables projected
/// as they go: one rig with 100 requests in flight, and eight rigs with 100 each; and the projection lag (journal
/// confirmation to committed row) at that rate. Figures are printed, never asserted: these machines are shared and
/// noisy. That the tables hold every issue is asserted.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class ProjectionThroughputBenchmark(ITestOutputHelper output) : ProjectionTestKit(TempServerDatabase.Create(), output)
{
    private const int Concurrency = 100;
    private const int IssuesPerRig = 10_000;

    [SkippableFact]
    public async Task Durable_creates_per_second_on_the_server_store_with_projection_lag()
    {
        using var lag = new LagRecorder();
        await Run("warm-up", rigs: 1, issuesPerRig: 2_000, lag);
        lag.Clear();

        var one = await Run("one", rigs: 1, IssuesPerRig, lag);
        Benchmark.Report(Output, $"durable creates/s, one rig, {Concurrency} concurrent, MariaDB: {one:N0}; projection lag {lag.Describe()}");
        lag.Clear();

        var eight = await Run("eight", rigs: 8, IssuesPerRig / 2, lag);
        Benchmark.Report(Output, $"durable creates/s, 8 rigs, {Concurrency} concurrent each, MariaDB: {eight:N0}; projection lag {lag.Describe()}");
    }

    /// <summary>Creates the issues, then waits until the tables hold them all; returns the creates per second.</summary>
    private async Task<double> Run(string name, int rigs, int issuesPerRig, LagRecorder lag)
    {
        var names = Enumerable.Range(0, rigs).Select(n => $"{name}-{n}").ToList();
        var actors = new List<IActorRef>();
        foreach (var rig in names)
        {
            actors.Add(StartRig(rig));
            await Init(actors[^1], rig, prefix: "b");
        }
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(names.Select((rig, n) => CreateConcurrently(actors[n], rig, issuesPerRig, Concurrency)));
        var rate = rigs * issuesPerRig / watch.Elapsed.TotalSeconds;
        foreach (var rig in names)
            await AwaitConditionAsync(() => Task.FromResult(Store.Scalar($"SELECT COUNT(*) FROM issues WHERE rig = '{rig}'") == issuesPerRig),
                TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(200));
        Output.WriteLine($"{name}: {rigs * issuesPerRig:N0} creates in {watch.Elapsed.TotalSeconds:0.0} s; {lag.Count:N0} lag samples");
        foreach (var actor in actors) await Stop(actor);
        return rate;
    }

    /// <summary>Collects the projection-lag measurements of this benchmark's rigs from the Beads.Projection meter.</summary>
    private sealed class LagRecorder : IDisposable
    {
        private static readonly string[] Rigs = ["warm-up-", "one-", "eight-"];
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<double> _samples = new();

        public LagRecorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ProjectionMetrics.MeterName && instrument.Name == ProjectionMetrics.LagName)
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == ProjectionMetrics.RigTag && tag.Value is string rig && Rigs.Any(rig.StartsWith))
                        _samples.Enqueue(value);
                }
            });
            _listener.Start();
        }

        public int Count => _samples.Count;

        public void Clear() => _samples.Clear();

        public string Describe()
        {
            var sorted = _samples.Order().ToList();
            double At(double quantile) => sorted[(int)Math.Min(sorted.Count - 1, quantile * sorted.Count)];
            return sorted.Count == 0 ? "not measured" : $"p50 {At(0.5):N0} ms, p99 {At(0.99):N0} ms, max {sorted[^1]:N0} ms";
        }

        public void Dispose() => _listener.Dispose();
    }
}
