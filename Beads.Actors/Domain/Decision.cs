using System.Collections.Immutable;
using Beads.Protocol;

namespace Beads.Actors.Domain;

/// <summary>
/// What a command decided: the events to persist (none for a no-op) and how to answer once they are applied.
/// The reply is built from the state after the events, so it shows exactly what the command did.
/// </summary>
public sealed record Decision(ImmutableList<IRigEvent> Events, Func<RigState, IRigReply> Reply)
{
    public static Decision Unchanged(IRigReply reply) => new([], _ => reply);
}
