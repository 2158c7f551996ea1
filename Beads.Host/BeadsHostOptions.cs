using Beads.Actors.Configuration;

namespace Beads.Host;

/// <summary>Where the host keeps its data (<c>--data-dir</c>, BEADS_DATA_DIR, else the user's data folder) and how its actor system is set up.</summary>
/// <param name="HoconOverrides">HOCON that wins over the files in <c>hocon/</c>, such as a shorter passivation time.</param>
/// <param name="DatabaseServer">
/// A MySQL-protocol server's connection string (from <c>BEADS_DB</c>) that moves the store off the embedded file.
/// </param>
public sealed record BeadsHostOptions(string DataDirectory, string HoconOverrides = "", string? DatabaseServer = null)
{
    public string DatabaseFile => Path.Combine(DataDirectory, EmbeddedStore.FileName);

    /// <summary>
    /// <see cref="DatabaseServer"/>, else <c>beads.storage.connection-string</c>, else the embedded file. Reads the
    /// HOCON each time: call it once at startup and keep the result.
    /// </summary>
    public StorageBackend SelectStorage() =>
        StorageBackend.Select(DatabaseFile, DatabaseServer, BeadsConfig.Load(HoconOverrides));

    public static BeadsHostOptions From(HostSettings settings, TextWriter? warnings = null) => new(
        Protocol.DataDirectory.Resolve(settings.DataDirectory), ClusterNodeOptions.From(settings).ToHocon(),
        DatabaseServer: ConnectionStringOf(settings.DatabaseServer, warnings ?? Console.Error));

    /// <summary>
    /// BEADS_DB as a server's connection string. beads-ui and beads' MCP server export BEADS_DB as the path of beads'
    /// SQLite file, and a host that bd starts inherits it: a value with no <c>key=value</c> in it is such a path, which
    /// the host names in a warning and leaves alone, keeping its own store.
    /// </summary>
    private static string? ConnectionStringOf(string? value, TextWriter warnings)
    {
        if (value is null || value.Contains('=')) return value;
        warnings.WriteLine($"warning: {StorageBackend.ServerVariable}={value} is a file path (beads' clients export their SQLite " +
                           "database so), not a MySQL connection string such as Server=host;Database=beads: ignored, the host " +
                           "keeps its own store");
        return null;
    }
}
