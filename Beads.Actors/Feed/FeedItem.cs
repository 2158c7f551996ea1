using Beads.Protocol;

namespace Beads.Actors.Feed;

/// <summary>What a <see cref="FeedFollower"/> hands its reader, in order.</summary>
public abstract record FeedItem;

/// <summary>One change, and the cursor that resumes right after it.</summary>
public sealed record FeedChange(FeedEntry Entry, FeedCursor Cursor) : FeedItem;

/// <summary>Every rig followed has sent what it had when the follow began: what comes next is new.</summary>
public sealed record FeedCaughtUp(FeedCursor Cursor) : FeedItem;

/// <summary>The feed cannot go on (a gap, a rig that does not exist); the last item.</summary>
public sealed record FeedFailed(Rejected Reason) : FeedItem;

/// <summary>A rig was initialised: a follower of every rig follows it too (published cluster-wide).</summary>
public sealed record RigFeedOpened(string Rig) : IFeedMessage;

/// <summary>Feed messages that cross the cluster besides the rig protocol's own.</summary>
public interface IFeedMessage;

public static class FeedTopics
{
    /// <summary>The DistributedPubSub topic on which rigs announce that they were initialised.</summary>
    public const string OpenedRigs = "beads.feed.rigs";
}
