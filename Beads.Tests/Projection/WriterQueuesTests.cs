using System.Diagnostics;
using Beads.Actors.Domain;
using Beads.Actors.Projection;
using Beads.Protocol;
using Xunit;

namespace Beads.Tests.Projection;

public sealed class WriterQueuesTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Issue ids that the stable hash sends to writer 0, 1 and 2.</summary>
    private static readonly string[][] IdsOfWriter = [.. Enumerable.Range(0, WriterIndex.Count)
        .Select(writer => Enumerable.Range(0, 200).Select(n => $"bd-{n}").Where(id => WriterIndex.Of(id) == writer).ToArray())];

    private static ProjectedEvent Event(long sequenceNr, int writer, int issue = 0, long journaledAt = 0)
    {
        var id = IdsOfWriter[writer][issue];
        return new ProjectedEvent(sequenceNr, new IssueClaimed(id, At, "a"), null, journaledAt == 0 ? Stopwatch.GetTimestamp() : journaledAt);
    }

    private static WriterQueues Claimed(int maxBatch = 500, params long[] offsets)
    {
        var queues = new WriterQueues("r", maxBatch);
        queues.Resume(new ProjectionClaim(3, offsets.Length == 0 ? [0, 0, 0] : [.. offsets]));
        return queues;
    }

    [Fact]
    public void The_writer_of_an_issue_is_the_same_in_every_process()
    {
        // A recorded offset means something only if the next start routes the same issues to the same writer.
        Assert.Equal([1, 2, 2, 0], new[] { "bd-a1b2", "bd-c3d4", "demo-xyz.1", null }.Select(WriterIndex.Of));
    }

    [Fact]
    public void A_batch_takes_all_its_writer_has_queued_and_records_everything_routed_so_far()
    {
        var queues = Claimed();
        queues.Route(Event(1, writer: 0));
        queues.Route(Event(2, writer: 1));
        queues.Route(Event(3, writer: 0, issue: 1));

        var batch = queues.Next(0, draining: false)!;

        Assert.Equal([1L, 3L], batch.Events.Select(e => e.SequenceNr));
        Assert.Equal(3, batch.Offset);
        Assert.Equal(3, batch.Epoch);
        Assert.Null(queues.Next(0, draining: false)); // busy until this one is committed
        Assert.Equal(3, queues.Backlog);
    }

    [Fact]
    public void A_request_answer_is_queued_for_no_writer_and_only_moves_the_offsets_on()
    {
        var queues = Claimed();
        queues.Route(Event(1, writer: 0));
        queues.Route(new ProjectedEvent(2, new RequestAnswered("req", IdsOfWriter[0][0], null, At, "a"), null, Stopwatch.GetTimestamp()));

        Assert.Equal(1, queues.Backlog);
        Assert.Equal(2, queues.HighestRouted);
        var batch = queues.Next(0, draining: false)!;
        Assert.Equal([1L], batch.Events.Select(e => e.SequenceNr));
        Assert.Equal(2, batch.Offset);
    }

    [Fact]
    public void A_batch_cut_short_by_max_batch_records_only_up_to_the_event_before_the_first_left_behind()
    {
        var queues = Claimed(maxBatch: 2);
        for (var n = 1; n <= 5; n++) queues.Route(Event(n, writer: 1));

        var first = queues.Next(1, draining: false)!;
        Assert.True(queues.Committed(1, first.Number));
        var second = queues.Next(1, draining: false)!;

        Assert.Equal((2L, 2L), (first.Events.Length, first.Offset));
        Assert.Equal([3L, 4L], second.Events.Select(e => e.SequenceNr));
        Assert.Equal(4, second.Offset);
    }

    [Fact]
    public void An_answer_to_a_batch_no_longer_in_flight_is_a_repeat_and_changes_nothing()
    {
        var queues = Claimed();
        queues.Route(Event(1, writer: 2));
        var batch = queues.Next(2, draining: false)!;

        Assert.True(queues.Committed(2, batch.Number));
        Assert.False(queues.Committed(2, batch.Number));
        Assert.Equal(1, queues.Recorded(2));
        Assert.False(queues.IsDrained); // writers 0 and 1 have recorded nothing up to event 1 yet
    }

    [Fact]
    public void An_idle_writer_moves_its_offset_on_when_it_trails_far_behind_or_when_the_rig_stops()
    {
        var queues = Claimed();
        for (var n = 1; n <= 1000; n++) queues.Route(Event(n, writer: 0));
        Assert.Null(queues.Next(1, draining: false)); // 1,000 behind: not yet worth a transaction
        queues.PassOver(1001);

        var refresh = queues.Next(1, draining: false);
        Assert.NotNull(refresh);
        Assert.Empty(refresh.Events);
        Assert.Equal(1001, refresh.Offset);

        var fresh = Claimed(500, 10, 10, 10);
        fresh.PassOver(12);
        Assert.Null(fresh.Next(1, draining: false));
        Assert.Equal(12, fresh.Next(1, draining: true)!.Offset);
    }

    [Fact]
    public void No_batch_goes_out_before_the_rig_start_has_claimed_the_tables()
    {
        var queues = new WriterQueues("r", 500);
        queues.Route(Event(1, writer: 0));

        Assert.Null(queues.Next(0, draining: true));
        queues.Resume(new ProjectionClaim(1, [0, 0, 0]));
        Assert.NotNull(queues.Next(0, draining: false));
    }

    [Fact]
    public void A_lingering_writer_waits_at_most_the_batch_delay_counted_from_its_oldest_event()
    {
        var queues = Claimed(maxBatch: 3);
        var delay = TimeSpan.FromMilliseconds(50);
        queues.Route(Event(1, writer: 0, journaledAt: Stopwatch.GetTimestamp() - Stopwatch.Frequency / 100)); // 10 ms old

        var linger = queues.Linger(0, delay);
        Assert.InRange(linger, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(40));
        Assert.Equal(TimeSpan.Zero, queues.Linger(0, TimeSpan.Zero));

        queues.Route(Event(2, writer: 0, issue: 1));
        queues.Route(Event(3, writer: 0, issue: 2));
        Assert.Equal(TimeSpan.Zero, queues.Linger(0, delay)); // a full batch goes at once
    }
}
