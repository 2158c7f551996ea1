using System.Text.Json;
using System.Text.Json.Serialization;

namespace Beads.Host.Gateway;

/// <summary>
/// The gateway reads and writes the protocol with reflection-based JSON, which keeps a record's initial values for
/// fields a client left out (curl users, older clients); the AOT CLI uses the source-generated twin of these options.
/// </summary>
public static class GatewayJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
