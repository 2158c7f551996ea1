using Akka.Configuration;
using Beads.Actors.Configuration;

namespace Beads.Host;

/// <summary>Where the host keeps its data, from <c>--data-dir</c>, then <c>BEADS_DATA_DIR</c>, then the user's data folder.</summary>
/// <param name="HoconOverrides">HOCON that wins over the files in <c>hocon/</c>, such as a shorter passivation time.</param>
public sealed record BeadsHostOptions(string DataDirectory, string HoconOverrides = "")
{
    public string DatabaseFile => Path.Combine(DataDirectory, EmbeddedStore.FileName);

    /// <summary>What the health endpoint and <c>bd where</c> say about storage.</summary>
    public string StorageDescription => $"embedded sqlite {DatabaseFile}";

    public Config ActorSystemConfig() => BeadsConfig.Embedded(DatabaseFile, HoconOverrides);

    public static BeadsHostOptions From(string[] args)
    {
        var index = Array.IndexOf(args, "--data-dir");
        var fromArgs = index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        var directory = fromArgs
                        ?? Environment.GetEnvironmentVariable("BEADS_DATA_DIR")
                        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData,
                            Environment.SpecialFolderOption.Create), "beads");
        return new BeadsHostOptions(Path.GetFullPath(directory));
    }
}
