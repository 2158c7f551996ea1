using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Beads.Protocol;

/// <summary>
/// JSON for the wire between <c>bd</c> and the gateway, source-generated so that the native-AOT CLI needs no
/// reflection: snake_case names, null values left out.
/// <para>
/// Every other value is always written, empty lists included. The source generator sets an init-only property that
/// is missing from the JSON to its type's default (null for a list), not to the record's initial value, so a reader
/// is only safe when the writer leaves nothing non-null out.
/// </para>
/// </summary>
public static class ProtocolJson
{
    public static JsonSerializerOptions Options => ProtocolJsonContext.Default.Options;

    public static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(IRigMessage))]
[JsonSerializable(typeof(IRigReply))]
[JsonSerializable(typeof(Issue))]
[JsonSerializable(typeof(FeedEntry))]
[JsonSerializable(typeof(HealthStatus))]
[JsonSerializable(typeof(RigDirectory))]
[JsonSerializable(typeof(HostStatus))]
[JsonSerializable(typeof(ProblemReply))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(SqlQuery))]
[JsonSerializable(typeof(SqlResult))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
