using System.Collections.Immutable;
using Beads.Protocol;

namespace Beads.Cli;

/// <summary>
/// Which rig a folder belongs to, as its <c>.beads/config.yaml</c> says (<see cref="RigConfigYaml"/> reads and writes
/// the file): the rig's name and its id prefix. Found like git finds <c>.git</c>: in the working directory or the
/// nearest folder above it.
/// </summary>
public sealed record RigConfigFile(string Path, string Rig, string Prefix)
{
    /// <summary>beads' variable naming the <c>.beads</c> folder to use, wherever bd runs.</summary>
    public const string BeadsDirVariable = "BEADS_DIR";

    /// <summary>A worktree's <c>.beads/redirect</c>: one line naming the canonical <c>.beads</c> folder.</summary>
    public const string RedirectFile = "redirect";

    private const int MaxRedirects = 3;

    /// <summary>
    /// The rig config bd uses from <paramref name="directory"/>: the <c>.beads</c> folder BEADS_DIR names, else the
    /// nearest one at or above the folder; a <c>.beads/redirect</c> in it is followed (up to three in a row) to the
    /// canonical folder, as beads and Gas Town's worktrees lay them out. Null when there is none.
    /// </summary>
    public static RigConfigFile? FindFrom(string directory)
    {
        if (Environment.GetEnvironmentVariable(BeadsDirVariable) is { Length: > 0 } named)
        {
            var folder = Canonical(System.IO.Path.GetFullPath(named));
            var config = System.IO.Path.Combine(folder, BeadsFolder.ConfigFileName);
            return File.Exists(config) ? Read(config) : throw CliException.Refused("no_rig",
                $"{BeadsDirVariable}={named} holds no {BeadsFolder.ConfigFileName}: run `bd init` in its parent folder, or unset {BeadsDirVariable}");
        }
        return FindAbove(directory);
    }

    /// <summary>
    /// The nearest <c>.beads/config.yaml</c> at or above <paramref name="directory"/>, whatever BEADS_DIR says: the
    /// folder a command names (create --repo) wins over the one the environment names.
    /// </summary>
    public static RigConfigFile? FindAbove(string directory)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            var folder = BeadsFolder.In(current.FullName);
            if (!Directory.Exists(folder)) continue;
            var config = System.IO.Path.Combine(Canonical(folder), BeadsFolder.ConfigFileName);
            if (File.Exists(config)) return Read(config);
        }
        return null;
    }

    /// <summary>
    /// The <c>.beads</c> folder that <paramref name="folder"/> stands for: itself, or where its redirect leads. The
    /// redirect's path is relative to the folder the <c>.beads</c> is in (the worktree), or absolute.
    /// </summary>
    public static string Canonical(string folder)
    {
        for (var hops = 0; ; hops++)
        {
            var redirect = System.IO.Path.Combine(folder, RedirectFile);
            if (!File.Exists(redirect)) return folder;
            if (hops == MaxRedirects)
                throw CliException.Refused("bad_config", $"{redirect}: more than {MaxRedirects} redirects in a row; point it at the canonical .beads folder");
            var target = File.ReadAllText(redirect).Trim();
            if (target.Length == 0) throw CliException.Refused("bad_config", $"{redirect} is empty: write the path of the canonical .beads folder in it");
            var next = System.IO.Path.GetFullPath(target, System.IO.Path.GetDirectoryName(folder)!);
            if (!Directory.Exists(next))
                throw CliException.Refused("bad_config", $"{redirect} points at {next}, which does not exist: fix the path in it");
            if (next == folder) return folder;
            folder = next;
        }
    }

    public static RigConfigFile Read(string path)
    {
        ImmutableDictionary<string, string> values;
        try
        {
            values = RigConfigYaml.Read(path);
        }
        catch (RigConfigUnreadable e)
        {
            throw CliException.Refused("bad_config", $"{e.Message}: fix its YAML, or run `bd init` in its folder to write it again");
        }
        return values.TryGetValue(RigConfigYaml.RigKey, out var rig) && rig.Length > 0
               && values.TryGetValue(RigConfigYaml.PrefixKey, out var prefix) && prefix.Length > 0
            ? new RigConfigFile(path, rig, prefix)
            : throw CliException.Refused("bad_config",
                $"{path} does not name its rig: it needs the lines `rig: <name>` and `prefix: <prefix>` (run `bd init` to write them)");
    }

    /// <summary>Creates <c>.beads/</c> with its config as bd init does (see <see cref="BeadsFolder.Prepare"/>).</summary>
    public static RigConfigFile Create(string homeDirectory, string rig, string prefix) =>
        new(BeadsFolder.Prepare(homeDirectory, rig, prefix), rig, prefix);
}
