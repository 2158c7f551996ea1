using Beads.Actors.Domain;
using Beads.Protocol;

namespace Beads.Actors.Projection;

/// <summary>
/// One journal event on its way into the SQL tables, with the issue it touched as it stood right after it (taken from
/// the rig's immutable durable state, so nothing is copied). Projecting the whole issue rather than the change makes
/// every write idempotent: writing it twice, or after a newer one was lost, still ends in the right rows.
/// </summary>
/// <param name="SequenceNr">The event's place in the rig's journal.</param>
/// <param name="Issue">The issue <paramref name="Event"/> touched, after it; null for rig-level events.</param>
/// <param name="JournaledAt">When the journal confirmed the event (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), for the projection-lag metric.</param>
public sealed record ProjectedEvent(long SequenceNr, IRigEvent Event, Issue? Issue, long JournaledAt)
{
    /// <summary>
    /// Whether the tables get anything from it: an event that only keeps the rig's books (a remembered answer, a
    /// renewed lease) is no audit record and changes no row, so no writer writes it.
    /// </summary>
    public bool HasRows => !RigEvents.IsBookkeeping(Event);

    /// <summary>Pairs an event with its issue as <paramref name="after"/> holds it.</summary>
    public static ProjectedEvent Of(long sequenceNr, IRigEvent change, RigState after, long journaledAt) =>
        new(sequenceNr, change, RigEvents.IssueIdOf(change) is { } id ? after.Find(id) : null, journaledAt);
}
