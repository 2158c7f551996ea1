using System.Globalization;
using System.Text;

namespace Beads.Tests.Load;

/// <summary>
/// One table of the beads load analysis with Beads' figure beside beads' own and the ratio, printed as markdown so that
/// it can be pasted into BENCHMARKS.md. Every line is prefixed "[load]" so that a run's output can be grepped.
/// </summary>
public sealed class AnalysisTable(string title)
{
    private readonly List<string> _rows = [];

    // beadsDefault: beads' figure with its default configuration, in ms (null where the analysis has none);
    // beadsBest: its best configuration (daemon, auto-flush off).

        public AnalysisTable Row(string what, double? beadsDefault, double? beadsBest, LoadRun ours) =>
        Row(what, beadsDefault, beadsBest, ours.WallMilliseconds, ours.Latencies);

    /// <summary>For operations run one at a time: the figure compared is the median latency of one operation.</summary>
    public AnalysisTable SingleOperationRow(string what, double? beadsDefault, LoadRun ours) =>
        Row(what, beadsDefault, null, ours.Latencies.P50, ours.Latencies);

    private AnalysisTable Row(string what, double? beadsDefault, double? beadsBest, double ours, Latencies latencies)
    {
        _rows.Add($"| {what} | {Ms(beadsDefault)} | {Ms(beadsBest)} | {Ms(ours)} | {Ratio(beadsDefault, ours)} | {Ratio(beadsBest, ours)} | " +
                  $"{Ms(latencies.P50)} | {Ms(latencies.P99)} |");
        return this;
    }

    public void Print()
    {
        var text = new StringBuilder()
            .AppendLine($"[load] ### {title}")
            .AppendLine("[load] | what | beads default | beads best | Beads (wall) | faster than default | faster than best | Beads p50 per op | Beads p99 per op |")
            .AppendLine("[load] |---|---|---|---|---|---|---|---|");
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
        theirs is { } value && ours > 0 ? $"{(value / ours).ToString("0.#", CultureInfo.InvariantCulture)}x" : "—";
}
