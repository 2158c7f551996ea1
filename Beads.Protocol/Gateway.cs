using System.Collections.Immutable;

namespace Beads.Protocol;

/// <summary>The gateway's paths, shared by the host that serves them and the CLI that calls them.</summary>
public static class GatewayRoutes
{
    public const string Health = "/v1/health";
    public const string Rig = "/v1/rig";
    public const string Rigs = "/v1/rigs";
    public const string HostStatus = "/v1/host/status";
    public const string Shutdown = "/v1/host/shutdown";
    public const string Sql = "/v1/sql";

    /// <summary>
    /// The change feed as Server-Sent Events: <c>?rig=R</c> or <c>?all=true</c>, <c>since</c> (or the Last-Event-ID
    /// header, a <see cref="FeedCursor"/>), <c>follow=true</c> to stay open for new changes.
    /// </summary>
    public const string Feed = "/v1/feed";

    /// <summary>The route template of <see cref="RigByPrefix"/>.</summary>
    public const string RigByPrefixTemplate = Rigs + "/by-prefix/{prefix}";

    /// <summary>The rig registered under an id prefix.</summary>
    public static string RigByPrefix(string prefix) => RigByPrefixTemplate.Replace("{prefix}", Uri.EscapeDataString(prefix));
}

public sealed record HealthStatus(string Status, string Version, string Node, int ProcessId, string DataDirectory, string Storage)
{
    /// <summary>The version of the store's schema this host writes (bd info --schema); 0 from hosts before it was told.</summary>
    public int SchemaVersion { get; init; }

    /// <summary>The beads-shaped tables the rigs keep in the store, which bd sql reads.</summary>
    public ImmutableList<string> Tables { get; init; } = [];
}

/// <summary>A rig known to the cluster: its name, the id prefix it owns and the folder it was initialised in.</summary>
public sealed record RigEntry(string Name, string Prefix, string HomeDirectory)
{
    /// <summary>The node whose machine holds the home directory (see <see cref="InitRig.HomeNode"/>).</summary>
    public string? HomeNode { get; init; }

    /// <summary>
    /// Whether the rig must run on its home node while that node is up: true for rigs that write a JSONL there; a rig
    /// without one (dolt-only, no-jsonl-export) may run anywhere.
    /// </summary>
    public bool HomeRequired { get; init; } = true;
}

public sealed record RigDirectory(ImmutableList<RigEntry> Rigs);

/// <summary>A node of the cluster and the rigs running on it right now.</summary>
public sealed record ClusterMember(string Address, string Status, ImmutableList<string> Roles, ImmutableList<string> Rigs);

public sealed record HostStatus(string Node, string Leader, ImmutableList<ClusterMember> Members, ImmutableList<RigEntry> Rigs);

/// <summary>An error as the gateway returns it (RFC 9457 problem details); <see cref="Code"/> is one of ErrorCodes.</summary>
public sealed record ProblemReply(string Title, int Status, string Detail, string Code)
{
    public string? Type { get; init; }
}
