using Akka.Actor;
using Akka.Persistence;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Persistence;

/// <summary>
/// What every snapshot store must do, after the cases of Akka's persistence TCK (SnapshotStoreSpec), run through the
/// snapshot plugin's own protocol on each store with our DDL. Each test starts with snapshots 1..5 of one rig, taken
/// a minute apart.
/// </summary>
public abstract class SnapshotStoreContractSpec(TestStore store, ITestOutputHelper output) : StoreTestKit(store, output)
{
    private const string Pid = "rig-snapshots";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly DateTime FirstTaken = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    private IActorRef Snapshots => Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);

    private static DateTime TakenAt(long sequenceNr) => FirstTaken.AddMinutes(sequenceNr - 1);

    [SkippableFact]
    public async Task Loads_nothing_for_a_persistence_id_without_snapshots()
    {
        await SaveFive();

        Assert.Null(await Load("rig-nobody", SnapshotSelectionCriteria.Latest));
    }

    [SkippableFact]
    public async Task Loads_the_latest_snapshot_with_its_metadata()
    {
        await SaveFive();

        var latest = await Load(Pid, SnapshotSelectionCriteria.Latest);

        Assert.Equal((Pid, 5L, TakenAt(5).Ticks, "snapshot-5"),
            (latest!.Metadata.PersistenceId, latest.Metadata.SequenceNr, latest.Metadata.Timestamp.Ticks, latest.Snapshot));
    }

    [SkippableTheory]
    [InlineData(3, long.MaxValue, 3)]
    [InlineData(long.MaxValue, 2, 2)]
    [InlineData(4, long.MaxValue, 4)]
    public async Task Loads_the_latest_snapshot_within_a_sequence_number_bound(long maxSequenceNr, long toSequenceNr, long expected)
    {
        await SaveFive();

        var selected = await Load(Pid, new SnapshotSelectionCriteria(maxSequenceNr), toSequenceNr);

        Assert.Equal(expected, selected!.Metadata.SequenceNr);
    }

    [SkippableFact]
    public async Task Loads_the_latest_snapshot_within_a_sequence_number_and_a_timestamp_bound()
    {
        await SaveFive();

        var selected = await Load(Pid, new SnapshotSelectionCriteria(4, TakenAt(2)));

        Assert.Equal(2, selected!.Metadata.SequenceNr);
    }

    [SkippableFact]
    public async Task Loads_nothing_when_no_snapshot_is_old_enough()
    {
        await SaveFive();

        Assert.Null(await Load(Pid, new SnapshotSelectionCriteria(long.MaxValue, FirstTaken.AddSeconds(-1))));
        Assert.Null(await Load(Pid, new SnapshotSelectionCriteria(0)));
    }

    [SkippableFact]
    public async Task Deletes_one_snapshot_named_by_its_metadata()
    {
        await SaveFive();
        var probe = CreateTestProbe();
        var fifth = new SnapshotMetadata(Pid, 5, TakenAt(5));

        Snapshots.Tell(new DeleteSnapshot(fifth), probe.Ref);

        await probe.ExpectMsgAsync<DeleteSnapshotSuccess>(Timeout);
        Assert.Equal(4, (await Load(Pid, SnapshotSelectionCriteria.Latest))!.Metadata.SequenceNr);
    }

    [SkippableFact]
    public async Task Deletes_every_snapshot_within_a_sequence_number_bound()
    {
        await SaveFive();

        await DeleteMatching(new SnapshotSelectionCriteria(3));

        Assert.Null(await Load(Pid, new SnapshotSelectionCriteria(3)));
        Assert.Equal(4, (await Load(Pid, new SnapshotSelectionCriteria(4)))!.Metadata.SequenceNr);
    }

    [SkippableFact]
    public async Task Keeps_the_snapshots_younger_than_a_deletion_timestamp_bound()
    {
        await SaveFive();

        await DeleteMatching(new SnapshotSelectionCriteria(5, TakenAt(2)));

        Assert.Null(await Load(Pid, new SnapshotSelectionCriteria(2)));
        Assert.Equal(3, (await Load(Pid, new SnapshotSelectionCriteria(3)))!.Metadata.SequenceNr);
        Assert.Equal(5, (await Load(Pid, SnapshotSelectionCriteria.Latest))!.Metadata.SequenceNr);
    }

    [SkippableFact]
    public async Task Saving_again_at_a_sequence_number_replaces_that_snapshot()
    {
        await SaveFive();

        await Save(5, "snapshot-5, taken again");

        Assert.Equal("snapshot-5, taken again", (await Load(Pid, SnapshotSelectionCriteria.Latest))!.Snapshot);
    }

    [SkippableFact]
    public async Task A_snapshot_of_a_mebibyte_round_trips()
    {
        var big = new string('s', 1 << 20);

        await Save(1, big);

        Assert.Equal(big, (await Load(Pid, SnapshotSelectionCriteria.Latest))!.Snapshot);
    }

    private async Task SaveFive()
    {
        for (var n = 1; n <= 5; n++) await Save(n, $"snapshot-{n}");
    }

    private async Task Save(long sequenceNr, object snapshot)
    {
        var probe = CreateTestProbe();
        Snapshots.Tell(new SaveSnapshot(new SnapshotMetadata(Pid, sequenceNr, TakenAt(sequenceNr)), snapshot), probe.Ref);
        Assert.Equal(sequenceNr, (await probe.ExpectMsgAsync<SaveSnapshotSuccess>(Timeout)).Metadata.SequenceNr);
    }

    private async Task<SelectedSnapshot?> Load(string pid, SnapshotSelectionCriteria criteria, long toSequenceNr = long.MaxValue)
    {
        var probe = CreateTestProbe();
        Snapshots.Tell(new LoadSnapshot(pid, criteria, toSequenceNr), probe.Ref);
        return (await probe.ExpectMsgAsync<LoadSnapshotResult>(Timeout)).Snapshot;
    }

    private async Task DeleteMatching(SnapshotSelectionCriteria criteria)
    {
        var probe = CreateTestProbe();
        Snapshots.Tell(new DeleteSnapshots(Pid, criteria), probe.Ref);
        await probe.ExpectMsgAsync<DeleteSnapshotsSuccess>(Timeout);
    }

    public sealed class OnEmbeddedStore(ITestOutputHelper output) : SnapshotStoreContractSpec(TempDatabase.Create(), output);

    public sealed class OnServerStore(ITestOutputHelper output) : SnapshotStoreContractSpec(TempServerDatabase.Create(), output);
}
