using System.Collections.Immutable;
using System.Globalization;

namespace Beads.Protocol;

/// <summary>
/// One committed change of a rig, as its change feed shows it (<c>bd events tail</c>, the gateway's event stream):
/// the rig's journal sequence number, which never goes back or repeats across restarts and moves; what happened, in
/// the audit trail's words (<see cref="Kind"/> with the value before and after and a comment); who did it and when;
/// and the issue as that change left it (null for a deleted issue or a change to the rig itself).
/// </summary>
public sealed record FeedEntry(string Rig, long Seq, string Kind, string? IssueId, string Actor, DateTimeOffset At)
{
    public string? OldValue { get; init; }
    public string? NewValue { get; init; }
    public string? Comment { get; init; }
    public Issue? Issue { get; init; }
}

/// <summary>
/// Asks a rig for its changes after journal sequence number <see cref="After"/>, and with <see cref="Follow"/> for
/// every later one as it commits, sent to the asker (the sender) until it stops. Answered with
/// <see cref="FeedDelivery"/>s, or <see cref="FeedHistoryNeeded"/> when the rig no longer holds that far back.
/// Only followers inside the cluster send it: the gateway serves the feed itself (GET /v1/feed), never this message.
/// </summary>
public sealed record FollowFeed(string Rig, long After, bool Follow) : IRigMessage;

/// <summary>
/// Every change of the rig after <see cref="After"/> up to and including <see cref="Through"/> (a journal sequence
/// number; bookkeeping entries in between have no change to show). A follower whose position is not
/// <see cref="After"/> missed a delivery, and asks again from where it is.
/// </summary>
public sealed record FeedDelivery(string Rig, long After, long Through, ImmutableList<FeedEntry> Entries) : IRigReply
{
    /// <summary>The last delivery of what the rig had when the follow began: what comes after it is new.</summary>
    public bool CaughtUp { get; init; }
}

/// <summary>The rig cannot serve this follow (not initialised, a position past its last change): said, never skipped.</summary>
public sealed record FeedRefused(string Rig, Rejected Reason) : IRigReply;

/// <summary>The rig keeps changes after <see cref="Floor"/> only: those up to it are read from its journal.</summary>
public sealed record FeedHistoryNeeded(string Rig, long Floor) : IRigReply;

/// <summary>
/// Where a reader of the feed stands: for each rig, the sequence number of the last change it has. One rig's cursor
/// is its number alone (<c>42</c>); the cursor of several is <c>rig:seq</c> pairs separated by commas
/// (<c>api:42,web:7</c>), so a reader of every rig resumes each one exactly. A rig the cursor does not name starts
/// at <see cref="Default"/>, written <c>*:seq</c> among pairs.
/// </summary>
public sealed record FeedCursor(long Default, ImmutableSortedDictionary<string, long> Rigs)
{
    private const string AnyRig = "*";

    public static readonly FeedCursor Start = new(0, ImmutableSortedDictionary<string, long>.Empty);

    public long Of(string rig) => Rigs.GetValueOrDefault(rig, Default);

    public bool Names(string rig) => Rigs.ContainsKey(rig);

    public FeedCursor With(string rig, long seq) => this with { Rigs = Rigs.SetItem(rig, seq) };

    /// <summary>One rig's cursor is its number; more rigs', their pairs.</summary>
    public string Format(bool oneRig)
    {
        if (oneRig && Rigs.Count == 1) return Number(Rigs.Values.Single());
        if (Rigs.Count == 0) return Number(Default);
        var pairs = Rigs.Select(rig => $"{rig.Key}:{Number(rig.Value)}");
        return string.Join(",", Default == 0 ? pairs : pairs.Prepend($"{AnyRig}:{Number(Default)}"));
    }

    private static string Number(long seq) => seq.ToString(CultureInfo.InvariantCulture);

    /// <summary>A cursor from its text, or null with why in <paramref name="problem"/>.</summary>
    public static FeedCursor? Parse(string text, out string? problem)
    {
        problem = null;
        text = text.Trim();
        if (TryNumber(text, out var all)) return new FeedCursor(all, ImmutableSortedDictionary<string, long>.Empty);
        var rigs = ImmutableSortedDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
        var fallback = 0L;
        foreach (var pair in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var colon = pair.LastIndexOf(':');
            if (colon <= 0 || !TryNumber(pair[(colon + 1)..], out var seq)) return NotAPosition(text, out problem);
            var rig = pair[..colon];
            if (rig == AnyRig) fallback = seq;
            else if (!rigs.TryAdd(rig, seq)) return NotAPosition(text, out problem);
        }
        return new FeedCursor(fallback, rigs.ToImmutable());
    }

    private static FeedCursor? NotAPosition(string text, out string problem)
    {
        problem = $"'{text}' is not a feed position: give a sequence number (42) or rig:seq pairs separated by " +
                  "commas (api:42,web:7), as the feed's ids print them";
        return null;
    }

    private static bool TryNumber(string text, out long seq) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seq);
}
