using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Beads.Actors.Projection;

/// <summary>
/// The projection's figures as .NET metrics (meter <c>Beads.Projection</c>), for any MeterListener or OpenTelemetry
/// exporter; they cost nothing while nobody listens. The lag of an event is the time from the journal's confirmation
/// to the commit of the transaction that put it into the tables.
/// </summary>
public static class ProjectionMetrics
{
    public const string MeterName = "Beads.Projection";
    public const string LagName = "beads.projection.lag";
    public const string EventsName = "beads.projection.events";

    /// <summary>The tag that names the rig on every measurement.</summary>
    public const string RigTag = "rig";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<double> Lag = Meter.CreateHistogram<double>(LagName, "ms", "journal confirmation to committed row");
    private static readonly Counter<long> Events = Meter.CreateCounter<long>(EventsName, "{event}", "events written to the tables");

    public static void Committed(ProjectionBatch batch)
    {
        if (batch.Events.IsEmpty) return;
        var rig = new KeyValuePair<string, object?>(RigTag, batch.Rig);
        Events.Add(batch.Events.Length, rig);
        if (!Lag.Enabled) return;
        foreach (var projected in batch.Events)
            Lag.Record(Stopwatch.GetElapsedTime(projected.JournaledAt).TotalMilliseconds, rig);
    }
}
