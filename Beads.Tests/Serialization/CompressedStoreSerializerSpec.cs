using System.Collections.Immutable;
using System.Text.Json;
using Akka.Serialization;
using Beads.Actors.Domain;
using Beads.Actors.Serialization;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Serialization;

/// <summary>What the journal and the snapshot store keep: plain JSON when small, Brotli when large, and both readable.</summary>
public sealed class CompressedStoreSerializerSpec(ITestOutputHelper output) : RigTestKit(output)
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private SerializerWithStringManifest Stored => (SerializerWithStringManifest)Sys.Serialization.FindSerializerForType(typeof(RigSnapshot));

    private SerializerWithStringManifest PlainJson => (SerializerWithStringManifest)Sys.Serialization.FindSerializerForType(typeof(Beads.Protocol.InitRig));

    private static RigSnapshot Snapshot(int issues) =>
        new("r", "bd", "/home/r", ImmutableDictionary<string, string>.Empty, SyntheticRig.Generate(issues), 0);

    [Fact]
    public void A_small_event_is_stored_as_the_plain_json_the_beads_serializer_writes()
    {
        var claimed = new IssueClaimed("bd-a1b", At, "agent-1");

        var bytes = Stored.ToBinary(claimed);

        Assert.Equal(CompressedStoreSerializer.Id, Stored.Identifier);
        Assert.Equal(PlainJson.ToBinary(claimed), bytes);
        Assert.Equal((byte)'{', bytes[0]);
    }

    [Fact]
    public void A_large_snapshot_is_stored_compressed_and_reads_back_the_same()
    {
        var snapshot = Snapshot(1000);
        var json = PlainJson.ToBinary(snapshot);

        var bytes = Stored.ToBinary(snapshot);
        var copy = Stored.FromBinary(bytes, Stored.Manifest(snapshot));

        Assert.Equal(CompressedStoreSerializer.BrotliMarker, bytes[0]);
        Assert.True(bytes.Length < json.Length / 2, $"{json.Length} bytes of JSON compressed to only {bytes.Length}");
        Assert.Equal(Json(snapshot), Json(copy));
    }

    [Fact]
    public void Plain_json_written_by_the_beads_serializer_before_compression_still_reads()
    {
        var snapshot = Snapshot(50);
        var imported = new IssueImported(SyntheticRig.Generate(1)[0], At, "agent-1");

        Assert.Equal(Json(snapshot), Json(Stored.FromBinary(PlainJson.ToBinary(snapshot), Stored.Manifest(snapshot))));
        Assert.Equal(Json(imported), Json(Stored.FromBinary(PlainJson.ToBinary(imported), Stored.Manifest(imported))));
    }

    [Fact]
    public void A_damaged_compressed_payload_is_refused_with_what_it_was()
    {
        var snapshot = Snapshot(200);
        var bytes = Stored.ToBinary(snapshot);
        var damaged = bytes[..(bytes.Length / 2)];

        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => Stored.FromBinary(damaged, Stored.Manifest(snapshot)));

        Assert.Contains("s.rig", error.Message);
        Assert.Contains("damaged", error.Message);
    }

    private static string Json(object value) => JsonSerializer.Serialize(value, value.GetType(), BeadsSerializer.Json);
}
