using Akka.Actor;
using Beads.Protocol;

namespace Beads.Actors.Sync;

/// <summary>The flush and export figures of one rig for bd stats, gathered from its two children.</summary>
public static class SyncStatistics
{
    public static async Task<RigSyncStats> Gather(IActorRef flush, IActorRef export, RigSyncSettings settings, TimeSpan timeout)
    {
        var flushing = flush.Ask<FlushStatus>(GetSyncStatus.Instance, timeout);
        var exporting = export.Ask<ExportStatus>(GetSyncStatus.Instance, timeout);
        var (f, e) = (await flushing, await exporting);
        var lastError = new[] { (f.LastError, f.LastErrorAt), (e.LastError, e.LastErrorAt) }
            .Where(error => error.Item1 is not null)
            .OrderByDescending(error => error.Item2)
            .FirstOrDefault();
        return new RigSyncStats(settings.Mode.Name(), f.Path)
        {
            Flushes = f.Flushes,
            LastFlushMilliseconds = f.LastFlushTook?.TotalMilliseconds,
            LastFlushAt = f.LastFlushAt,
            DirtyIssues = f.DirtyIssues,
            AutoImports = f.AutoImports,
            Exports = e.Exports,
            LastExportMilliseconds = e.LastExportTook?.TotalMilliseconds,
            LastExportAt = e.LastExportAt,
            LastExportOutcome = e.LastOutcome,
            LastError = lastError.Item1,
            LastErrorAt = lastError.Item2,
        };
    }
}
