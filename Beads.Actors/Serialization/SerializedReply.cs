using Beads.Protocol;

namespace Beads.Actors.Serialization;

/// <summary>
/// An answer that its rig has already serialised for a sender on another node, to learn its size before remoting
/// would drop it (<see cref="Rigs.RemoteReplies"/>). The Beads serializer writes these bytes as they are, under the
/// answer's own manifest, so the other node reads the answer itself and never sees this wrapper; it is never
/// serialised twice.
/// </summary>
public sealed record SerializedReply(string Manifest, byte[] Bytes) : IRigReply;
