using Microsoft.Data.Sqlite;

namespace Beads.Actors.Configuration;

/// <summary>The embedded SQLite database file that holds a host's journal and snapshots.</summary>
public static class EmbeddedStore
{
    public const string FileName = "beads.db";

    public static string ConnectionString(string databaseFile) =>
        new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = true, DefaultTimeout = 30 }.ToString();

    /// <summary>
    /// Creates the file's directory and switches the database to write-ahead logging, so that readers never wait for
    /// the writer and a commit costs one append instead of a rewrite of the rollback journal.
    /// </summary>
    public static void Prepare(string databaseFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databaseFile))!);
        using var connection = new SqliteConnection(ConnectionString(databaseFile));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }
}
