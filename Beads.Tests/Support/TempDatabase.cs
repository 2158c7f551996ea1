using System.Data.Common;
using Beads.Actors.Configuration;
using Microsoft.Data.Sqlite;

namespace Beads.Tests.Support;

/// <summary>A fresh embedded store in its own temporary folder, removed when the test ends.</summary>
public sealed class TempDatabase : TestStore
{
    private TempDatabase(string directory)
    {
        Directory = directory;
        Storage = new StorageBackend.Embedded(File);
        Storage.Prepare();
    }

    public string Directory { get; }
    public string File => Path.Combine(Directory, EmbeddedStore.FileName);
    public override StorageBackend Storage { get; }

    public static TempDatabase Create() =>
        new(System.IO.Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "beads-tests", Guid.NewGuid().ToString("N"))).FullName);

    public override DbConnection OpenConnection()
    {
        var connection = new SqliteConnection(EmbeddedStore.ConnectionString(File));
        connection.Open();
        return connection;
    }

    public override void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { /* a file still held open: it is in the temp folder and harmless */ }
    }
}
