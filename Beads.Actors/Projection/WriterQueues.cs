using System.Collections.Immutable;
using System.Diagnostics;

namespace Beads.Actors.Projection;

/// <summary>
/// The projection coordinator's books: for each writer, the events waiting for it and the one batch it is writing; how far each has
/// recorded its offset; how far routing has got. A writer is sent its next batch only once the previous one is
/// committed, so its batches, and the offsets they record, go in journal order.
/// </summary>
public sealed class WriterQueues(string rig, int maxBatch)
{
    /// <summary>An idle writer whose offset trails routing by more than this gets an offset-only batch.</summary>
    public const long OffsetRefreshLag = 1000;

    private readonly Queue<ProjectedEvent>[] _queued = [.. Enumerable.Range(0, WriterIndex.Count).Select(_ => new Queue<ProjectedEvent>())];
    private readonly ProjectionBatch?[] _inFlight = new ProjectionBatch?[WriterIndex.Count];
    private readonly long[] _recorded = new long[WriterIndex.Count];
    private long _batches;
    private long? _epoch;

    /// <summary>The highest sequence number routed or passed over: every event up to it is in a queue or written.</summary>
    public long HighestRouted { get; private set; }

    /// <summary>Events routed but not yet committed.</summary>
    public int Backlog => _queued.Sum(q => q.Count) + _inFlight.Sum(b => b?.Events.Length ?? 0);

    public bool IsDrained => Backlog == 0 && _recorded.All(offset => offset >= HighestRouted);

    public long Recorded(int writer) => _recorded[writer];

    public ProjectionBatch? InFlight(int writer) => _inFlight[writer];

    /// <summary>
    /// How much longer the writer's next batch should wait for more events, so that the oldest queued event waits
    /// <paramref name="delay"/> at most; zero when it should go now (or there is nothing to wait for).
    /// </summary>
    public TimeSpan Linger(int writer, TimeSpan delay)
    {
        var queue = _queued[writer];
        if (delay <= TimeSpan.Zero || _inFlight[writer] is not null || queue.Count == 0 || queue.Count >= maxBatch)
            return TimeSpan.Zero;
        var left = delay - Stopwatch.GetElapsedTime(queue.Peek().JournaledAt);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>
    /// Takes over from the writers of the rig's earlier starts: routing resumes where they recorded. No batch goes out
    /// before (the epoch it must carry comes with the claim).
    /// </summary>
    public void Resume(ProjectionClaim claim)
    {
        _epoch = claim.Epoch;
        claim.Offsets.CopyTo(_recorded);
        HighestRouted = Math.Max(HighestRouted, claim.Offsets.Min());
    }

    public void Route(ProjectedEvent projected)
    {
        if (projected.HasRows) _queued[WriterIndex.Of(projected)].Enqueue(projected);
        PassOver(projected.SequenceNr);
    }

    /// <summary>Notes an event that needs no writing (its writer already recorded it, or it has no rows).</summary>
    public void PassOver(long sequenceNr) => HighestRouted = Math.Max(HighestRouted, sequenceNr);

    /// <summary>
    /// The writer's next batch, now in flight, or null when it is busy or has nothing to do. With nothing queued, a
    /// batch without events moves its offset on when it trails far behind, or at all when <paramref name="draining"/>.
    /// </summary>
    public ProjectionBatch? Next(int writer, bool draining)
    {
        if (_epoch is not { } epoch || _inFlight[writer] is not null) return null;
        var queue = _queued[writer];
        if (queue.Count == 0)
        {
            var trailing = HighestRouted - _recorded[writer];
            if (trailing <= 0 || (!draining && trailing <= OffsetRefreshLag)) return null;
        }
        var events = ImmutableArray.CreateBuilder<ProjectedEvent>(Math.Min(queue.Count, maxBatch));
        while (events.Count < maxBatch && queue.TryDequeue(out var projected)) events.Add(projected);
        // Everything of this writer's up to the next event still queued is in this batch or written; with the queue
        // empty, that is everything routed so far.
        var offset = queue.TryPeek(out var next) ? next.SequenceNr - 1 : HighestRouted;
        var batch = new ProjectionBatch(rig, writer, epoch, ++_batches, events.MoveToImmutable(), offset);
        _inFlight[writer] = batch;
        return batch;
    }

    /// <summary>Marks the batch committed; false for an answer to a batch that is no longer in flight (a repeat).</summary>
    public bool Committed(int writer, long batchNumber)
    {
        if (_inFlight[writer] is not { } batch || batch.Number != batchNumber) return false;
        _inFlight[writer] = null;
        _recorded[writer] = batch.Offset;
        return true;
    }
}
