using Beads.Protocol;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Beads.Host.Gateway;

/// <summary>
/// Where a caller may put a rig: the host writes <c>.beads/</c> and makes git commits in a rig's home, with its own
/// rights, so the gateway lets a caller name only a folder that is theirs to give. The folder must exist on this
/// machine (a rig's home is on the node that received its init) and, after its links are resolved, belong to the
/// caller's user when they come through the Unix socket (the peer's uid, which the kernel vouches for; root may name
/// any), or lie under one of <c>beads.gateway.allowed-home-roots</c> when they come over TCP, where the token is all
/// that is known about them (none by default: rigs are then made only through the socket).
/// </summary>
public sealed class HomeAccess(IReadOnlyList<string> allowedTcpRoots)
{
    public const string AllowedRootsSetting = "beads.gateway.allowed-home-roots";

    private readonly IReadOnlyList<string> _roots = [.. allowedTcpRoots.Select(root => UnixFiles.RealPath(root) ?? Path.GetFullPath(root))];

    /// <summary>Why the caller of <paramref name="context"/> may not make a rig in <paramref name="home"/>, or null when they may.</summary>
    public string? Problem(string home, HttpContext context) =>
        Problem(home, overTcp: context.Connection.LocalIpAddress is not null, PeerUser(context));

    /// <summary>
    /// Why a caller over TCP, or through the Unix socket as <paramref name="caller"/> (null: the system does not
    /// say), may not make a rig in <paramref name="home"/>; null when they may.
    /// </summary>
    public string? Problem(string home, bool overTcp, uint? caller)
    {
        if (UnixFiles.RealPath(home) is not { } real || !Directory.Exists(real))
            return $"the rig's home {home} is not a folder on this host's machine: run `bd init` in the rig's folder, on the machine of the host bd talks to";
        if (overTcp)
        {
            return _roots.Any(root => IsUnder(real, root)) ? null
                : $"over TCP a rig may be made only under {AllowedRootsSetting} ({(_roots.Count == 0 ? "none set" : string.Join(", ", _roots))}), " +
                  $"and {real} is not: add a folder that holds it there, or run `bd init` on the host's machine, which uses its Unix socket";
        }
        if (caller is null or 0) return null;
        return UnixFiles.Owner(real, followLinks: true) is { } owner && owner != caller
            ? $"the rig's home {real} belongs to another user (uid {owner}): a rig lives in a folder of your own"
            : null;
    }

    private static bool IsUnder(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    /// <summary>The uid of the process at the other end of a Unix socket (SO_PEERCRED), where the system tells it.</summary>
    public static uint? PeerUser(HttpContext context)
    {
        if (!OperatingSystem.IsLinux() || context.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket) return null;
        var credentials = new byte[12]; // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        return socket.GetRawSocketOption(SolSocket, SoPeerCredentials, credentials) == credentials.Length
            ? BitConverter.ToUInt32(credentials, 4)
            : null;
    }

    private const int SolSocket = 1;
    private const int SoPeerCredentials = 17;
}
