using System.Text.Json;

namespace Beads.Protocol;

/// <summary>
/// Keeps the exact text of timestamps that <see cref="RfcTimestamp.Format(DateTimeOffset)"/> would not give back as
/// read, so that an imported file is written back unchanged. Go records nanoseconds where DateTimeOffset keeps 100 ns,
/// and other writers may spell a zero offset "+00:00". The texts live in the record's unknown-field bag under
/// <see cref="Key"/>, which carries them through the journal and snapshots with no change to the domain; the JSONL
/// writer puts each back in its field as long as it still denotes the field's value, and never writes the key itself.
/// </summary>
public static class TimestampsAsRead
{
    public const string Key = "_timestamps_as_read";

    /// <summary>
    /// <paramref name="extra"/> plus, under <see cref="Key"/>, the text of each of <paramref name="timestamps"/> that
    /// <paramref name="record"/> spells differently from the canonical form; <paramref name="extra"/> itself when none does.
    /// </summary>
    public static Dictionary<string, JsonElement>? Capture(
        JsonElement record, Dictionary<string, JsonElement>? extra, params ReadOnlySpan<(string Name, DateTimeOffset? Value)> timestamps)
    {
        Dictionary<string, string>? asRead = null;
        foreach (var (name, value) in timestamps)
        {
            if (value is not { } parsed
                || !record.TryGetProperty(name, out var text)
                || text.ValueEquals(RfcTimestamp.Format(parsed)))
                continue;
            asRead ??= new Dictionary<string, string>(StringComparer.Ordinal);
            asRead[name] = text.GetString()!;
        }
        if (asRead is null) return extra;
        return new Dictionary<string, JsonElement>(extra ?? new Dictionary<string, JsonElement>())
        {
            [Key] = JsonSerializer.SerializeToElement(asRead, ProtocolJsonContext.Default.DictionaryStringString),
        };
    }

    /// <summary>The text <paramref name="name"/> was read with, if it still denotes <paramref name="value"/> exactly.</summary>
    public static string? Find(Dictionary<string, JsonElement>? extra, string name, DateTimeOffset value)
    {
        if (extra is null
            || !extra.TryGetValue(Key, out var asRead)
            || asRead.ValueKind != JsonValueKind.Object
            || !asRead.TryGetProperty(name, out var text)
            || text.ValueKind != JsonValueKind.String)
            return null;
        var original = text.GetString()!;
        return RfcTimestamp.TryParse(original, out var parsed) && parsed.EqualsExact(value) ? original : null;
    }
}
