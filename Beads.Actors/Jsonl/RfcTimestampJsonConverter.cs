using System.Text.Json;
using System.Text.Json.Serialization;
using Beads.Protocol;

namespace Beads.Actors.Jsonl;

/// <summary>Reads and writes timestamps as <see cref="RfcTimestamp"/> says, refusing any other spelling with a clear reason.</summary>
internal sealed class RfcTimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException($"a timestamp must be a string, not {reader.TokenType}");
        var text = reader.GetString()!;
        return RfcTimestamp.TryParse(text, out var value) ? value : throw new JsonException(RfcTimestamp.NotATimestamp(text));
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<byte> text = stackalloc byte[RfcTimestamp.MaxLength];
        writer.WriteStringValue(text[..RfcTimestamp.Format(value, text)]);
    }
}
