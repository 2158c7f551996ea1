using System.Security.Cryptography;
using System.Text.Json;
using Beads.Protocol;

namespace Beads.Actors.Domain;

/// <summary>
/// What a keyed request asked for, as a short hash of the command as the wire carries it (who asked included): an
/// idempotency key sent again with another change is a mistake to report, not a copy to answer with the first result.
/// </summary>
public static class RequestFingerprint
{
    public static string Of(IRigCommand command) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes<IRigMessage>(command, ProtocolJson.Info<IRigMessage>())))[..32];
}
