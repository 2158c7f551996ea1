using System.Collections.Immutable;
using Beads.Protocol;
using static Beads.Actors.Domain.Vocabulary;

namespace Beads.Actors.Domain;

/// <summary>
/// beads' deferred issues that come back by themselves: an issue deferred until a time (<c>bd defer ID --until T</c>)
/// is open again once T has come. The rig arms one timer for <see cref="NextDue"/> and, when it fires, decides
/// <see cref="ReleaseDueDeferrals"/>; the time is in the journal, so a restarted or moved rig arms it again.
/// An open issue with a defer_until (<c>update --defer</c>) is only kept out of ready work until then, as beads does.
/// </summary>
public static class Deferrals
{
    public static bool IsPending(Issue issue) => issue.Status == Statuses.Deferred && issue.DeferUntil is not null;

    public static bool IsDue(Issue issue, DateTimeOffset now) => IsPending(issue) && issue.DeferUntil <= now;

    /// <summary>The earliest time a deferred issue is due back, or null when none waits for a time.</summary>
    public static DateTimeOffset? NextDue(RigState state) =>
        state.Issues.Values.Where(IsPending).Select(issue => issue.DeferUntil).Min();

    /// <summary>
    /// The time <paramref name="change"/> made an issue due back, if it made one (read from the state after it): the
    /// rig arms its timer sooner when that is earlier than the time it waits for.
    /// </summary>
    public static DateTimeOffset? ArmedBy(IRigEvent change, RigState after)
    {
        var id = change switch
        {
            IssueCreated created => created.Issue.Id,
            IssueImported imported => imported.Issue.Id,
            IssueUpdated updated when updated.Changes.Any(c => c.Field == "defer_until") => updated.IssueId,
            IssueStatusChanged { To: Statuses.Deferred } moved => moved.IssueId,
            _ => null,
        };
        return id is not null && after.Issues.TryGetValue(id, out var issue) && IsPending(issue) ? issue.DeferUntil : null;
    }

    /// <summary>beads' undefer: open again, its defer_until cleared.</summary>
    public static ImmutableList<IRigEvent> Undeferral(Issue issue, string actor, DateTimeOffset now)
    {
        ImmutableList<IRigEvent> opened = issue.Status == Statuses.Deferred
            ? [new IssueStatusChanged(issue.Id, Statuses.Deferred, Statuses.Open, now, actor)]
            : [];
        return opened.AddRange(DateCleared(issue, actor, now));
    }

    /// <summary>The change that clears an issue's defer_until, when it has one (an undefer, a reopen).</summary>
    public static ImmutableList<IRigEvent> DateCleared(Issue issue, string actor, DateTimeOffset now) =>
        issue.DeferUntil is null
            ? []
            : [new IssueUpdated(issue.Id, [new FieldChange("defer_until", IssueFields.Get(issue, "defer_until"), null)], now, actor)];
}
