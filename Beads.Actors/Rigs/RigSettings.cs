using System.Collections;
using Akka.Configuration;
using Beads.Actors.Dolt;
using Beads.Actors.Projection;
using Beads.Actors.Sync;
using Beads.Protocol;

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
    /// <summary>The sync settings every rig starts from (<c>beads.rig.sync</c>), beneath its own config.yaml.</summary>
    public SettingLayer SyncDefaults { get; init; } = SettingLayer.Empty;

    /// <summary>The host's <c>BD_*</c> variables, which win over every rig's config.yaml.</summary>
    public SettingLayer SyncEnvironment { get; init; } = SettingLayer.Empty;

    /// <summary>The Dolt side of a sync, for the store this host runs on.</summary>
    public IDoltSync Dolt { get; init; } = new NotADoltStore("no store named");

    /// <summary>This node's name: a rig whose home node has another name leaves its JSONL alone (it is not here).</summary>
    public string NodeName { get; init; } = Cluster.HomeNodes.MachineName;

    /// <summary>
    /// Folders every node reaches alike (a shared mount): a rig whose home lies under one may flush from any node,
    /// so it does not wait for its home node (<c>beads.cluster.shared-home-paths</c>).
    /// </summary>
    public IReadOnlyList<string> SharedHomePaths { get; init; } = [];

    /// <summary>
    /// How long a rig may go without a message before it asks its shard to passivate it
    /// (<c>akka.cluster.sharding.passivate-idle-entity-after</c>, on a standalone host too); null (off) in a bare actor system.
    /// </summary>
    public TimeSpan? PassivateAfter { get; init; }

    /// <summary>
    /// The largest message one node may send another (<c>akka.remote.dot-netty.tcp.maximum-frame-size</c>): answers
    /// to senders on other nodes are checked against it (<see cref="RemoteReplies"/>); null outside a cluster.
    /// </summary>
    public long? RemoteFrameSize { get; init; }

    /// <summary>
    /// How many of its latest changes a rig keeps in memory for its change feed (<c>beads.rig.feed-window</c>): a
    /// follower resuming from further back reads the journal instead.
    /// </summary>
    public int FeedWindow { get; init; } = 1000;

    /// <summary>
    /// How a rig reaches the others for readiness across rigs: null for the rig ShardRegion (every host); a test
    /// gives a stand-in that can lose letters on purpose.
    /// </summary>
    public Func<Akka.Actor.ActorSystem, Akka.Actor.IActorRef>? OtherRigs { get; init; }

    /// <summary>Where the flush and export actors run: a dispatcher whose threads may block on file and git I/O.</summary>
    public string SyncDispatcher { get; init; } = "beads.sync-io-dispatcher";

    public static RigSettings From(Config config) => From(config, Environment.GetEnvironmentVariables());

    public static RigSettings From(Config config, IDictionary environment) => new(
        config.GetInt("beads.rig.snapshot-every", 1000),
        config.GetBoolean("beads.rig.recover-from-snapshots", true),
        TimeProvider.System,
        ProjectionSettings.From(config))
    {
        NodeName = Cluster.HomeNodes.OfThisNode(config),
        // Under a shard region or a standalone host's LocalRigs, whichever answers a rig's Passivate.
        PassivateAfter = config.GetString("akka.actor.provider", "local") == "cluster" || Cluster.Standalone.In(config)
            ? config.GetTimeSpan("akka.cluster.sharding.passivate-idle-entity-after", null)
            : null,
        RemoteFrameSize = config.GetString("akka.actor.provider", "local") == "cluster"
            ? config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size")
            : null,
        FeedWindow = config.GetInt("beads.rig.feed-window", 1000),
        SharedHomePaths = [.. config.GetStringList("beads.cluster.shared-home-paths", [])],
        SyncDefaults = SettingLayers.FromHocon(config),
        SyncEnvironment = SettingLayers.FromEnvironment(environment),
    };

    /// <summary>A rig's sync settings: these defaults, then its home's config.yaml, then the environment.</summary>
    public RigSyncSettings SyncSettingsFor(string homeDirectory) =>
        RigSyncSettings.Resolve(SyncDefaults, SyncSettingsFile.Read(BeadsFolder.ConfigIn(homeDirectory)), SyncEnvironment);
}
