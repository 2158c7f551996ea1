using Beads.Protocol;

namespace Beads.Actors.Domain;

/// <summary>How a journal event shows in the rig's change feed: in the audit trail's words, with the issue after it.</summary>
public static class FeedEntries
{
    /// <summary>The feed entry of an event at <paramref name="seq"/> in the rig's journal; null for bookkeeping, which changes nothing.</summary>
    /// <param name="after">The rig's state with this event applied.</param>
    public static FeedEntry? Of(string rig, long seq, IRigEvent change, RigState after)
    {
        if (RigEvents.IsBookkeeping(change)) return null;
        var audit = AuditEntry.Of(change);
        var issueId = RigEvents.IssueIdOf(change);
        return new FeedEntry(rig, seq, audit.EventType, issueId, change.Actor, change.At)
        {
            OldValue = audit.OldValue,
            NewValue = audit.NewValue,
            Comment = audit.Comment,
            Issue = issueId is null ? null : after.Find(issueId),
        };
    }
}
