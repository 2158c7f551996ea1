using System.Buffers;
using System.IO.Compression;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using SerializationException = System.Runtime.Serialization.SerializationException;

namespace Beads.Actors.Serialization;

/// <summary>
/// Serialises what the store keeps for good, rig events and snapshots, as <see cref="BeadsSerializer"/> does, but
/// compresses a payload of <c>beads.storage.compress-above</c> bytes or more with Brotli: a snapshot of beads' own
/// 3,066-issue rig shrinks from 3.1 MB to 0.5 MB, the import's events of 512 bytes or more from 2.9 MB to 1.3 MB.
/// Smaller payloads (status changes, claims, labels) stay the plain JSON that SQL shows.
/// <para>
/// Rows name the serializer that wrote them, so rows written before this one existed (plain JSON under
/// <see cref="BeadsSerializer.Id"/>) are still read by that serializer. This one reads both of its own forms by their
/// first byte: plain JSON begins with <c>{</c>, a compressed payload with <see cref="BrotliMarker"/>.
/// </para>
/// </summary>
public sealed class CompressedStoreSerializer : SerializerWithStringManifest
{
    /// <summary>Ours for good, as <see cref="BeadsSerializer.Id"/> is: journal and snapshot rows record it.</summary>
    public const int Id = 7302;

    /// <summary>The first byte of a compressed payload; never the first byte of JSON.</summary>
    public const byte BrotliMarker = 0x01;

    // Brotli's quality 5 compresses JSON about as well as zlib's best at a fraction of the higher qualities' time
    // (a 3 MB snapshot in tens of milliseconds, on the snapshot store's thread); its window the largest, for snapshots.
    private const int Quality = 5;
    private const int Window = 24;

    private readonly BeadsSerializer _json;
    private readonly long _compressAbove;

    public CompressedStoreSerializer(ExtendedActorSystem system) : base(system)
    {
        _json = new BeadsSerializer(system);
        _compressAbove = system.Settings.Config.GetByteSize("beads.storage.compress-above", null)
                         ?? throw new ConfigurationException("beads.storage.compress-above is missing (hocon/beads.conf sets it)");
    }

    public override int Identifier => Id;

    public override string Manifest(object o) => _json.Manifest(o);

    public override byte[] ToBinary(object obj)
    {
        var json = _json.ToBinary(obj);
        return json.Length < _compressAbove ? json : Compressed(json);
    }

    public override object FromBinary(byte[] bytes, string manifest) =>
        _json.FromBinary(bytes is [BrotliMarker, ..] ? Decompressed(bytes, manifest) : bytes, manifest);

    /// <summary>The marker and the Brotli stream, or the JSON itself when compression would not make it smaller.</summary>
    private static byte[] Compressed(byte[] json)
    {
        // A buffer of its own, not a rented one: a snapshot's is megabytes, and the shared pool would keep one of
        // that size for every thread that ever wrote one (see BeadsSerializer.ToBinary).
        var buffer = GC.AllocateUninitializedArray<byte>(BrotliEncoder.GetMaxCompressedLength(json.Length) + 1);
        buffer[0] = BrotliMarker;
        if (!BrotliEncoder.TryCompress(json, buffer.AsSpan(1), out var written, Quality, Window) || written + 1 >= json.Length)
            return json;
        return buffer.AsSpan(0, written + 1).ToArray();
    }

    /// <summary>The JSON inside a compressed payload; a stream cut short or damaged is refused, never half read.</summary>
    private static byte[] Decompressed(byte[] bytes, string manifest)
    {
        using var decoder = new BrotliDecoder();
        var source = bytes.AsSpan(1);
        var json = new byte[Math.Max(bytes.Length * 4, 4096)];
        var length = 0;
        while (true)
        {
            var status = decoder.Decompress(source, json.AsSpan(length), out var consumed, out var written);
            source = source[consumed..];
            length += written;
            switch (status)
            {
                case OperationStatus.Done when source.IsEmpty:
                    return json[..length];
                case OperationStatus.DestinationTooSmall:
                    Array.Resize(ref json, json.Length * 2);
                    break;
                default:
                    throw new SerializationException(
                        $"a compressed '{manifest}' payload of {bytes.Length} bytes is damaged or cut short ({status} after " +
                        $"{length} bytes of JSON) and cannot be read");
            }
        }
    }
}
