using Beads.Actors.Persistence;
using MySqlConnector;

namespace Beads.Actors.Configuration;

/// <summary>
/// The store on a MySQL-protocol server: Dolt in production, MariaDB or MySQL 8 where Dolt is not installed.
/// </summary>
public static class ServerStore
{
    private const string Example = "Server=127.0.0.1;Port=3307;Database=beads;User=root";

    /// <summary>
    /// The connection string with <c>Allow User Variables</c> on, whatever was given: Akka.Persistence.Sql's own MySQL
    /// statements (its table-creation script) use @-variables, which MySqlConnector refuses without it. With our own
    /// DDL the plugin never runs that script, but the store must not break when someone turns auto-initialize on.
    /// </summary>
    public static string ConnectionString(string connectionString, string origin = "the database connection string") =>
        Parse(connectionString, origin).ConnectionString;

    /// <summary>Creates the database if it is missing, then our tables; fails with what to fix when it cannot.</summary>
    public static void Prepare(string connectionString, string origin)
    {
        var settings = Parse(connectionString, origin);
        try
        {
            using var connection = OpenCreatingDatabase(settings);
            SchemaInstaller.Install(connection, SqlDialect.MySql, Describe(settings));
        }
        catch (MySqlException e)
        {
            throw new StoreSetupException($"cannot use {Describe(settings)}, named by {origin}: {e.Message.TrimEnd('.')}. {Advice(e, origin)}", e);
        }
    }

    private static MySqlConnectionStringBuilder Parse(string connectionString, string origin)
    {
        MySqlConnectionStringBuilder settings;
        try
        {
            settings = new MySqlConnectionStringBuilder(connectionString) { AllowUserVariables = true };
        }
        catch (ArgumentException e)
        {
            throw new StoreSetupException($"{origin} is not a valid connection string ({e.Message}); write it like {Example}", e);
        }
        if (string.IsNullOrWhiteSpace(settings.Database))
            throw new StoreSetupException($"the connection string in {origin} names no database: add one, like {Example}");
        return settings;
    }

    private static MySqlConnection OpenCreatingDatabase(MySqlConnectionStringBuilder settings)
    {
        try
        {
            return Open(settings);
        }
        catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.UnknownDatabase)
        {
            CreateDatabase(settings);
            return Open(settings);
        }
    }

    private static MySqlConnection Open(MySqlConnectionStringBuilder settings)
    {
        var connection = new MySqlConnection(settings.ConnectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void CreateDatabase(MySqlConnectionStringBuilder settings)
    {
        var withoutDatabase = new MySqlConnectionStringBuilder(settings.ConnectionString) { Database = "" };
        using var connection = Open(withoutDatabase);
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE IF NOT EXISTS `{settings.Database.Replace("`", "``")}` " +
                              "CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
        command.ExecuteNonQuery();
    }

    // Never the password: this text ends up in logs and terminals.
    /// <summary>Server, port, database and user, never the password: safe for logs, errors and `bd where`.</summary>
    public static string Describe(string connectionString) => Describe(Parse(connectionString, "the connection string"));

    private static string Describe(MySqlConnectionStringBuilder settings) =>
        $"the database '{settings.Database}' on the server {settings.Server}:{settings.Port} as user '{settings.UserID}'";

    private static string Advice(MySqlException e, string origin) => e.ErrorCode switch
    {
        MySqlErrorCode.UnableToConnectToHost =>
            $"Start the server (Dolt: `dolt sql-server --port 3307`), or correct Server and Port in {origin}, or unset " +
            $"{origin} to keep the store in the embedded SQLite file",
        MySqlErrorCode.AccessDenied or MySqlErrorCode.DatabaseAccessDenied or MySqlErrorCode.TableAccessDenied =>
            $"Correct User and Password in {origin}, or grant that user all privileges on the database",
        _ => $"Check that {origin} names a MySQL 8, MariaDB 10.11+ or Dolt server and a database that user may change",
    };
}
