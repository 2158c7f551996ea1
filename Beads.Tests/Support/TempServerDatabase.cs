using System.Data.Common;
using Beads.Actors.Configuration;
using MySqlConnector;

namespace Beads.Tests.Support;

/// <summary>A fresh database (test_&lt;guid&gt;) with our tables on the <see cref="TestServer"/>, dropped when the test ends.</summary>
public sealed class TempServerDatabase : TestStore
{
    private TempServerDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        Storage = new StorageBackend.Server(connectionString, TestServer.Variable);
        Storage.Prepare(); // creates the database too
    }

    public string ConnectionString { get; }
    public override StorageBackend Storage { get; }

    public static TempServerDatabase Create() =>
        new(new MySqlConnectionStringBuilder(TestServer.ConnectionString) { Database = $"test_{Guid.NewGuid():N}" }.ConnectionString);

    public override DbConnection OpenConnection()
    {
        var connection = new MySqlConnection(ServerStore.ConnectionString(ConnectionString));
        connection.Open();
        return connection;
    }

    public override void Dispose()
    {
        var settings = new MySqlConnectionStringBuilder(ServerStore.ConnectionString(ConnectionString));
        using (var pooled = new MySqlConnection(settings.ConnectionString)) MySqlConnection.ClearPool(pooled);
        var database = settings.Database;
        settings.Database = "";
        using var connection = new MySqlConnection(settings.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS `{database}`";
        command.ExecuteNonQuery();
    }
}
