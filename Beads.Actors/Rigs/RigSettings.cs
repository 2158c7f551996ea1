using Akka.Configuration;

namespace Beads.Actors.Rigs;

/// <summary>How a rig actor behaves, from the <c>beads.rig</c> HOCON section.</summary>
/// <param name="SnapshotEvery">Events between snapshots: recovery replays at most this many events after the snapshot.</param>
/// <param name="RecoverFromSnapshots">
/// Off makes recovery replay the whole journal and ignore snapshots: the way round a snapshot that cannot be read.
/// </param>
/// <param name="Clock">The time commands are stamped with; tests pass a fixed one.</param>
public sealed record RigSettings(int SnapshotEvery, bool RecoverFromSnapshots, TimeProvider Clock)
{
    public static readonly RigSettings Default = new(1000, true, TimeProvider.System);

    public static RigSettings From(Config config) => Default with
    {
        SnapshotEvery = config.GetInt("beads.rig.snapshot-every", Default.SnapshotEvery),
        RecoverFromSnapshots = config.GetBoolean("beads.rig.recover-from-snapshots", Default.RecoverFromSnapshots),
    };
}
