using System.Globalization;
using System.Text;

namespace Beads.Tests.Load;

/// <summary>
/// One table of the beads load analysis: beads' published figures, the beads-style baseline measured in the same run
/// on this machine (a full JSONL rewrite after every write, before acknowledging it, as beads' default did), and
/// Beads, with the ratios and Beads' per-operation latency percentiles. Printed as markdown for BENCHMARKS.md, every
/// line prefixed "[load]".
/// </summary>
public sealed class AnalysisTable(string title)
{
    private readonly List<string> _rows = [];

    /// <param name="beadsDefault">beads' published figure with its default configuration, in ms; null where none.</param>
    /// <param name="beadsBest">its best configuration (daemon, auto-flush off), in ms.</param>
    /// <param name="baseline">the beads-style baseline in this run; null where it does not apply (reads).</param>
    public AnalysisTable Row(string what, double? beadsDefault, double? beadsBest, LoadRun? baseline, LoadRun ours) =>
        Add(what, beadsDefault, beadsBest, baseline?.WallMilliseconds, ours.WallMilliseconds, ours.Latencies);

    /// <summary>For operations run one at a time: the figures compared are median latencies of one operation.</summary>
    public AnalysisTable SingleOperationRow(string what, double? beadsDefault, LoadRun? baseline, LoadRun ours) =>
        Add(what, beadsDefault, null, baseline?.Latencies.P50, ours.Latencies.P50, ours.Latencies);

    private AnalysisTable Add(string what, double? beadsDefault, double? beadsBest, double? baseline, double ours, Latencies latencies)
    {
        _rows.Add($"| {what} | {Ms(beadsDefault)} | {Ms(beadsBest)} | {Ms(baseline)} | {Ms(ours)} | " +
                  $"{Ratio(beadsDefault, ours)} | {Ratio(baseline, ours)} | {Ms(latencies.P50)} | {Ms(latencies.P99)} |");
        return this;
    }

    public void Print()
    {
        var text = new StringBuilder()
            .AppendLine($"[load] ### {title}")
            .AppendLine("[load] | what | beads default (published) | beads best (published) | beads-style baseline (this run) | Beads | Beads vs beads default | Beads vs baseline | Beads p50 per op | Beads p99 per op |")
            .AppendLine("[load] |---|---|---|---|---|---|---|---|---|");
        foreach (var row in _rows) text.AppendLine($"[load] {row}");
        Console.Write(text.ToString());
    }

    private static string Ms(double? milliseconds) => milliseconds switch
    {
        null => "—",
        >= 1000 => $"{(milliseconds.Value / 1000).ToString("0.00", CultureInfo.InvariantCulture)} s",
        >= 10 => $"{milliseconds.Value.ToString("0", CultureInfo.InvariantCulture)} ms",
        _ => $"{milliseconds.Value.ToString("0.0", CultureInfo.InvariantCulture)} ms",
    };

    private static string Ratio(double? theirs, double ours) =>
        theirs is { } value && ours > 0 ? $"{(value / ours).ToString("0.#", CultureInfo.InvariantCulture)}x faster" : "—";
}
