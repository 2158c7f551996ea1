namespace Beads.Protocol;

/// <summary>
/// The <c>.beads/</c> folder in a rig's home, as beads lays it out and as bd and the host both read and write it: the
/// rig's settings (<c>config.yaml</c>, which names the rig for bd) and its issues' export (<c>issues.jsonl</c>, which
/// git carries), and the <c>.gitignore</c> that keeps machine-local files out of git.
/// </summary>
public static class BeadsFolder
{
    public const string Name = ".beads";
    public const string ConfigFileName = "config.yaml";
    public const string JsonlFileName = "issues.jsonl";

    /// <summary>The JSONL's path relative to the rig's home, as git names it.</summary>
    public static readonly string JsonlInHome = Path.Combine(Name, JsonlFileName);

    /// <summary>The config's path relative to the rig's home, as settings name their source.</summary>
    public static readonly string ConfigInHome = Path.Combine(Name, ConfigFileName);

    public static string In(string homeDirectory) => Path.Combine(homeDirectory, Name);

    public static string ConfigIn(string homeDirectory) => Path.Combine(homeDirectory, ConfigInHome);

    public static string JsonlIn(string homeDirectory) => Path.Combine(homeDirectory, JsonlInHome);

    /// <summary>What the folder's .gitignore keeps out of git: files local to this machine.</summary>
    public const string GitIgnore = "# Local to this machine: never committed.\n*.db\n*.db-*\n*.lock\n*.tmp\n";
}
