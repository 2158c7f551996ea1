using System.Globalization;
using System.Text.Json;
using Beads.Protocol;

namespace Beads.Actors.Domain;

/// <summary>The checks every way of setting a field shares, each with an error that says how to fix the input.</summary>
public static class IssueValidation
{
    public const int MaxTitleLength = 500;

    public static Result<string> Title(string? title)
    {
        var trimmed = title?.Trim() ?? "";
        if (trimmed.Length == 0)
            return Invalid("title is required: the title is empty; give the issue a title of 1 to 500 characters");
        if (trimmed.Length > MaxTitleLength)
            return Invalid($"the title is {trimmed.Length} characters long: the limit is {MaxTitleLength}; move detail into --description");
        return trimmed;
    }

    public static Result<int> Priority(int priority) =>
        priority is >= IssueDefaults.HighestPriority and <= IssueDefaults.LowestPriority
            ? priority
            : Invalid($"invalid priority {priority}: use 0 (highest) to 4 (lowest), or P0 to P4");

    /// <summary>Accepts 0-4 and P0-P4, as beads does.</summary>
    public static Result<int> Priority(string text)
    {
        var digits = text.Trim().TrimStart('P', 'p');
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var priority)
            ? Priority(priority)
            : Invalid($"invalid priority '{text}': use 0 (highest) to 4 (lowest), or P0 to P4");
    }

    public static Result<string> Type(RigState state, string type)
    {
        var normalized = Vocabulary.Types.Normalize(type);
        return state.ValidTypes.Contains(normalized)
            ? normalized
            : Invalid($"invalid issue type: {type} (valid types are {string.Join(", ", state.ValidTypes)};" +
                $" add your own with `bd config set {RigConfigKeys.CustomTypes} a,b`)");
    }

    public static Result<string> Status(RigState state, string status)
    {
        // Custom statuses may contain '-' (needs-review), so the name as typed is tried before the in-progress spelling.
        var typed = status.Trim().ToLowerInvariant();
        var normalized = state.ValidStatuses.Contains(typed) ? typed : typed.Replace('-', '_');
        return state.ValidStatuses.Contains(normalized)
            ? normalized
            : Invalid($"unknown status '{status}': valid statuses are {string.Join(", ", state.ValidStatuses)}" +
                $" (add your own with `bd config set {RigConfigKeys.CustomStatuses} a,b`)");
    }

    public static Result<string> DependencyType(string type)
    {
        var normalized = type.Trim().ToLowerInvariant();
        return Vocabulary.DependencyTypes.All.Contains(normalized)
            ? normalized
            : Invalid($"unknown dependency type '{type}': valid types are {string.Join(", ", Vocabulary.DependencyTypes.All)}");
    }

    /// <summary>Any JSON value, returned compacted.</summary>
    public static Result<string> Json(string field, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return JsonSerializer.Serialize(document.RootElement);
        }
        catch (JsonException e)
        {
            return Invalid($"{field} is not valid JSON ({e.Message}): pass a JSON value such as '{{\"key\":\"value\"}}'");
        }
    }

    public static Result<int> Minutes(string text) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            ? minutes
            : Invalid($"estimate must be a non-negative whole number of minutes: '{text}' is not one");

    public static Result<int> Minutes(int minutes) =>
        minutes >= 0 ? minutes : Invalid($"estimate must be a non-negative whole number of minutes: {minutes} is negative");

    public static Result<DateTimeOffset> Timestamp(string field, string text) =>
        DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : Invalid($"{field} '{text}' is not a date: use RFC 3339, such as 2026-12-31T17:00:00Z");

    public static Result<string> Label(string label)
    {
        var trimmed = label.Trim();
        if (trimmed.Length == 0) return Invalid("a label cannot be empty");
        if (trimmed.Contains(',')) return Invalid($"label '{trimmed}' contains a comma: give labels one by one");
        return trimmed;
    }

    public static Rejected Invalid(string message) => new(ErrorCodes.InvalidArgument, message);
}
