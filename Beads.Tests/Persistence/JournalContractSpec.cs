using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Persistence;

/// <summary>
/// What every journal must do, after the cases of Akka's persistence TCK (JournalSpec), run through the journal
/// plugin's own protocol on each store with our DDL. The TCK package itself is not served here.
/// </summary>
public abstract class JournalContractSpec(TestStore store, ITestOutputHelper output) : StoreTestKit(store, output)
{
    private const string Pid = "rig-contract";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private IActorRef Journal => Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null);

    [SkippableFact]
    public async Task Replays_every_event_in_order_with_its_payload_and_the_highest_sequence_number()
    {
        await WriteEach(Pid, 1, 5);

        var (events, highest) = await Replay(Pid, 1, long.MaxValue, long.MaxValue);

        Assert.Equal([1L, 2, 3, 4, 5], events.Select(e => e.SequenceNr));
        Assert.Equal(["rig-contract-1", "rig-contract-2", "rig-contract-3", "rig-contract-4", "rig-contract-5"], events.Select(e => e.Payload));
        Assert.All(events, e => Assert.Equal((Pid, false), (e.PersistenceId, e.IsDeleted)));
        Assert.Equal(5, highest);
    }

    [SkippableTheory]
    [InlineData(3, long.MaxValue, long.MaxValue, new long[] { 3, 4, 5 })]
    [InlineData(1, 3, long.MaxValue, new long[] { 1, 2, 3 })]
    [InlineData(1, long.MaxValue, 2, new long[] { 1, 2 })]
    [InlineData(2, 3, long.MaxValue, new long[] { 2, 3 })]
    [InlineData(2, 5, 2, new long[] { 2, 3 })]
    [InlineData(1, long.MaxValue, 0, new long[0])]
    [InlineData(3, 2, long.MaxValue, new long[0])]
    public async Task Replays_only_the_range_asked_for_and_still_reports_the_highest_sequence_number(
        long from, long to, long max, long[] expected)
    {
        await WriteEach(Pid, 1, 5);

        var (events, highest) = await Replay(Pid, from, to, max);

        Assert.Equal(expected, events.Select(e => e.SequenceNr));
        Assert.Equal(5, highest);
    }

    [SkippableFact]
    public async Task An_unknown_persistence_id_replays_nothing_and_has_highest_sequence_number_zero()
    {
        await WriteEach(Pid, 1, 2);

        var (events, highest) = await Replay("rig-nobody", 1, long.MaxValue, long.MaxValue);

        Assert.Empty(events);
        Assert.Equal(0, highest);
    }

    [SkippableFact]
    public async Task Deleted_events_are_never_replayed_yet_the_highest_sequence_number_stays()
    {
        await WriteEach(Pid, 1, 5);

        await Delete(Pid, upTo: 3);
        var (afterPartial, highestAfterPartial) = await Replay(Pid, 1, long.MaxValue, long.MaxValue);
        await Delete(Pid, upTo: long.MaxValue);
        var (afterAll, highestAfterAll) = await Replay(Pid, 1, long.MaxValue, long.MaxValue);

        Assert.Equal([4L, 5], afterPartial.Select(e => e.SequenceNr));
        Assert.Equal(5, highestAfterPartial);
        Assert.Empty(afterAll);
        // A persistent actor that recovers now must go on at 6, never reuse a sequence number.
        Assert.Equal(5, highestAfterAll);
    }

    [SkippableFact]
    public async Task An_atomic_write_of_several_events_is_stored_and_replayed_whole()
    {
        await WriteAtomically(Pid, 1, 3);
        await WriteEach(Pid, 4, 4);

        var (events, highest) = await Replay(Pid, 1, long.MaxValue, long.MaxValue);

        Assert.Equal([1L, 2, 3, 4], events.Select(e => e.SequenceNr));
        Assert.Equal(4, highest);
    }

    [SkippableFact]
    public async Task An_atomic_write_that_reuses_a_stored_sequence_number_fails_whole_and_changes_nothing()
    {
        await WriteEach(Pid, 1, 3);
        var probe = CreateTestProbe();

        Journal.Tell(new WriteMessages([Atomic(Pid, 3, 4, payloadPrefix: "again")], probe.Ref, actorInstanceId: 1));

        await probe.ExpectMsgAsync<WriteMessagesFailed>(Timeout);
        Assert.Equal(3, (await probe.ExpectMsgAsync<WriteMessageFailure>(Timeout)).Persistent.SequenceNr);
        Assert.Equal(4, (await probe.ExpectMsgAsync<WriteMessageFailure>(Timeout)).Persistent.SequenceNr);
        var (events, highest) = await Replay(Pid, 1, long.MaxValue, long.MaxValue);
        Assert.Equal(["rig-contract-1", "rig-contract-2", "rig-contract-3"], events.Select(e => e.Payload));
        Assert.Equal(3, highest);
    }

    [SkippableFact]
    public async Task Persistence_ids_are_kept_apart_even_when_they_differ_only_in_case()
    {
        await WriteEach("rig-a", 1, 3);
        await WriteEach("rig-A", 1, 2);
        await WriteEach("rig-b", 1, 1);

        var (lower, lowerHighest) = await Replay("rig-a", 1, long.MaxValue, long.MaxValue);
        var (upper, upperHighest) = await Replay("rig-A", 1, long.MaxValue, long.MaxValue);

        Assert.Equal(["rig-a-1", "rig-a-2", "rig-a-3"], lower.Select(e => e.Payload));
        Assert.Equal(["rig-A-1", "rig-A-2"], upper.Select(e => e.Payload));
        Assert.Equal((3, 2), (lowerHighest, upperHighest));
    }

    [SkippableFact]
    public async Task An_event_of_a_mebibyte_round_trips()
    {
        var big = new string('x', 1 << 20);
        var probe = CreateTestProbe();
        Journal.Tell(new WriteMessages([new AtomicWrite(Event(Pid, 1, big))], probe.Ref, actorInstanceId: 1));
        await probe.ExpectMsgAsync<WriteMessagesSuccessful>(Timeout);
        await probe.ExpectMsgAsync<WriteMessageSuccess>(Timeout);

        var (events, _) = await Replay(Pid, 1, long.MaxValue, long.MaxValue);

        Assert.Equal(big, Assert.Single(events).Payload);
    }

    private Persistent Event(string pid, long sequenceNr, object payload) =>
        new(payload, sequenceNr, pid, string.Empty, isDeleted: false, ActorRefs.NoSender);

    private AtomicWrite Atomic(string pid, long from, long to, string? payloadPrefix = null) =>
        new(Enumerable.Range((int)from, (int)(to - from + 1))
            .Select(n => (IPersistentRepresentation)Event(pid, n, $"{payloadPrefix ?? pid}-{n}"))
            .ToImmutableList());

    /// <summary>Events <paramref name="from"/>..<paramref name="to"/>, each in its own atomic write, as one request.</summary>
    private Task WriteEach(string pid, long from, long to) =>
        Write(pid, from, to, Enumerable.Range((int)from, (int)(to - from + 1)).Select(n => Atomic(pid, n, n)));

    private Task WriteAtomically(string pid, long from, long to) => Write(pid, from, to, [Atomic(pid, from, to)]);

    private async Task Write(string pid, long from, long to, IEnumerable<AtomicWrite> writes)
    {
        var probe = CreateTestProbe();
        Journal.Tell(new WriteMessages(writes, probe.Ref, actorInstanceId: 1));
        await probe.ExpectMsgAsync<WriteMessagesSuccessful>(Timeout);
        for (var n = from; n <= to; n++)
        {
            var written = await probe.ExpectMsgAsync<WriteMessageSuccess>(Timeout);
            Assert.Equal((pid, n), (written.Persistent.PersistenceId, written.Persistent.SequenceNr));
        }
    }

    private async Task<(List<IPersistentRepresentation> Events, long Highest)> Replay(string pid, long from, long to, long max)
    {
        var probe = CreateTestProbe();
        Journal.Tell(new ReplayMessages(from, to, max, pid, probe.Ref));
        var events = new List<IPersistentRepresentation>();
        while (true)
        {
            switch (await probe.ExpectMsgAsync<object>(Timeout))
            {
                case ReplayedMessage replayed:
                    events.Add(replayed.Persistent);
                    break;
                case RecoverySuccess done:
                    return (events, done.HighestSequenceNr);
                case var other:
                    throw new Xunit.Sdk.XunitException($"replay of {pid} answered {other}");
            }
        }
    }

    private async Task Delete(string pid, long upTo)
    {
        var probe = CreateTestProbe();
        Journal.Tell(new DeleteMessagesTo(pid, upTo, probe.Ref));
        Assert.Equal(upTo, (await probe.ExpectMsgAsync<DeleteMessagesSuccess>(Timeout)).ToSequenceNr);
    }

    public sealed class OnEmbeddedStore(ITestOutputHelper output) : JournalContractSpec(TempDatabase.Create(), output);

    public sealed class OnServerStore(ITestOutputHelper output) : JournalContractSpec(TempServerDatabase.Create(), output);
}
