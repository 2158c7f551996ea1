using Akka.Actor;
using Akka.Configuration;

namespace Beads.Actors.Cluster;

/// <summary>
/// Node names, which outlive addresses: each node carries its name as the cluster role <c>node:&lt;name&gt;</c>, and a
/// rig records the name of the node whose machine holds its folder.
/// </summary>
public static class HomeNodes
{
    public const string NodeNameSetting = "beads.node-name";
    private const string RolePrefix = "node:";

    public static string Role(string nodeName) => RolePrefix + nodeName;

    /// <summary>The name in a member's roles, or null for a member that has none.</summary>
    public static string? NameIn(IEnumerable<string> roles) =>
        roles.FirstOrDefault(role => role.StartsWith(RolePrefix, StringComparison.Ordinal))?[RolePrefix.Length..];

    /// <summary>This node's name: <see cref="NodeNameSetting"/>, else the machine's name.</summary>
    public static string OfThisNode(Config config) =>
        config.GetString(NodeNameSetting, "") is { Length: > 0 } name ? name : MachineName;

    /// <summary>The name of a node that was given none.</summary>
    public static string MachineName => Environment.MachineName.ToLowerInvariant();

    public static string OfThisNode(ActorSystem system) => OfThisNode(system.Settings.Config);
}
