using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using SerializationException = System.Runtime.Serialization.SerializationException;

namespace Beads.Actors.Serialization;

/// <summary>
/// Serialises everything Beads writes to the journal or sends across the cluster: rig events, snapshots, commands,
/// queries and replies, as JSON under short, stable manifests (<see cref="Manifests"/>). JSON keeps the journal
/// readable with plain SQL and lets old events load into newer records that gained optional fields.
/// </summary>
public sealed class BeadsSerializer : SerializerWithStringManifest
{
    /// <summary>Akka reserves ids up to 100; this one is ours for good, since journal rows record it.</summary>
    public const int Id = 7301;

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Unknown fields inside issues are kept by their extension-data bags; elsewhere a newer writer's extra field
        // must not stop an older reader.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        // Text as it is (UTF-8, no \uXXXX for quotes, < > + ` or non-ASCII): shorter rows, readable in SQL; every JSON
        // reader reads both forms as the same values, so rows written before read unchanged.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = Json.Encoder };

    private readonly bool _allowUnregisteredTypes;

    public BeadsSerializer(ExtendedActorSystem system) : this(system, ConfigurationFactory.Empty)
    {
    }

    public BeadsSerializer(ExtendedActorSystem system, Config config) : base(system)
    {
        _allowUnregisteredTypes = system.Settings.Config.GetBoolean("beads.serialization.allow-unregistered-types", false);
    }

    public override int Identifier => Id;

    public override byte[] ToBinary(object obj)
    {
        if (obj is SerializedReply serialized) return serialized.Bytes;
        Manifest(obj); // refuse an unregistered type before writing anything
        // Into a buffer of its own rather than SerializeToUtf8Bytes' rented one: a rig's snapshot is megabytes, and the
        // shared pool kept every size it grew through on every thread that wrote one (35 MB for ten rigs of beads'
        // export, BENCHMARKS.md "Where the host's memory goes"); this buffer is garbage once copied.
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            JsonSerializer.Serialize(writer, obj, obj.GetType(), Json);
        return buffer.WrittenSpan.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var type = Manifests.TypeOf(manifest)
                   ?? (_allowUnregisteredTypes ? Type.GetType(manifest, throwOnError: false) : null)
                   ?? throw new SerializationException(
                       $"unknown manifest '{manifest}': this Beads version cannot read it; upgrade every node to the same version");
        return JsonSerializer.Deserialize(bytes, type, Json)
               ?? throw new SerializationException($"manifest '{manifest}' held null");
    }

    public override string Manifest(object o) =>
        (o as SerializedReply)?.Manifest
        ?? Manifests.Of(o.GetType())
        ?? (_allowUnregisteredTypes
            ? o.GetType().AssemblyQualifiedName!
            : throw new SerializationException(
                $"{o.GetType().FullName} has no manifest: register it in {nameof(Manifests)} before sending or persisting it"));
}
