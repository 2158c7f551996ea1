using System.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Beads.Host;

/// <summary>
/// When a burst of work is over, how much of what the GC took for it should go back: a host reads a whole JSONL,
/// serialises rigs' snapshots of megabytes and answers lists during an import or a busy minute, and afterwards keeps
/// the heap's high-water mark committed (ten rigs of beads' export: 230 MB committed for 90 MB live). Pure, so that
/// the rule is tested without a GC.
/// </summary>
public static class IdleMemoryRule
{
    /// <summary>Less than this allocated in a whole check interval is a host at rest.</summary>
    public const long IdleAllocationBytes = 16L * 1024 * 1024;

    /// <summary>Committed memory beyond the live heap by less than this is not worth a full collection.</summary>
    public const long WorthTrimmingBytes = 32L * 1024 * 1024;

    /// <summary>
    /// Trim when the host allocated little since the last check (at rest, so a blocking collection delays nobody
    /// much) and the GC holds much more than the live heap; never twice without work in between.
    /// </summary>
    public static bool ShouldTrim(long allocatedSinceLastCheck, long committedBytes, long liveBytesAfterLastCollection, bool workSinceLastTrim) =>
        workSinceLastTrim
        && allocatedSinceLastCheck < IdleAllocationBytes
        && committedBytes - liveBytesAfterLastCollection > WorthTrimmingBytes;
}

/// <summary>
/// Every <see cref="Interval"/>, asks <see cref="IdleMemoryRule"/> and, when it says so, runs one aggressive, compacting
/// collection that hands the GC's unused memory back to the system (BENCHMARKS.md, "Where the host's memory goes").
/// </summary>
public sealed class IdleMemoryTrim(ILogger<IdleMemoryTrim> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Interval);
        var allocated = GC.GetTotalAllocatedBytes();
        var workSinceTrim = true;
        while (await timer.WaitForNextTickAsync(stopping))
        {
            var now = GC.GetTotalAllocatedBytes();
            var sinceLast = now - allocated;
            allocated = now;
            if (sinceLast >= IdleMemoryRule.IdleAllocationBytes) workSinceTrim = true;
            var info = GC.GetGCMemoryInfo();
            if (!IdleMemoryRule.ShouldTrim(sinceLast, info.TotalCommittedBytes, info.HeapSizeBytes, workSinceTrim)) continue;
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            workSinceTrim = false;
            allocated = GC.GetTotalAllocatedBytes();
            logger.LogDebug("idle: the GC's committed memory trimmed from {Before} to {After} bytes",
                info.TotalCommittedBytes, GC.GetGCMemoryInfo().TotalCommittedBytes);
        }
    }
}
