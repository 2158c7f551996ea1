using System.Globalization;
using System.Text.RegularExpressions;

namespace Beads.Cli;

/// <summary>
/// Dates for --due, --defer and the list filters as people type them: RFC 3339, a plain date (YYYY-MM-DD, midnight
/// UTC), a relative offset ahead or back (+6h, +2d, +1w, +30m, +45s, -7d), yesterday, today or tomorrow.
/// </summary>
public static partial class WhenText
{
    [GeneratedRegex(@"^([+-])(\d+)([smhdw])$")]
    private static partial Regex Relative();

    /// <summary>A length of time as people type one for --older-than or --timeout: 45s, 30m, 12h, 7d, 2w.</summary>
    public static TimeSpan Span(string flag, string text)
    {
        var epoch = DateTimeOffset.UnixEpoch;
        var ahead = $"+{text.Trim().TrimStart('+').ToLowerInvariant()}";
        return Relative().IsMatch(ahead)
            ? Parse(flag, ahead, epoch) - epoch
            : throw CliException.Usage($"invalid {flag} '{text}': give a length of time such as 30m, 12h, 7d or 2w");
    }

    public static DateTimeOffset Parse(string flag, string text, DateTimeOffset now)
    {
        var trimmed = text.Trim().ToLowerInvariant();
        if (trimmed == "today") return new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        if (trimmed == "tomorrow") return new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        if (trimmed == "yesterday") return new DateTimeOffset(now.UtcDateTime.Date.AddDays(-1), TimeSpan.Zero);
        if (Relative().Match(trimmed) is { Success: true } match)
        {
            var amount = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) * (match.Groups[1].Value == "-" ? -1 : 1);
            return match.Groups[3].Value switch
            {
                "s" => now.AddSeconds(amount),
                "m" => now.AddMinutes(amount),
                "h" => now.AddHours(amount),
                "d" => now.AddDays(amount),
                _ => now.AddDays(7 * amount),
            };
        }
        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return at.ToUniversalTime();
        throw CliException.Usage(
            $"invalid {flag} format: '{text}' is not a date; use 2026-12-31, 2026-12-31T17:00:00Z, +6h, +2d, +1w, -7d, yesterday, today or tomorrow");
    }
}
