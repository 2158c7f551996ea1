using System.Globalization;
using System.Text.RegularExpressions;
using Beads.Protocol;
using static Beads.Actors.Domain.Vocabulary;

namespace Beads.Actors.Domain;

/// <summary>A claim's lease: <see cref="Holder"/> keeps the issue until <see cref="Until"/> unless they renew it.</summary>
public sealed record ClaimLease(string Holder, DateTimeOffset Until);

/// <summary>
/// Claims that end by themselves: a claim (<c>bd update --claim</c>, <c>bd ready --claim</c>) carries a lease of
/// <c>claim.lease</c> (5 minutes unless the rig says otherwise, <c>0</c> for none), which its holder renews with
/// <c>bd heartbeat</c>. A lease that runs out puts the issue back to open work, unassigned: an agent that died does not
/// strand its work in progress. The rig arms one timer for <see cref="NextExpiry"/>, as for deferrals; the times are
/// in the journal, so a restarted or moved rig arms it again.
/// A lease lasts only while its holder holds the claim: a close, a status change or another assignee ends it.
/// </summary>
public static partial class ClaimLeases
{
    public static readonly TimeSpan DefaultLength = TimeSpan.FromMinutes(5);

    /// <summary>The rig's lease length; null when leases are off (<c>claim.lease</c> is 0).</summary>
    public static TimeSpan? Length(RigState state) =>
        state.Config.GetValueOrDefault(RigConfigKeys.ClaimLease) is { } text && Parse(text) is { IsOk: true } set
            ? set.Value
            : DefaultLength;

    /// <summary>A lease length as <c>bd config set claim.lease</c> takes it: 90s, 5m, 1h, or 0 (or off) for none.</summary>
    public static Result<TimeSpan?> Parse(string text)
    {
        var trimmed = text.Trim().ToLowerInvariant();
        if (trimmed is "0" or "off" or "none") return (TimeSpan?)null;
        if (LengthPattern().Match(trimmed) is not { Success: true } match
            || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount == 0)
            return IssueValidation.Invalid(
                $"'{text}' is not a lease length for {RigConfigKeys.ClaimLease}: give seconds, minutes or hours such as 90s, 5m or 1h, or 0 to turn leases off");
        return (TimeSpan?)(match.Groups[2].Value switch
        {
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            _ => TimeSpan.FromHours(amount),
        });
    }

    [GeneratedRegex(@"^(\d{1,6})(s|m|h)$")]
    private static partial Regex LengthPattern();

    /// <summary>Whether <paramref name="issue"/> is still the claim <paramref name="lease"/> was given for.</summary>
    public static bool Covers(ClaimLease lease, Issue? issue) =>
        issue is { Status: Statuses.InProgress } && issue.Assignee == lease.Holder;

    /// <summary>The earliest time a lease runs out, or null when no claim holds one.</summary>
    public static DateTimeOffset? NextExpiry(RigState state) =>
        state.Leases.IsEmpty ? null : state.Leases.Values.Min(lease => lease.Until);

    /// <summary>The claims whose lease has run out by <paramref name="now"/>, by id.</summary>
    public static IEnumerable<(Issue Issue, ClaimLease Lease)> Expired(RigState state, DateTimeOffset now) =>
        state.Leases
            .Where(entry => entry.Value.Until <= now && state.Find(entry.Key) is { } issue && Covers(entry.Value, issue))
            .OrderBy(entry => entry.Key, StringComparer.Ordinal)
            .Select(entry => (state.Issues[entry.Key], entry.Value));

    /// <summary>
    /// The time <paramref name="change"/> gave a lease, if it gave one: the rig arms its timer sooner when that is
    /// earlier than the time it waits for.
    /// </summary>
    public static DateTimeOffset? ArmedBy(IRigEvent change) => change switch
    {
        IssueClaimed claimed => claimed.LeaseUntil,
        ClaimRenewed renewed => renewed.LeaseUntil,
        _ => null,
    };

    /// <summary>
    /// The state after <paramref name="change"/>, without the lease of an issue its holder no longer holds (closed,
    /// moved to another status, assigned to someone else, deleted, replaced by an import), and without any lease once
    /// the rig turns leases off: its claims then last until their holders let them go.
    /// </summary>
    public static RigState Kept(RigState after, IRigEvent change)
    {
        if (change is RigConfigChanged { Key: RigConfigKeys.ClaimLease } && Length(after) is null)
            return after with { Leases = after.Leases.Clear() };
        return RigEvents.IssueIdOf(change) is { } id && after.Leases.TryGetValue(id, out var lease) && !Covers(lease, after.Find(id))
            ? after with { Leases = after.Leases.Remove(id) }
            : after;
    }
}
