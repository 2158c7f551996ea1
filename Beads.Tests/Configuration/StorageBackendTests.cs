using System.Net;
using System.Net.Sockets;
using Akka.Configuration;
using Beads.Actors.Configuration;
using Beads.Actors.Persistence;
using MySqlConnector;
using Xunit;

namespace Beads.Tests.Configuration;

public sealed class StorageBackendTests
{
    private const string File = "/data/beads.db";
    private static readonly Config NoServer = BeadsConfig.Load("");
    private static readonly Config ServerInHocon = BeadsConfig.Load($"""{StorageBackend.ServerSetting} = "Server=hocon;Database=beads" """);

    [Fact]
    public void Without_a_connection_string_the_store_is_the_embedded_file()
    {
        Assert.Equal(new StorageBackend.Embedded(File), StorageBackend.Select(File, null, NoServer));
        Assert.Equal(new StorageBackend.Embedded(File), StorageBackend.Select(File, " ", NoServer));
    }

    [Fact]
    public void A_connection_string_in_HOCON_moves_the_store_to_that_server()
    {
        Assert.Equal(new StorageBackend.Server("Server=hocon;Database=beads", StorageBackend.ServerSetting),
            StorageBackend.Select(File, null, ServerInHocon));
    }

    [Fact]
    public void BEADS_DB_wins_over_HOCON()
    {
        Assert.Equal(new StorageBackend.Server("Server=env;Database=beads", StorageBackend.ServerVariable),
            StorageBackend.Select(File, "Server=env;Database=beads", ServerInHocon));
    }

    [Fact]
    public void The_server_configuration_uses_the_MySqlConnector_provider_and_never_lets_the_plugin_create_tables()
    {
        var config = BeadsConfig.Server("Server=127.0.0.1;Port=3307;Database=beads;User=root");

        foreach (var plugin in new[] { "journal.sql", "snapshot-store.sql" })
        {
            Assert.Equal("MySqlConnector", config.GetString($"akka.persistence.{plugin}.provider-name"));
            Assert.False(config.GetBoolean($"akka.persistence.{plugin}.auto-initialize"));
            Assert.Equal("read-committed", config.GetString($"akka.persistence.{plugin}.read-isolation-level"));
            Assert.True(new MySqlConnectionStringBuilder(config.GetString($"akka.persistence.{plugin}.connection-string")).AllowUserVariables);
        }
        Assert.False(BeadsConfig.Embedded(File).GetBoolean("akka.persistence.journal.sql.auto-initialize"));
    }

    [Fact]
    public void Allow_User_Variables_is_turned_on_whatever_the_connection_string_says()
    {
        var settings = new MySqlConnectionStringBuilder(
            ServerStore.ConnectionString("Server=db;Database=beads;Allow User Variables=false"));

        Assert.True(settings.AllowUserVariables);
        Assert.Equal(("db", "beads"), (settings.Server, settings.Database));
    }

    [Fact]
    public void A_connection_string_that_cannot_be_parsed_or_names_no_database_is_refused_with_an_example()
    {
        var garbled = Assert.Throws<StoreSetupException>(() => ServerStore.Prepare("Servr=db;Database=beads", "BEADS_DB"));
        var noDatabase = Assert.Throws<StoreSetupException>(() => ServerStore.Prepare("Server=db", "BEADS_DB"));

        Assert.StartsWith("BEADS_DB is not a valid connection string", garbled.Message);
        Assert.Contains("names no database", noDatabase.Message);
        Assert.All([garbled, noDatabase], e => Assert.Contains("Server=127.0.0.1;Port=3307;Database=beads;User=root", e.Message));
    }

    [Fact]
    public void A_server_that_cannot_be_reached_is_reported_with_its_address_and_what_to_do_but_never_the_password()
    {
        var port = PortWithNothingListening();

        var refusal = Assert.Throws<StoreSetupException>(() =>
            ServerStore.Prepare($"Server=127.0.0.1;Port={port};Database=beads;User=agent;Password=s3cret", "BEADS_DB"));

        Assert.Contains($"the database 'beads' on the server 127.0.0.1:{port} as user 'agent'", refusal.Message);
        Assert.Contains("named by BEADS_DB", refusal.Message);
        Assert.Contains("Start the server", refusal.Message);
        Assert.DoesNotContain("s3cret", refusal.Message);
    }

    [Fact]
    public void An_embedded_store_that_cannot_be_created_names_the_file_and_the_way_out()
    {
        var blocker = Path.GetTempFileName(); // a file where the data directory should be
        try
        {
            var file = Path.Combine(blocker, "beads.db");
            var refusal = Assert.Throws<StoreSetupException>(() => new StorageBackend.Embedded(file).Prepare());

            Assert.Contains(file, refusal.Message);
            Assert.Contains("--data-dir", refusal.Message);
        }
        finally
        {
            System.IO.File.Delete(blocker);
        }
    }

    private static int PortWithNothingListening()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
