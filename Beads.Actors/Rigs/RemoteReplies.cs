using Akka.Actor;
using Akka.Serialization;
using Beads.Actors.Serialization;
using Beads.Protocol;

namespace Beads.Actors.Rigs;

/// <summary>
/// Answers bound for another node. Remoting drops a message larger than its frame size
/// (<c>akka.remote.dot-netty.tcp.maximum-frame-size</c>) with nothing but a log line on the sending node, so whoever
/// asked would wait for its whole timeout and learn nothing. An answer for a sender on another node is serialised
/// here instead, once: when it fits, remoting sends those bytes; when it does not, the sender is told why.
/// </summary>
public static class RemoteReplies
{
    /// <summary>Room left under the frame size for what remoting wraps around a message (paths, ids, manifest).</summary>
    private const int EnvelopeAllowance = 16 * 1024;

    /// <param name="frameSize">The largest message remoting sends; null outside a cluster (every sender is local).</param>
    public static IRigReply ForSender(IRigReply reply, IActorRef sender, ActorSystem system, long? frameSize, string rig)
    {
        if (frameSize is not { } limit || !sender.Path.Address.HasGlobalScope) return reply;
        var serializer = (SerializerWithStringManifest)system.Serialization.FindSerializerFor(reply);
        var bytes = serializer.ToBinary(reply);
        if (bytes.Length <= limit - EnvelopeAllowance) return new SerializedReply(serializer.Manifest(reply), bytes);
        return new Rejected(ErrorCodes.ReplyTooLarge,
            $"the answer of rig {rig} is {Megabytes(bytes.Length)} MB, more than one node may send another " +
            $"({Megabytes(limit)} MB, akka.remote.dot-netty.tcp.maximum-frame-size): ask for fewer issues (-n, filters), " +
            "ask through the node that runs the rig (`bd host status` shows it), or raise that limit on every node");
    }

    private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
