using Akka.Actor;
using Akka.Persistence;
using Beads.Actors.Rigs;
using Beads.Actors.Serialization;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Actors;

/// <summary>A rig on each real store: what it acknowledged survives a crash, and it recovers from its snapshots.</summary>
public abstract class RigStoreSpec(TestStore store, ITestOutputHelper output) : RigTestKit(store, output)
{
    [SkippableFact]
    public async Task A_thousand_concurrent_creates_give_a_thousand_distinct_ids_that_survive_a_crash()
    {
        var rig = StartRig("busy");
        await Init(rig, "busy");

        var created = await Task.WhenAll(Enumerable.Range(0, 1000)
            .Select(i => Create(rig, "busy", $"issue {i}", actor: $"agent-{i % 40}")));

        var ids = created.Select(issue => issue.Id).ToHashSet();
        Assert.Equal(1000, ids.Count);
        Assert.Equal(ids, (await All(rig, "busy")).Select(i => i.Id).ToHashSet());

        KillNow(rig);
        var reborn = StartRig("busy");
        Assert.Equal(ids, (await All(reborn, "busy")).Select(i => i.Id).ToHashSet());
    }

    [SkippableFact]
    public async Task A_rig_recovers_from_its_latest_snapshot_plus_the_events_after_it()
    {
        var settings = RigSettings.From(SystemConfig) with { SnapshotEvery = 10 };
        var rig = StartRig("snappy", settings);
        await Init(rig, "snappy");
        var created = new List<Issue>();
        for (var i = 0; i < 24; i++) created.Add(await Create(rig, "snappy", $"issue {i}"));
        await Ask<IssueResult>(rig, new CloseIssue("snappy", Agent, created[3].Id, "done"));

        // Events 1 (init) .. 26 (close): snapshots at 10 and 20, and older ones deleted once a newer one is saved.
        var snapshot = await AwaitLatestSnapshot(RigActor.PersistenceIdOf("snappy"), expectedSequenceNr: 20);
        Assert.Equal(20, snapshot.Metadata.SequenceNr);

        Watch(rig);
        Sys.Stop(rig);
        ExpectTerminated(rig);
        var recovered = await All(StartRig("snappy", settings), "snappy");

        Assert.Equal(created.Select(i => i.Id).ToHashSet(), recovered.Select(i => i.Id).ToHashSet());
        Assert.Equal("closed", recovered.Single(i => i.Id == created[3].Id).Status);
    }

    [SkippableFact]
    public async Task A_rig_stored_as_plain_json_before_compression_recovers_and_goes_on_compressed()
    {
        var settings = RigSettings.From(SystemConfig) with { SnapshotEvery = 10 };
        var description = string.Join("\n", Enumerable.Range(0, 40).Select(line => $"line {line} of a description long enough to compress"));
        // The rig as Beads wrote it before compression: its events and snapshots bound to the plain JSON serializer.
        var before = ActorSystem.Create("before", Store.LocalSetup("""
            akka.actor.serialization-bindings {
              "Beads.Actors.Domain.IRigEvent, Beads.Actors" = beads
              "Beads.Actors.Domain.RigSnapshot, Beads.Actors" = beads
            }
            """));
        var old = before.ActorOf(RigActor.Props("legacy", settings));
        await Init(old, "legacy");
        var created = new List<string>();
        for (var i = 0; i < 12; i++)
            created.Add((await Ask<IssueResult>(old, new CreateIssue("legacy", Agent, $"issue {i}") { Description = description })).Issue.Id);
        await AwaitAssertAsync(() => Assert.Equal(1, Store.Scalar("SELECT COUNT(*) FROM snapshot WHERE persistence_id = 'rig-legacy'")),
            TimeSpan.FromSeconds(10));
        await before.Terminate();
        Assert.Equal([BeadsSerializer.Id], StoredRows("journal", "identifier", "message").Select(row => row.Serializer).Distinct());
        Assert.Equal([BeadsSerializer.Id], StoredRows("snapshot", "serializer_id", "snapshot").Select(row => row.Serializer));

        var rig = StartRig("legacy", settings);
        Assert.Equal(created.ToHashSet(), (await All(rig, "legacy")).Where(i => i.Description == description).Select(i => i.Id).ToHashSet());
        created.Add((await Ask<IssueResult>(rig, new CreateIssue("legacy", Agent, "after") { Description = description })).Issue.Id);
        await Stop(rig);

        var newest = StoredRows("journal", "identifier", "message")[^1];
        Assert.Equal(CompressedStoreSerializer.Id, newest.Serializer);
        Assert.Equal(CompressedStoreSerializer.BrotliMarker, newest.Payload[0]);
        // Replayed from the first event, the old rows and the new one together.
        var replayed = await All(StartRig("legacy", settings with { RecoverFromSnapshots = false }), "legacy");
        Assert.Equal(created.ToHashSet(), replayed.Select(i => i.Id).ToHashSet());
    }

    [SkippableFact]
    public async Task A_snapshot_that_cannot_be_saved_leaves_the_older_one_and_the_rig_recovers_from_it()
    {
        var settings = RigSettings.From(SystemConfig) with { SnapshotEvery = 5 };
        var rig = StartRig("unsaved", settings);
        await Init(rig, "unsaved");
        var created = new List<string>();
        for (var i = 0; i < 4; i++) created.Add((await Create(rig, "unsaved", $"issue {i}")).Id);
        await AwaitSnapshots("unsaved", [5]);

        Store.Execute(Refused("snapshot_full", "INSERT", "snapshot"));
        for (var i = 4; i < 12; i++) created.Add((await Create(rig, "unsaved", $"issue {i}")).Id);
        KillNow(rig);

        // The snapshot at 10 failed, so the one at 5 was not deleted: recovery starts there and replays 6 to 13.
        Assert.Equal([5], SnapshotSequenceNrs("unsaved"));
        Assert.Equal(created.ToHashSet(), (await All(StartRig("unsaved", settings), "unsaved")).Select(i => i.Id).ToHashSet());
    }

    [SkippableFact]
    public async Task A_snapshot_delete_that_never_happened_leaves_a_rig_that_recovers_and_the_next_snapshot_clears_it()
    {
        var settings = RigSettings.From(SystemConfig) with { SnapshotEvery = 5 };
        var rig = StartRig("undeleted", settings);
        await Init(rig, "undeleted");
        var created = new List<string>();
        // As if the host died before or while it deleted the older snapshot (a transaction: all of it or none).
        Store.Execute(Refused("snapshot_kept", "DELETE", "snapshot"));
        for (var i = 0; i < 9; i++) created.Add((await Create(rig, "undeleted", $"issue {i}")).Id);
        await AwaitSnapshots("undeleted", [5, 10]);
        KillNow(rig);

        rig = StartRig("undeleted", settings);
        Assert.Equal(created.ToHashSet(), (await All(rig, "undeleted")).Select(i => i.Id).ToHashSet());

        Store.Execute("DROP TRIGGER snapshot_kept");
        for (var i = 9; i < 14; i++) created.Add((await Create(rig, "undeleted", $"issue {i}")).Id);
        await AwaitSnapshots("undeleted", [15]);
        await Stop(rig);
        Assert.Equal(created.ToHashSet(), (await All(StartRig("undeleted", settings), "undeleted")).Select(i => i.Id).ToHashSet());
    }

    /// <summary>The actor dies on the spot, without any chance to tidy up; a new incarnation recovers from the journal.</summary>
    private void KillNow(IActorRef rig)
    {
        Watch(rig);
        rig.Tell(Kill.Instance);
        ExpectTerminated(rig);
    }

    /// <summary>A trigger that makes every <paramref name="operation"/> on <paramref name="table"/> fail, in the store's SQL.</summary>
    private string Refused(string trigger, string operation, string table) => Store is TempDatabase
        ? $"CREATE TRIGGER {trigger} BEFORE {operation} ON {table} BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        : $"CREATE TRIGGER {trigger} BEFORE {operation} ON {table} FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test'";

    private IReadOnlyList<long> SnapshotSequenceNrs(string rig) =>
        Store.Numbers($"SELECT sequence_number FROM snapshot WHERE persistence_id = '{RigActor.PersistenceIdOf(rig)}' ORDER BY sequence_number");

    private Task AwaitSnapshots(string rig, long[] sequenceNrs) =>
        AwaitAssertAsync(() => Assert.Equal(sequenceNrs, SnapshotSequenceNrs(rig)), TimeSpan.FromSeconds(10));

    /// <summary>The rig "legacy"'s rows of a plugin table: the serializer each names and its payload, oldest first.</summary>
    private List<(int Serializer, byte[] Payload)> StoredRows(string table, string serializerColumn, string payloadColumn)
    {
        using var connection = Store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {serializerColumn}, {payloadColumn} FROM {table} WHERE persistence_id = 'rig-legacy' ORDER BY sequence_number";
        using var reader = command.ExecuteReader();
        var rows = new List<(int, byte[])>();
        while (reader.Read()) rows.Add((Convert.ToInt32(reader.GetValue(0)), (byte[])reader.GetValue(1)));
        return rows;
    }

    private async Task<SelectedSnapshot> AwaitLatestSnapshot(string persistenceId, long expectedSequenceNr)
    {
        var store = Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);
        SelectedSnapshot? latest = null;
        await AwaitAssertAsync(async () =>
        {
            var result = await store.Ask<LoadSnapshotResult>(
                new LoadSnapshot(persistenceId, SnapshotSelectionCriteria.Latest, long.MaxValue), AskTimeout);
            latest = result.Snapshot;
            Assert.Equal(expectedSequenceNr, latest?.Metadata.SequenceNr);
        }, TimeSpan.FromSeconds(10));
        return latest!;
    }

    public sealed class OnEmbeddedStore(ITestOutputHelper output) : RigStoreSpec(TempDatabase.Create(), output);

    public sealed class OnServerStore(ITestOutputHelper output) : RigStoreSpec(TempServerDatabase.Create(), output);
}
