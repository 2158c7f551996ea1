using Akka.Configuration;
using Beads.Actors.Projection;

namespace Beads.Actors.Configuration;

/// <summary>Builds an actor system's configuration from the HOCON files in <c>hocon/</c> plus the process's overrides.</summary>
public static class BeadsConfig
{
    public const string DefaultsFile = "beads.conf";
    public const string EmbeddedStoreFile = "embedded.conf";
    public const string ServerStoreFile = "mysql.conf";

    /// <summary>Where the HOCON files are: beside the running assembly (the build copies them there).</summary>
    public static string HoconDirectory => Path.Combine(AppContext.BaseDirectory, "hocon");

    /// <summary>The overrides first, then each file in turn as a fallback, ending with <see cref="DefaultsFile"/>.</summary>
    public static Config Load(string overrides, params string[] files)
    {
        var config = ConfigurationFactory.ParseString(overrides);
        foreach (var file in files.Append(DefaultsFile))
        {
            var path = Path.Combine(HoconDirectory, file);
            if (!File.Exists(path))
                throw new FileNotFoundException(
                    $"the actor system's configuration file {path} is missing: rebuild, which copies hocon/*.conf beside the binaries", path);
            config = config.WithFallback(ConfigurationFactory.ParseString(File.ReadAllText(path)));
        }
        return config;
    }

    /// <summary>The embedded store on a SQLite file: the journal, the snapshots and the projected tables share it.</summary>
    public static Config Embedded(string databaseFile, string overrides = "") =>
        OnStore(EmbeddedStore.ConnectionString(databaseFile), ProjectionSettings.SqliteDialectName, EmbeddedStoreFile, overrides);

    /// <summary>The store on a MySQL-protocol server (Dolt, MariaDB, MySQL): the journal, the snapshots and the projected tables share it.</summary>
    public static Config Server(string connectionString, string overrides = "") =>
        OnStore(ServerStore.ConnectionString(connectionString), ProjectionSettings.MySqlDialectName, ServerStoreFile, overrides);

    private static Config OnStore(string connectionString, string dialect, string storeFile, string overrides)
    {
        var connection = Quote(connectionString);
        return Load($"""
            {overrides}
            akka.persistence.journal.sql.connection-string = {connection}
            akka.persistence.query.journal.sql.connection-string = {connection}
            akka.persistence.snapshot-store.sql.connection-string = {connection}
            akka.persistence.journal.sharding.connection-string = {connection}
            akka.persistence.snapshot-store.sharding.connection-string = {connection}
            {ProjectionSettings.Section}.connection-string = {connection}
            {ProjectionSettings.Section}.dialect = {dialect}
            """, storeFile);
    }

    public static string Quote(string value) => $"\"{value.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"";
}
