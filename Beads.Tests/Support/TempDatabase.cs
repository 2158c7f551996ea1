using Akka.Configuration;
using Beads.Actors.Configuration;
using Microsoft.Data.Sqlite;

namespace Beads.Tests.Support;

/// <summary>A fresh embedded store in its own temporary folder, removed when the test ends.</summary>
public sealed class TempDatabase : IDisposable
{
    private TempDatabase(string directory)
    {
        Directory = directory;
        EmbeddedStore.Prepare(File);
    }

    public string Directory { get; }
    public string File => Path.Combine(Directory, EmbeddedStore.FileName);

    public static TempDatabase Create() =>
        new(System.IO.Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "beads-tests", Guid.NewGuid().ToString("N"))).FullName);

    /// <summary>The embedded configuration on this database; <paramref name="overrides"/> win over it.</summary>
    public Config Config(string overrides = "") => BeadsConfig.Embedded(File, overrides);

    /// <summary>The same, on a plain local actor system: no cluster, for tests of a rig actor on its own.</summary>
    public Config LocalConfig(string overrides = "") => Config($"""
        akka.actor.provider = local
        akka.loglevel = WARNING
        {overrides}
        """);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { /* a file still held open: it is in the temp folder and harmless */ }
    }
}
