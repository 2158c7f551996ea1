using System.Text;
using Beads.Protocol;

namespace Beads.Cli;

/// <summary>
/// The rig's <c>.beads/config.yaml</c>: which rig this folder belongs to and its id prefix. Found like git finds
/// <c>.git</c>: in the working directory or the nearest folder above it.
/// </summary>
public sealed record RigConfigFile(string Path, string Rig, string Prefix)
{
    public static RigConfigFile? FindFrom(string directory)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            var path = BeadsFolder.ConfigIn(current.FullName);
            if (File.Exists(path)) return Read(path);
        }
        return null;
    }

    public static RigConfigFile Read(string path)
    {
        var values = ReadKeys(path);
        return values.TryGetValue("rig", out var rig) && values.TryGetValue("prefix", out var prefix)
            ? new RigConfigFile(path, rig, prefix)
            : throw CliException.Refused("bad_config",
                $"{path} does not name its rig: it needs the lines `rig: <name>` and `prefix: <prefix>` (run `bd init` to write them)");
    }

    private static bool IsKey(string line, string key) =>
        line.StartsWith(key, StringComparison.Ordinal) && line[key.Length..].TrimStart().StartsWith(':');

    /// <summary>Top-level <c>key: value</c> lines; enough YAML for a file bd writes itself, without a YAML library in the AOT binary.</summary>
    private static Dictionary<string, string> ReadKeys(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || char.IsWhiteSpace(line[0]) || line[0] == '#') continue;
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var value = line[(colon + 1)..];
            var comment = value.IndexOf(" #", StringComparison.Ordinal);
            if (comment >= 0) value = value[..comment];
            values[line[..colon].Trim()] = value.Trim().Trim('"', '\'');
        }
        return values;
    }

    /// <summary>
    /// Creates <c>.beads/</c> with its config and a .gitignore for the files that stay on this machine. An existing
    /// config keeps every other line (sync settings, comments): only its rig and prefix lines are set.
    /// </summary>
    public static RigConfigFile Create(string homeDirectory, string rig, string prefix)
    {
        var folder = BeadsFolder.In(homeDirectory);
        Directory.CreateDirectory(folder);
        var path = BeadsFolder.ConfigIn(homeDirectory);
        var kept = File.Exists(path)
            ? File.ReadAllLines(path).Where(line => !IsKey(line, "rig") && !IsKey(line, "prefix")).ToList()
            : ["# Beads rig settings. The rig's issues live in the Beads host's store; issues.jsonl here is their export."];
        var at = kept.FindIndex(line => !line.StartsWith('#'));
        kept.InsertRange(at < 0 ? kept.Count : at, [$"rig: {rig}", $"prefix: {prefix}"]);
        var text = Encoding.UTF8.GetBytes(string.Join('\n', kept).TrimEnd('\n') + "\n");
        AtomicFile.Write(path, stream => stream.Write(text));
        var gitignore = System.IO.Path.Combine(folder, ".gitignore");
        if (!File.Exists(gitignore)) File.WriteAllText(gitignore, BeadsFolder.GitIgnore);
        return new RigConfigFile(path, rig, prefix);
    }
}
