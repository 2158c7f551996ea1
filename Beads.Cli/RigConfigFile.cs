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

    /// <summary>Creates <c>.beads/</c> with its config as bd init does (see <see cref="RigConfigYaml.WriteRig"/>).</summary>
    public static RigConfigFile Create(string homeDirectory, string rig, string prefix) =>
        new(RigConfigYaml.WriteRig(homeDirectory, rig, prefix), rig, prefix);
}
