using Beads.Actors.Persistence;
using Microsoft.Data.Sqlite;

namespace Beads.Actors.Configuration;

/// <summary>The embedded SQLite database file that holds a host's journal and snapshots.</summary>
public static class EmbeddedStore
{
    public const string FileName = "beads.db";

    public static string ConnectionString(string databaseFile) =>
        new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = true, DefaultTimeout = 30 }.ToString();

    /// <summary>
    /// Creates the file's directory and our tables, and switches the database to write-ahead logging, so that readers
    /// never wait for the writer and a commit costs one append instead of a rewrite of the rollback journal.
    /// </summary>
    public static void Prepare(string databaseFile)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databaseFile))!);
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
}
