using System.Text.Json;
using Beads.Actors.Serialization;

namespace Beads.Host.Gateway;

/// <summary>
/// The gateway reads and writes the protocol with reflection-based JSON, which keeps a record's initial values for
/// fields a client left out (curl users, older clients); the AOT CLI uses the source-generated twin of these options.
/// </summary>
public static class GatewayJson
{
    /// <summary>
    /// The cluster serializer's options: snake_case names, null values left out, unknown fields skipped (the
    /// default). The gateway had an identical copy; should the two ever need to differ, give it its own again.
    /// </summary>
    public static readonly JsonSerializerOptions Options = BeadsSerializer.Json;
}
