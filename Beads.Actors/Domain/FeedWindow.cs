using System.Collections.Immutable;
using Beads.Protocol;

namespace Beads.Actors.Domain;

/// <summary>
/// The rig's latest feed entries, kept in memory so that a follower resuming from a recent position (a board that
/// reconnects, an agent's next <c>bd events tail</c>) is answered without reading the journal. It holds every entry
/// after <see cref="Floor"/>, at most <c>capacity</c> of them; older ones are read from the journal (FeedHistory).
/// </summary>
public sealed class FeedWindow(int capacity)
{
    private readonly Queue<FeedEntry> _entries = new();

    /// <summary>Every change after this journal sequence number is held.</summary>
    public long Floor { get; private set; }

    /// <summary>The last journal sequence number seen, a change or bookkeeping.</summary>
    public long Through { get; private set; }

    /// <summary>Starts over after a snapshot at <paramref name="seq"/>: what came before it is only in the journal.</summary>
    public void StartAt(long seq)
    {
        _entries.Clear();
        Floor = Through = seq;
    }

    /// <summary>Records the event at <paramref name="seq"/>; its entry, or null for bookkeeping.</summary>
    public FeedEntry? Saw(string rig, long seq, IRigEvent change, RigState after)
    {
        Through = seq;
        if (FeedEntries.Of(rig, seq, change, after) is not { } entry) return null;
        _entries.Enqueue(entry);
        if (_entries.Count > capacity) Floor = _entries.Dequeue().Seq;
        return entry;
    }

    /// <summary>Every entry after <paramref name="position"/>, or null when some of them are no longer held.</summary>
    public ImmutableList<FeedEntry>? After(long position) =>
        position < Floor ? null : [.. _entries.SkipWhile(entry => entry.Seq <= position)];
}
