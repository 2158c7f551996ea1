using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Beads.Protocol;

/// <summary>
/// A comment's id. Older beads exports wrote comment ids as integers, newer ones as strings; the id remembers which
/// it was so that it is written back the same way.
/// </summary>
[JsonConverter(typeof(CommentIdJsonConverter))]
public readonly record struct CommentId(string Value, bool IsNumeric)
{
    public static CommentId FromNumber(long number) => new(number.ToString(CultureInfo.InvariantCulture), true);

    public override string ToString() => Value;
}

public sealed class CommentIdJsonConverter : JsonConverter<CommentId>
{
    public override CommentId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number => new CommentId(
                reader.GetInt64().ToString(CultureInfo.InvariantCulture), IsNumeric: true),
            JsonTokenType.String => new CommentId(reader.GetString()!, IsNumeric: false),
            _ => throw new JsonException($"a comment id must be a number or a string, not {reader.TokenType}"),
        };

    public override void Write(Utf8JsonWriter writer, CommentId value, JsonSerializerOptions options) =>
        WriteValue(writer, value);

    /// <summary>The id as the number or the string it was read as.</summary>
    public static void WriteValue(Utf8JsonWriter writer, CommentId value)
    {
        if (value.IsNumeric && long.TryParse(value.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            writer.WriteNumberValue(n);
        else
            writer.WriteStringValue(value.Value);
    }
}
