using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Beads.Actors.Domain;
using Beads.Actors.Rigs;
using Beads.Protocol;

namespace Beads.Actors.Feed;

/// <summary>A rig's changes from its journal: the entries after a position up to a floor, or why they cannot be read.</summary>
public sealed record FeedHistoryRead(string Rig, long Through, ImmutableList<FeedEntry> Entries, Rejected? Gap);

/// <summary>
/// Reads a rig's feed from further back than the rig keeps in memory: its journal from the first event, folded into
/// the rig's state as recovery would, so that each entry carries the issue as that change left it. It runs beside
/// the rig, never in its mailbox. The journal keeps every event, so any position can be read; a journal that does
/// not start at 1 (events removed by hand) is a gap, said as one.
/// </summary>
public static class FeedHistory
{
    private const string ReadJournalId = "akka.persistence.query.journal.sql";

    public static async Task<FeedHistoryRead> Read(ActorSystem system, string rig, long after, long through)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(ReadJournalId);
        var state = RigState.Empty;
        var entries = ImmutableList.CreateBuilder<FeedEntry>();
        var expected = 1L;
        Rejected? gap = null;
        await journal.CurrentEventsByPersistenceId(RigActor.PersistenceIdOf(rig), 1, through)
            .RunForeach(envelope =>
            {
                if (gap is not null) return;
                if (envelope.SequenceNr != expected)
                {
                    gap = new Rejected(ErrorCodes.FeedGap,
                        $"rig {rig}: its journal has no events {expected} to {envelope.SequenceNr - 1}, so the feed " +
                        $"cannot be read from {after}; follow from {envelope.SequenceNr - 1} to skip what is gone");
                    return;
                }
                var change = (IRigEvent)envelope.Event;
                state = state.Apply(change);
                if (envelope.SequenceNr > after && FeedEntries.Of(rig, envelope.SequenceNr, change, state) is { } entry)
                    entries.Add(entry);
                expected++;
            }, system.Materializer());
        return new FeedHistoryRead(rig, through, entries.ToImmutable(), gap);
    }
}
