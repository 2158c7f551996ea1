namespace Beads.Protocol;

/// <summary>
/// The <c>.beads/</c> folder in a rig's home, as beads lays it out and as bd and the host both read and write it: the
/// rig's settings (<c>config.yaml</c>, which names the rig for bd), its issues' export (<c>issues.jsonl</c>, which
/// git carries), beads' <c>metadata.json</c> (which tools read to know the folder is a beads one), the
/// <c>last-touched</c> file the host rewrites after every change (so that tools watching the folder, such as beads-ui,
/// see one at once), and the <c>.gitignore</c> that keeps machine-local files out of git.
/// </summary>
public static class BeadsFolder
{
    public const string Name = ".beads";
    public const string ConfigFileName = "config.yaml";
    public const string JsonlFileName = "issues.jsonl";
    public const string MetadataFileName = "metadata.json";
    public const string LastTouchedFileName = "last-touched";

    /// <summary>The JSONL's path relative to the rig's home, as git names it.</summary>
    public static readonly string JsonlInHome = Path.Combine(Name, JsonlFileName);

    /// <summary>The config's path relative to the rig's home, as settings name their source.</summary>
    public static readonly string ConfigInHome = Path.Combine(Name, ConfigFileName);

    public static string In(string homeDirectory) => Path.Combine(homeDirectory, Name);

    public static string ConfigIn(string homeDirectory) => Path.Combine(homeDirectory, ConfigInHome);

    public static string JsonlIn(string homeDirectory) => Path.Combine(homeDirectory, JsonlInHome);

    public static string LastTouchedIn(string homeDirectory) => Path.Combine(In(homeDirectory), LastTouchedFileName);

    /// <summary>What the folder's .gitignore keeps out of git: files local to this machine (beads' runtime names too).</summary>
    public const string GitIgnore =
        "# Local to this machine: never committed.\n*.db\n*.db-journal\n*.db-wal\n*.db-shm\n*.lock\n*.tmp\n" +
        "# Runtime files, as beads names them\nlast-touched\nredirect\nbd.sock\ndaemon.lock\ndaemon.log\ndaemon.pid\nexport-state/\n";

    /// <summary>
    /// beads' metadata.json for a Beads rig: the keys beads' tools read (database, backend, jsonl_export) name no Dolt or
    /// SQLite database here, since the rig's issues live in the Beads host's store.
    /// </summary>
    public const string Metadata = "{\n  \"database\": \"beads-host\",\n  \"backend\": \"beads\",\n  \"jsonl_export\": \"issues.jsonl\"\n}\n";

    /// <summary>
    /// Makes the folder as bd init does: the config's rig and prefix lines (the rest of an existing config stays), and
    /// the .gitignore and metadata.json when they are missing. Returns the config's path.
    /// </summary>
    public static string Prepare(string homeDirectory, string rig, string prefix)
    {
        var folder = In(homeDirectory);
        Directory.CreateDirectory(folder);
        var config = ConfigIn(homeDirectory);
        RigConfigYaml.WriteRig(config, rig, prefix);
        WriteWhenMissing(Path.Combine(folder, ".gitignore"), GitIgnore);
        WriteWhenMissing(Path.Combine(folder, MetadataFileName), Metadata);
        return config;
    }

    private static void WriteWhenMissing(string path, string text)
    {
        if (!File.Exists(path)) AtomicFile.Write(path, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(text)));
    }
}
