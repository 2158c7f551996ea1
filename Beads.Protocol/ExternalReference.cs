namespace Beads.Protocol;

/// <summary>
/// beads' reference to an issue of another project, <c>external:&lt;project&gt;:&lt;id&gt;</c>, where a dependency
/// may point although this rig holds no such issue. Beads writes one for a link to another rig of the same host, with
/// that rig's prefix as the project (Gas Town's convoys track issues of every rig that way).
/// </summary>
public static class ExternalReference
{
    public const string Prefix = "external:";

    public static bool Is(string target) => target.StartsWith(Prefix, StringComparison.Ordinal);

    public static string Of(string project, string id) => $"{Prefix}{project}:{id}";

    /// <summary>The project and the id of a well-formed reference; null otherwise.</summary>
    public static (string Project, string Id)? Parse(string target) =>
        Is(target) && target[Prefix.Length..].Split(':', 2) is [{ Length: > 0 } project, { Length: > 0 } id] && !id.Contains(' ')
            ? (project, id)
            : null;

    /// <summary>What is wrong with a reference; null when it is well formed.</summary>
    public static string? Problem(string target) =>
        Parse(target) is null
            ? $"'{target}' is not an external reference: write external:<project>:<id>, such as external:gt:gt-w9u"
            : null;
}
