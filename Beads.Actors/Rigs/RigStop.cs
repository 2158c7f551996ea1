namespace Beads.Actors.Rigs;

/// <summary>
/// Tells a rig to stop once its writes in flight are durable; sharding sends it on passivation and hand-off, where a
/// PoisonPill would drop the replies of commands still being persisted.
/// </summary>
public sealed record RigStop
{
    public static readonly RigStop Instance = new();
}
