using System.Collections.Immutable;
using Beads.Protocol;

namespace Beads.Actors.Domain;

/// <summary>
/// What a snapshot of a rig stores: the facts only; indexes are rebuilt by <see cref="RigState.Restore"/>. The issues
/// are the state's own immutable collection, not a copy, so taking a snapshot costs the rig's mailbox nothing however
/// big the rig; the snapshot store's thread walks them while it serialises.
/// </summary>
public sealed record RigSnapshot(
    string? Name,
    string Prefix,
    string HomeDirectory,
    ImmutableDictionary<string, string> Config,
    IEnumerable<Issue> Issues,
    long LastCommentNumber)
{
    public string? HomeNode { get; init; }
    public RigSyncRecorded? RecordedSync { get; init; }

    /// <summary>Null in snapshots taken before requests were remembered.</summary>
    public IEnumerable<RequestAnswered>? AnsweredRequests { get; init; }

    /// <summary>The answers remembered by idempotency key; null in snapshots from before keys.</summary>
    public IEnumerable<RequestAnswered>? KeyedRequests { get; init; }

    /// <summary>The waits across rigs (<see cref="CrossRigWaits"/>); null when there are none, and in snapshots from before them.</summary>
    public CrossRigWaits? CrossRig { get; init; }

    /// <summary>Deleted issues' ids and times (see <see cref="RigState.Deleted"/>); null in snapshots from before deletion.</summary>
    public ImmutableDictionary<string, DateTimeOffset>? Deleted { get; init; }

    /// <summary>Claims' leases by issue id; null in snapshots from before leases.</summary>
    public ImmutableDictionary<string, ClaimLease>? Leases { get; init; }
}
