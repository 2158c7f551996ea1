using System.Collections.Immutable;

namespace Beads.Actors.Projection;

/// <summary>
/// A rig start's hold on its rows in the tables: a new epoch, and the offsets the writers had recorded. Each batch
/// transaction first locks its writer's offset row and checks the epoch, and a claim locks all three rows to raise it;
/// so a writer of an earlier start that is still finishing a transaction either commits before the claim reads the
/// offsets (and the replay starts after its work) or finds the epoch raised and writes nothing. Two starts of a rig
/// can never interleave their writes.
/// </summary>
public sealed record ProjectionClaim(long Epoch, ImmutableArray<long> Offsets);

/// <summary>A later start of the rig has claimed its tables: this writer belongs to a start that is over.</summary>
public sealed class ProjectionFencedException(string rig, long epoch, long current)
    : Exception($"rig {rig}: a later start of this rig (epoch {current}) owns its SQL tables; this one (epoch {epoch}) writes no more");
