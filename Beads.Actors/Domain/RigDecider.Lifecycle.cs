using System.Collections.Immutable;
using Beads.Protocol;
using static Beads.Actors.Domain.Vocabulary;

namespace Beads.Actors.Domain;

public static partial class RigDecider
{
    private const string DefaultCloseReason = "Closed";

    private static Result<Decision> Update(RigState state, UpdateIssue command, DateTimeOffset now)
    {
        var found = Existing(state, command.Id);
        if (!found.IsOk) return found.Error!;
        var issue = found.Value;
        if (Unmet(state, issue, command.Expected) is { } unmet) return unmet;
        var events = ImmutableList.CreateBuilder<IRigEvent>();

        var changes = ImmutableList.CreateBuilder<FieldChange>();
        foreach (var (field, text) in command.Fields.Where(f => f.Key != "status").OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var value = IssueFields.Normalize(state, field, text);
            if (!value.IsOk) return value.Error!;
            var old = IssueFields.Get(issue, field);
            if (old != value.Value) changes.Add(new FieldChange(field, old, value.Value));
        }
        if (!command.SetMetadata.IsEmpty || !command.UnsetMetadata.IsEmpty)
        {
            if (command.Fields.ContainsKey("metadata"))
                return IssueValidation.Invalid("give --metadata or --set-metadata/--unset-metadata, not both");
            var merged = MetadataKeys.Merge(issue.Metadata, command.SetMetadata, command.UnsetMetadata);
            if (!merged.IsOk) return merged.Error!;
            var old = IssueFields.Get(issue, "metadata");
            if (old != merged.Value) changes.Add(new FieldChange("metadata", old, merged.Value));
        }
        if (!string.IsNullOrEmpty(command.AppendNotes))
        {
            var notes = changes.LastOrDefault(c => c.Field == "notes")?.New ?? issue.Notes;
            changes.RemoveAll(c => c.Field == "notes");
            changes.Add(new FieldChange("notes", issue.Notes,
                string.IsNullOrEmpty(notes) ? command.AppendNotes : $"{notes}\n{command.AppendNotes}"));
        }
        if (changes.Count > 0) events.Add(new IssueUpdated(issue.Id, changes.ToImmutable(), now, command.Actor));

        if (command.Fields.TryGetValue("status", out var statusText))
        {
            var status = IssueValidation.Status(state, statusText);
            if (!status.IsOk) return status.Error!;
            var moves = StatusMove(state, issue, status.Value, new Closing(null, Force: false, command.Session), command.Actor, now);
            if (!moves.IsOk) return moves.Error!;
            events.AddRange(moves.Value);
        }

        var labels = LabelEvents(issue, command, now);
        if (!labels.IsOk) return labels.Error!;
        events.AddRange(labels.Value);
        if (command.Parent is { } parent)
        {
            var reparented = Reparent(state, issue, parent.Trim(), command.Actor, now);
            if (!reparented.IsOk) return reparented.Error!;
            events.AddRange(reparented.Value);
        }
        return Decided(events, issue.Id);
    }

    /// <summary>
    /// beads' <c>update --parent</c>: the issue's parent-child edge now leads to <paramref name="parent"/> (checked as
    /// any new edge is, against the rig without the old one), or, when it is empty, there is none.
    /// </summary>
    private static Result<ImmutableList<IRigEvent>> Reparent(RigState state, Issue issue, string parent, string actor, DateTimeOffset now)
    {
        var events = ImmutableList.CreateBuilder<IRigEvent>();
        if (state.ParentOf(issue) is { } old)
        {
            if (parent.Length > 0 && IdResolution.Resolve(state, parent) is { IsOk: true } same && same.Value == old) return events.ToImmutable();
            var removed = new DependencyRemoved(issue.Id, old, DependencyTypes.ParentChild, now, actor);
            events.Add(removed);
            state = state.Apply(removed);
        }
        if (parent.Length == 0) return events.ToImmutable();
        var edge = NewEdge(state, issue.Id, parent, DependencyTypes.ParentChild, actor, now);
        if (!edge.IsOk) return edge.Error!;
        if (edge.Value is { } added) events.Add(added);
        return events.ToImmutable();
    }

    private static Result<ImmutableList<IRigEvent>> LabelEvents(Issue issue, UpdateIssue command, DateTimeOffset now)
    {
        var wanted = issue.Labels;
        var requested = command.SetLabels is { } set ? set : wanted.AddRange(command.AddLabels);
        var result = ImmutableList.CreateBuilder<string>();
        foreach (var label in requested)
        {
            var checkedLabel = IssueValidation.Label(label);
            if (!checkedLabel.IsOk) return checkedLabel.Error!;
            if (!result.Contains(checkedLabel.Value)) result.Add(checkedLabel.Value);
        }
        var removed = command.RemoveLabels.Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        var final = result.Where(l => !removed.Contains(l)).ToList();
        return issue.Labels.Where(l => !final.Contains(l))
            .Select(IRigEvent (l) => new LabelRemoved(issue.Id, l, now, command.Actor))
            .Concat(final.Where(l => !issue.Labels.Contains(l))
                .Select(IRigEvent (l) => new LabelAdded(issue.Id, l, now, command.Actor)))
            .ToImmutableList();
    }

    /// <summary>
    /// The events that move an issue to <paramref name="status"/>: closing goes through the close rules, leaving
    /// closed is a reopen, anything else a plain status change. No events when the status is already that.
    /// </summary>
    private static Result<ImmutableList<IRigEvent>> StatusMove(
        RigState state, Issue issue, string status, Closing closing, string actor, DateTimeOffset now)
    {
        if (status == issue.Status) return ImmutableList<IRigEvent>.Empty;
        if (status == Statuses.Closed)
        {
            var refusal = CloseRefusal(state, issue, closing.Force, now);
            if (refusal is not null) return refusal;
            return ImmutableList.Create<IRigEvent>(
                new IssueClosed(issue.Id, closing.Reason ?? DefaultCloseReason, now, actor, closing.Session));
        }
        if (issue.Status == Statuses.Closed)
        {
            var reopened = ImmutableList.Create<IRigEvent>(new IssueReopened(issue.Id, closing.Reason, now, actor));
            return status == Statuses.Open
                ? reopened
                : reopened.Add(new IssueStatusChanged(issue.Id, Statuses.Open, status, now, actor));
        }
        return ImmutableList.Create<IRigEvent>(new IssueStatusChanged(issue.Id, issue.Status, status, now, actor));
    }

    /// <summary>Why an issue may not close without force: it is pinned, it is an epic with open children, or
    /// something it waits for is still open. Null when it may close.</summary>
    private static Rejected? CloseRefusal(RigState state, Issue issue, bool force, DateTimeOffset now)
    {
        if (force) return null;
        if (issue.Status == Statuses.Pinned)
            return new Rejected(ErrorCodes.NeedsForce, $"{issue.Id} is pinned: unpin it first, or close it with --force");
        if (issue.IssueType == Types.Epic)
        {
            var open = state.ChildrenOf(issue.Id).Where(c => !Readiness.IsResolved(c.Status)).Select(c => c.Id)
                .Order(StringComparer.Ordinal).ToList();
            if (open.Count > 0)
                return new Rejected(ErrorCodes.NeedsForce,
                    $"cannot close epic {issue.Id}: {open.Count} open child issue(s) ({string.Join(", ", open)}); close them first, or use --force");
        }
        var blockers = new Readiness(state, now).DirectBlockersOf(issue);
        return blockers.IsEmpty
            ? null
            : new Rejected(ErrorCodes.NeedsForce,
                $"cannot close {issue.Id}: it is blocked by open issues ({string.Join(", ", blockers)}); close those first, or use --force");
    }

    private static Result<Decision> Claim(RigState state, ClaimIssue command, DateTimeOffset now)
    {
        var found = Existing(state, command.Id);
        if (!found.IsOk) return found.Error!;
        var issue = found.Value;
        var holder = issue.Assignee;
        var lease = ClaimLeases.Length(state);
        // Claiming one's own claim again renews its lease, as a heartbeat does.
        if (holder == command.Actor && issue.Status == Statuses.InProgress)
            return Decided(lease is { } again ? [new ClaimRenewed(issue.Id, now + again, now, command.Actor)] : [], issue.Id);
        if (!string.IsNullOrEmpty(holder) && holder != command.Actor)
            return new Rejected(ErrorCodes.AlreadyClaimed,
                $"{issue.Id} is already claimed by {holder}: pick other work with `bd ready`");
        if (issue.Status != Statuses.Open)
            return new Rejected(ErrorCodes.InvalidState,
                $"{issue.Id} cannot be claimed: its status is {issue.Status}, and only open issues can be claimed");
        return Decided([new IssueClaimed(issue.Id, now, command.Actor) { LeaseUntil = now + lease }], issue.Id);
    }

    /// <summary>
    /// The first ready issue nobody holds, claimed; none (an empty answer) when nothing is ready. The rig keeps a
    /// waiting request until <see cref="Claimable"/> names one.
    /// </summary>
    private static Result<Decision> ClaimReady(RigState state, ClaimReadyWork command, DateTimeOffset now)
    {
        var first = Claimable(state, command, now);
        if (!first.IsOk) return first.Error!;
        if (first.Value is not { } id) return Decision.Unchanged(new IssueSummaries([]));
        var claimed = Claim(state, new ClaimIssue(command.Rig, command.Actor, id), now);
        return claimed.IsOk ? new Decision(claimed.Value.Events, after => IssueViews.Summaries(after, [id])) : claimed.Error!;
    }

    /// <summary>The issue a <see cref="ClaimReadyWork"/> would claim now, or null when none is ready for it.</summary>
    public static Result<string?> Claimable(RigState state, ClaimReadyWork command, DateTimeOffset now)
    {
        var ready = IssueQueries.Ready(state, command.Ready with
        {
            Filter = command.Ready.Filter with { UnassignedOnly = true }, Limit = 1,
        }, now);
        return ready.IsOk ? ready.Value.FirstOrDefault()?.Id : ready.Error!;
    }

    /// <summary>The holder's heartbeat: the lease runs for the rig's whole lease length again from now.</summary>
    private static Result<Decision> Renew(RigState state, RenewClaim command, DateTimeOffset now)
    {
        var found = Existing(state, command.Id);
        if (!found.IsOk) return found.Error!;
        var issue = found.Value;
        if (issue.Status != Statuses.InProgress || issue.Assignee != command.Actor)
            return new Rejected(ErrorCodes.PreconditionFailed,
                $"{issue.Id} is not {command.Actor}'s claim any more (it is {issue.Status}, assigned to " +
                $"{(string.IsNullOrEmpty(issue.Assignee) ? "nobody" : issue.Assignee)}): its lease ran out or someone moved it; " +
                $"nothing was renewed (claim it again with `bd update {issue.Id} --claim` if it is still open)");
        var leased = (Func<RigState, IRigReply>)(after => new ClaimLeaseResult(after.Issues[issue.Id], after.Leases.GetValueOrDefault(issue.Id)?.Until));
        return ClaimLeases.Length(state) is { } length
            ? new Decision([new ClaimRenewed(issue.Id, now + length, now, command.Actor)], leased)
            : Decision.Unchanged(leased(state));
    }

    private static Result<Decision> Close(RigState state, CloseIssue command, DateTimeOffset now)
    {
        var found = Existing(state, command.Id);
        if (!found.IsOk) return found.Error!;
        if (Unmet(state, found.Value, command.Expected) is { } unmet) return unmet;
        if (Statuses.IsDone(found.Value.Status))
            return new Rejected(ErrorCodes.InvalidState, $"{found.Value.Id} is already {found.Value.Status}");
        var events = StatusMove(state, found.Value, Statuses.Closed, new Closing(Blank(command.Reason), command.Force, Blank(command.Session)),
            command.Actor, now);
        return events.IsOk ? Decided(events.Value, found.Value.Id) : events.Error!;
    }

    private static Result<Decision> Reopen(RigState state, ReopenIssue command, DateTimeOffset now)
    {
        var found = Existing(state, command.Id);
        if (!found.IsOk) return found.Error!;
        var issue = found.Value;
        if (issue.Status == Statuses.Open && issue.DeferUntil is null)
            return new Rejected(ErrorCodes.InvalidState, $"{issue.Id} is already open");
        var events = StatusMove(state, issue, Statuses.Open, new Closing(Blank(command.Reason), Force: false, null), command.Actor, now).Value;
        // A reopened issue is wanted now: a deferral would hide it from ready work again (an open issue that is only
        // deferred by date is reopened by clearing the date).
        return Decided(events.AddRange(Deferrals.DateCleared(issue, command.Actor, now)), issue.Id);
    }

    /// <summary>Why the issue is not as <paramref name="expected"/> says, or null when it is (or nothing is expected).</summary>
    private static Rejected? Unmet(RigState state, Issue issue, IssueExpectation? expected)
    {
        if (expected is null) return null;
        if (expected.Assignee is { } assignee && (issue.Assignee ?? "") != assignee)
            return new Rejected(ErrorCodes.PreconditionFailed,
                $"{issue.Id} is assigned to {(string.IsNullOrEmpty(issue.Assignee) ? "nobody" : issue.Assignee)}, not " +
                $"{(assignee.Length == 0 ? "nobody" : assignee)}: nothing was changed (someone else took it or let it go; see bd show {issue.Id})");
        // Spelled as users type it: in-progress for in_progress.
        if (expected.Status is { } typed && IssueValidation.Status(state, typed) is var status
            && issue.Status != (status.IsOk ? status.Value : typed))
            return new Rejected(ErrorCodes.PreconditionFailed,
                $"{issue.Id} is {issue.Status}, not {typed}: nothing was changed (see bd show {issue.Id})");
        return null;
    }

    /// <summary>Claims with no change for the time asked go back to open work, whoever holds them.</summary>
    private static Result<Decision> Reclaim(RigState state, ReclaimIssues command, DateTimeOffset now)
    {
        if (command.OlderThan <= TimeSpan.Zero)
            return IssueValidation.Invalid($"--older-than must be a positive time such as 30m or 2h (got {command.OlderThan})");
        var stale = state.Issues.Values
            .Where(issue => issue.Status == Statuses.InProgress && issue.UpdatedAt <= now - command.OlderThan)
            .OrderBy(issue => issue.Id, StringComparer.Ordinal).ToList();
        var ids = stale.Select(issue => issue.Id).ToList();
        if (command.DryRun) return Decision.Unchanged(IssueViews.Summaries(state, ids));
        var events = stale.SelectMany(issue => Released(issue, command.Actor, now,
            $"reclaimed: {HoldersClaim(issue)} had no change since {RfcTimestamp.Format(issue.UpdatedAt)}"));
        return new Decision([.. events], after => IssueViews.Summaries(after, ids));
    }

    /// <summary>Claims whose lease ran out, back to open work: what the rig's timer decides.</summary>
    private static Result<Decision> ReleaseExpired(RigState state, ReleaseExpiredLeases command, DateTimeOffset now)
    {
        var expired = ClaimLeases.Expired(state, now).ToList();
        var events = expired.SelectMany(claim => Released(claim.Issue, command.Actor, now,
            $"lease expired: {HoldersClaim(claim.Issue)} was not renewed by {RfcTimestamp.Format(claim.Lease.Until)}"));
        return new Decision([.. events], after => IssueViews.Summaries(after, expired.Select(claim => claim.Issue.Id)));
    }

    private static string HoldersClaim(Issue issue) =>
        string.IsNullOrEmpty(issue.Assignee) ? "the claim" : $"{issue.Assignee}'s claim";

    /// <summary>A claim let go: open again and unassigned, the status change's audit row saying why.</summary>
    private static IEnumerable<IRigEvent> Released(Issue issue, string actor, DateTimeOffset now, string why)
    {
        yield return new IssueStatusChanged(issue.Id, Statuses.InProgress, Statuses.Open, now, actor, why);
        if (!string.IsNullOrEmpty(issue.Assignee))
            yield return new IssueUpdated(issue.Id, [new FieldChange("assignee", issue.Assignee, null)], now, actor);
    }

    private static Result<Decision> Undefer(RigState state, UndeferIssue command, DateTimeOffset now)
    {
        var found = Existing(state, command.Id);
        if (!found.IsOk) return found.Error!;
        var issue = found.Value;
        if (issue.Status != Statuses.Deferred && issue.DeferUntil is null)
            return new Rejected(ErrorCodes.InvalidState, $"{issue.Id} is not deferred (status: {issue.Status})");
        return Decided(Deferrals.Undeferral(issue, command.Actor, now), issue.Id);
    }

    private static Result<Decision> ReleaseDue(RigState state, ReleaseDueDeferrals command, DateTimeOffset now)
    {
        var due = state.Issues.Values.Where(issue => Deferrals.IsDue(issue, now)).OrderBy(issue => issue.Id, StringComparer.Ordinal).ToList();
        return new Decision([.. due.SelectMany(issue => Deferrals.Undeferral(issue, command.Actor, now))],
            after => IssueViews.Summaries(after, due.Select(issue => issue.Id)));
    }

    /// <summary>How a status move closes or reopens: the reason, whether the close rules are overridden, the closing session.</summary>
    private sealed record Closing(string? Reason, bool Force, string? Session);
}
