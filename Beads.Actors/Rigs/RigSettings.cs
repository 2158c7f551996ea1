using Akka.Configuration;
using Beads.Actors.Projection;

namespace Beads.Actors.Rigs;

/// <summary>How a rig actor behaves, from the <c>beads.rig</c> and <c>beads.projection</c> HOCON sections.</summary>
/// <param name="SnapshotEvery">Events between snapshots: recovery replays at most this many events after the snapshot.</param>
/// <param name="RecoverFromSnapshots">
/// Off makes recovery replay the whole journal and ignore snapshots: the way round a snapshot that cannot be read.
/// </param>
/// <param name="Clock">The time commands are stamped with; tests pass a fixed one.</param>
/// <param name="Projection">Where and how the rig's writers project its journal into the SQL tables.</param>
public sealed record RigSettings(int SnapshotEvery, bool RecoverFromSnapshots, TimeProvider Clock, ProjectionSettings Projection)
{
    public static RigSettings From(Config config) => new(
        config.GetInt("beads.rig.snapshot-every", 1000),
        config.GetBoolean("beads.rig.recover-from-snapshots", true),
        TimeProvider.System,
        ProjectionSettings.From(config));
}
