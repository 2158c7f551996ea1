using Akka.Actor;
using Beads.Protocol;

namespace Beads.Actors.Sync;

/// <summary>The flush, auto-import and export figures of one rig for bd stats, gathered from its sync children.</summary>
public static class SyncStatistics
{
    public static async Task<RigSyncStats> Gather(SyncChildren children, RigSyncSettings settings, TimeSpan timeout)
    {
        var flushing = children.Flush.Ask<FlushStatus>(GetSyncStatus.Instance, timeout);
        var importing = children.AutoImport.Ask<ImportStatus>(GetSyncStatus.Instance, timeout);
        var exporting = children.Export.Ask<ExportStatus>(GetSyncStatus.Instance, timeout);
        var (f, i, e) = (await flushing, await importing, await exporting);
        var lastError = new[] { (f.LastError, f.LastErrorAt), (i.LastError, i.LastErrorAt), (e.LastError, e.LastErrorAt) }
            .Where(error => error.Item1 is not null)
            .OrderByDescending(error => error.Item2)
            .FirstOrDefault();
        return new RigSyncStats(settings.Mode.Name(), f.Path)
        {
            Flushes = f.Flushes,
            LastFlushMilliseconds = f.LastFlushTook?.TotalMilliseconds,
            LastFlushAt = f.LastFlushAt,
            DirtyIssues = f.DirtyIssues,
            AutoImports = i.AutoImports,
            Exports = e.Exports,
            LastExportMilliseconds = e.LastExportTook?.TotalMilliseconds,
            LastExportAt = e.LastExportAt,
            LastExportOutcome = e.LastOutcome,
            LastError = lastError.Item1,
            LastErrorAt = lastError.Item2,
        };
    }
}

/// <summary>A rig's sync children, which start and stop together.</summary>
public sealed record SyncChildren(IActorRef Flush, IActorRef AutoImport, IActorRef Export);
