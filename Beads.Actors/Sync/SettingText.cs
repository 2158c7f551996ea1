using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Beads.Actors.Sync;

/// <summary>
/// Setting values as people and beads write them: booleans as true/false, 1/0, yes/no, on/off; durations in Go's
/// syntax (beads reads them with time.ParseDuration), such as 5s, 500ms, 1m30s or 0.
/// </summary>
public static partial class SettingText
{
    public const string BooleanRange = "true or false (also 1/0, yes/no, on/off)";

    [GeneratedRegex(@"\G([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPart();

    public static bool? Boolean(string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" or "" => false,
        _ => null,
    };

    /// <summary>A non-negative Go duration, or null when the text is not one.</summary>
    public static TimeSpan? Duration(string text)
    {
        var trimmed = text.Trim();
        if (trimmed == "0") return TimeSpan.Zero;
        if (trimmed.Length == 0) return null;
        var total = 0.0;
        var position = 0;
        while (position < trimmed.Length)
        {
            var part = DurationPart().Match(trimmed, position);
            if (!part.Success) return null;
            total += double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture) * UnitTicks(part.Groups[2].Value);
            position += part.Length;
        }
        return total <= TimeSpan.MaxValue.Ticks ? TimeSpan.FromTicks((long)total) : null;
    }

    private static double UnitTicks(string unit) => unit switch
    {
        "ns" => 0.01,
        "us" or "µs" => TimeSpan.TicksPerMicrosecond,
        "ms" => TimeSpan.TicksPerMillisecond,
        "s" => TimeSpan.TicksPerSecond,
        "m" => TimeSpan.TicksPerMinute,
        _ => TimeSpan.TicksPerHour,
    };

    /// <summary>The shortest Go-style text for a duration: 0, 500ms, 5s, 1m30s, 2h.</summary>
    public static string Format(TimeSpan value)
    {
        if (value <= TimeSpan.Zero) return "0";
        var text = new StringBuilder();
        if (value.Days * 24 + value.Hours is var hours and > 0) text.Append(CultureInfo.InvariantCulture, $"{hours}h");
        if (value.Minutes > 0) text.Append(CultureInfo.InvariantCulture, $"{value.Minutes}m");
        if (value.Seconds > 0) text.Append(CultureInfo.InvariantCulture, $"{value.Seconds}s");
        if (value.Milliseconds > 0) text.Append(CultureInfo.InvariantCulture, $"{value.Milliseconds}ms");
        return text.Length > 0 ? text.ToString() : "0";
    }

    public static string Format(bool value) => value ? "true" : "false";
}
