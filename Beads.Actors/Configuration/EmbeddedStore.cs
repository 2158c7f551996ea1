using Akka.Persistence.Sql.Config;
using Beads.Actors.Persistence;
using LinqToDB;
using Microsoft.Data.Sqlite;

namespace Beads.Actors.Configuration;

/// <summary>The embedded SQLite database file that holds a host's journal, snapshots and projected tables.</summary>
public static class EmbeddedStore
{
    public const string FileName = "beads.db";

    public static string ConnectionString(string databaseFile) =>
        new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = true, DefaultTimeout = 30 }.ToString();

    /// <summary>
    /// How the journal and snapshot plugins reach the file: its connection string, and a busy timeout and the -wal
    /// file's size limit on every connection they open, since they share the file's one write lock with the projection
    /// writers (see <see cref="SqliteDialect.EveryConnection"/>).
    /// </summary>
    public static DataOptionsSetup PluginSetup(string databaseFile) => new(new DataOptions()
        .UseConnectionString(ProviderName.SQLiteMS, ConnectionString(databaseFile))
        .UseAfterConnectionOpened(
            connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = SqliteDialect.EveryConnection;
                command.ExecuteNonQuery();
            },
            async (connection, cancellation) =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = SqliteDialect.EveryConnection;
                await command.ExecuteNonQueryAsync(cancellation);
            }));

    /// <summary>
    /// Creates the file's directory and our tables, and switches the database to write-ahead logging, so that readers
    /// never wait for the writer and a commit costs one append instead of a rewrite of the rollback journal. The file
    /// is its owner's alone (0600), and so are its -wal and -shm, which SQLite makes with the database file's mode:
    /// they hold every issue.
    /// </summary>
    public static void Prepare(string databaseFile)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databaseFile))!);
            MakePrivate(databaseFile);
            using var connection = new SqliteConnection(ConnectionString(databaseFile));
            connection.Open();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA journal_mode=WAL;";
                command.ExecuteNonQuery();
            }
            SchemaInstaller.Install(connection, SqlDialect.Sqlite, $"the embedded store {databaseFile}");
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new StoreSetupException(
                $"cannot use the embedded store {databaseFile}: {e.Message.TrimEnd('.')}. Check that its folder is writable and " +
                "that the file is a Beads database, or choose another data directory (--data-dir, BEADS_DATA_DIR)", e);
        }
    }

    private static void MakePrivate(string databaseFile)
    {
        if (OperatingSystem.IsWindows()) return; // no Unix modes: the folder's ACL decides
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (!File.Exists(databaseFile))
            new FileStream(databaseFile, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = ownerOnly }).Dispose();
        foreach (var file in new[] { databaseFile, $"{databaseFile}-wal", $"{databaseFile}-shm" })
        {
            if (File.Exists(file)) File.SetUnixFileMode(file, ownerOnly);
        }
    }
}
