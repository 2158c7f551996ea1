using System.Text.RegularExpressions;

namespace Beads.Actors.Domain;

/// <summary>
/// What a rig may be called and where it may live. A name becomes a journal id, a shard id and a line of
/// <c>.beads/config.yaml</c>, so it is one word of letters, digits, '.', '_' or '-' (no slashes, spaces or line breaks);
/// a home is an absolute path with no '.' or '..' in it, so that every node reads it the same way.
/// </summary>
public static partial class RigNames
{
    public const int MaxLength = 64;

    public static bool IsValid(string? name) => name is { Length: > 0 and <= MaxLength } && NamePattern().IsMatch(name);

    public static string Invalid(string? name) =>
        $"'{name}' cannot name a rig: use 1 to {MaxLength} letters, digits, '.', '_' or '-', starting with a letter or digit, such as 'my-app'";

    /// <summary>Why <paramref name="home"/> cannot be a rig's home, or null when it can.</summary>
    public static string? HomeProblem(string home)
    {
        if (!Path.IsPathFullyQualified(home))
            return $"the rig's home '{home}' is not an absolute path: run `bd init` in the rig's folder (bd sends the full path)";
        var parts = home.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        return parts.Any(part => part is "." or "..") || home.Any(char.IsControl)
            ? $"the rig's home '{home}' holds '.', '..' or a control character: give the folder's plain absolute path"
            : null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();
}
