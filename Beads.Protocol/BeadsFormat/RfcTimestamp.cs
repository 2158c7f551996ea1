using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Beads.Protocol;

/// <summary>
/// Timestamps as beads writes them: Go's RFC 3339 with nanoseconds, trailing zeros of the fraction trimmed (no fraction
/// at all when it is zero), the offset the time was recorded with, and "Z" for a zero offset (Go never writes +00:00).
/// </summary>
public static partial class RfcTimestamp
{
    /// <summary>The longest text <see cref="Format(DateTimeOffset, Span{byte})"/> writes: 2026-01-15T09:30:00.1234567+05:30.</summary>
    public const int MaxLength = 33;

    private const string Example = "such as 2026-01-15T09:30:00Z or 2026-01-15T09:30:00.25-08:00";

    [GeneratedRegex(@"^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})(?:\.([0-9]{1,9}))?(?:Z|([+-][0-9]{2}:[0-9]{2}))$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>
    /// Reads an RFC 3339 timestamp with an offset (a time without one would depend on this machine's zone). Go writes up
    /// to nine fraction digits; DateTimeOffset keeps seven (100 ns), so the last two are dropped here, and the reader keeps
    /// the text as read when that matters (see <see cref="TimestampsAsRead"/>).
    /// </summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        var match = Pattern().Match(text);
        if (!match.Success
            || !DateTime.TryParseExact(match.Groups[1].Value, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var clock))
            return false;
        var fraction = match.Groups[2].Value;
        var ticks = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(7, '0')[..7], CultureInfo.InvariantCulture);
        var offset = match.Groups[3].Success
            ? TimeSpan.ParseExact(match.Groups[3].Value[1..], @"hh\:mm", CultureInfo.InvariantCulture)
            : TimeSpan.Zero;
        if (match.Groups[3].Value.StartsWith('-')) offset = -offset;
        try
        {
            value = new DateTimeOffset(clock.AddTicks(ticks), offset);
            return true;
        }
        catch (ArgumentException)
        {
            // An offset beyond ±14 hours, or a time that falls outside year 1 to 9999 once moved to UTC.
            return false;
        }
    }

    public static string NotATimestamp(string text) => $"'{text}' is not an RFC 3339 timestamp with an offset, {Example}";

    /// <summary>Writes <paramref name="value"/> as ASCII into <paramref name="destination"/> and returns the length written.</summary>
    public static int Format(DateTimeOffset value, Span<byte> destination)
    {
        var clock = value.DateTime; // the wall-clock time at the value's own offset
        Digits(destination[..4], clock.Year);
        destination[4] = (byte)'-';
        Digits(destination.Slice(5, 2), clock.Month);
        destination[7] = (byte)'-';
        Digits(destination.Slice(8, 2), clock.Day);
        destination[10] = (byte)'T';
        Digits(destination.Slice(11, 2), clock.Hour);
        destination[13] = (byte)':';
        Digits(destination.Slice(14, 2), clock.Minute);
        destination[16] = (byte)':';
        Digits(destination.Slice(17, 2), clock.Second);
        var length = 19;

        var fraction = (int)(clock.Ticks % TimeSpan.TicksPerSecond);
        if (fraction != 0)
        {
            var digits = 7;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }
            destination[length++] = (byte)'.';
            Digits(destination.Slice(length, digits), fraction);
            length += digits;
        }

        var offsetMinutes = (int)value.Offset.TotalMinutes;
        if (offsetMinutes == 0)
        {
            destination[length++] = (byte)'Z';
            return length;
        }
        destination[length++] = offsetMinutes < 0 ? (byte)'-' : (byte)'+';
        offsetMinutes = Math.Abs(offsetMinutes);
        Digits(destination.Slice(length, 2), offsetMinutes / 60);
        destination[length + 2] = (byte)':';
        Digits(destination.Slice(length + 3, 2), offsetMinutes % 60);
        return length + 5;
    }

    public static string Format(DateTimeOffset value)
    {
        Span<byte> text = stackalloc byte[MaxLength];
        return Encoding.ASCII.GetString(text[..Format(value, text)]);
    }

    /// <summary>Writes <paramref name="value"/> as exactly <c>destination.Length</c> decimal digits, zero-padded.</summary>
    private static void Digits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }
}
